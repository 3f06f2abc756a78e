/** Running the real tools tests check outputs with (xmllint, pdfinfo, pdffonts, pdftotext: scripts/services/poppler.sh). */
import { spawnSync } from 'node:child_process';
import { expect } from 'vitest';

/** Runs `name` with `args`, expects success and returns its output. */
export function tool(name: string, args: string[]): string {
  const r = spawnSync(name, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${name} is missing: run scripts/services/poppler.sh (${r.error.message})`);
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

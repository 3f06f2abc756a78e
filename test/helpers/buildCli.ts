/**
 * Builds the CLI once per test run into a private folder (so concurrent runs never read each other's
 * half-written output), as `npm run build` does (compiled, assets copied, the command bundled);
 * end-to-end tests run the bundled command from there (cli.ts) through FAULTLINE_TEST_DIST.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export default function setup(): () => void {
  const root = path.resolve(import.meta.dirname, '../..');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-test-dist-'));
  try {
    execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', root, '--outDir', out, '--declaration', 'false', '--sourceMap', 'false'], {
      stdio: 'pipe',
    });
  } catch (err) {
    // Type errors still emit JavaScript; `npm test` type-checks separately before the tests run.
    const output = String((err as { stdout?: Buffer }).stdout ?? '');
    if (!fs.existsSync(path.join(out, 'cli/main.js'))) throw new Error(`build for tests failed:\n${output}`);
  }
  execFileSync(process.execPath, [path.join(root, 'scripts/copyAssets.mjs'), out]);
  execFileSync(process.execPath, [path.join(root, 'scripts/bundleCli.mjs'), out], { stdio: 'pipe' });
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(out, 'node_modules'));
  fs.writeFileSync(path.join(out, 'package.json'), fs.readFileSync(path.join(root, 'package.json')));
  process.env.FAULTLINE_TEST_DIST = out;
  return () => fs.rmSync(out, { recursive: true, force: true });
}

/** runMerge's progress: how far through the reference trace's bytes on disk, ending at its size (plain and gzip). */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { runMerge, type MergeProgress } from '../../merger/index.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/merger');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-merge-progress-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function reports(references: string): Promise<MergeProgress[]> {
  const seen: MergeProgress[] = [];
  await runMerge({ kernel: path.join(FIXTURES, 'exec.kernel.txt'), references, onProgress: (p) => void seen.push({ ...p }) });
  return seen;
}

describe('merge progress', () => {
  const plain = path.join(FIXTURES, 'exec.refs.txt');

  it('counts the reference trace\'s bytes read up to its size', async () => {
    const seen = await reports(plain);
    expect(seen.length).toBeGreaterThan(0);
    const last = seen.at(-1)!;
    expect(last.referenceBytes).toBe(fs.statSync(plain).size);
    expect(last.referenceBytesRead).toBe(last.referenceBytes);
    expect(last.referenceRecords).toBeGreaterThan(0);
  });

  it('counts compressed bytes for a gzip trace', async () => {
    const gz = path.join(dir, 'exec.refs.txt.gz');
    fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(plain)));
    const last = (await reports(gz)).at(-1)!;
    expect(last.referenceBytes).toBe(fs.statSync(gz).size);
    expect(last.referenceBytes).not.toBe(fs.statSync(plain).size);
    expect(last.referenceBytesRead).toBe(last.referenceBytes);
  });
});

/** The rule that sends a stream's reading to a worker thread, which the command also asks before it loads. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AHEAD_MIN_BYTES, readsAhead } from '../../simulators/readsAhead.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-reads-ahead-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('readsAhead', () => {
  it('takes files of at least AHEAD_MIN_BYTES, nothing else the command line may hold', () => {
    const sized = (name: string, bytes: number): string => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, '');
      fs.truncateSync(file, bytes); // sparse: no 32 MiB written
      return file;
    };
    const cores = os.availableParallelism();
    expect(readsAhead(sized('big.bin', AHEAD_MIN_BYTES))).toBe(cores > 1);
    expect(readsAhead(sized('small.bin', AHEAD_MIN_BYTES - 1))).toBe(false);
    // Option values and directories are words too.
    for (const word of ['lru', '100000', dir, path.join(dir, 'missing.bin'), `oracleGeneral:${path.join(dir, 'big.bin')}`]) expect(readsAhead(word), word).toBe(false);
  });
});

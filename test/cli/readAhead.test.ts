/**
 * The command on a stream large enough to be read ahead (simulators/readsAhead.ts): the worker the
 * command starts at its first line reads it, the results are those of the loaded trace, and a run
 * that never takes the worker (a refused option) still ends at once.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePolicySpec, getPolicy, loadTrace, simulateTrace, TraceWriter, makeCode, OP_VM_READ, OP_VM_WRITE, KIND_ANON } from '../../index.js';
import { AHEAD_MIN_BYTES } from '../../simulators/readsAhead.js';
import { cliPath, tempDir } from '../helpers/cli.js';
import { randomInt, rng } from '../helpers/random.js';

const RECORD_BYTES = 5;

/** The command, failed by a timeout rather than left hanging (spawnSync blocks the test runner's timers). */
function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cliPath(), ...args], { encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 28 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('simulate on a stream read ahead', () => {
  const dir = tempDir('faultline-read-ahead-');
  const file = path.join(dir, 'big.bin');
  // Just over the threshold: 5-byte records, pages drawn from a skewed seeded distribution.
  const records = Math.ceil(AHEAD_MIN_BYTES / RECORD_BYTES) + 1000;
  const r = rng(21);
  const w = new TraceWriter(file, { format: 'basic-named', pageSize: 4096, renumber: true });
  const pages = new Uint32Array(1 << 16);
  const codes = new Uint8Array(1 << 16);
  const read = makeCode(OP_VM_READ, KIND_ANON);
  const write = makeCode(OP_VM_WRITE, KIND_ANON);
  for (let from = 0; from < records; from += pages.length) {
    const n = Math.min(pages.length, records - from);
    for (let i = 0; i < n; i++) {
      pages[i] = r() < 0.8 ? randomInt(r, 2000) : randomInt(r, 60_000);
      codes[i] = r() < 0.3 ? write : read;
    }
    w.appendChunk(pages, codes, n);
  }
  w.close();

  it('gives the loaded trace’s results', async () => {
    // One replay of a stream that declares its counts streams (docs/performance.md, "Loaded or streamed").
    const out = run(['simulate', file, '-p', 'fifo', '-s', '1500', '--json', '-q']);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    const streamed = JSON.parse(out.stdout) as { runs: { policy: string; counters: unknown }[] };
    const { trace } = await loadTrace(file);
    const loaded = await simulateTrace(trace, { policies: [makePolicySpec(getPolicy('fifo')!)], sizes: [1500], jobs: 1 });
    expect(streamed.runs.map((x) => [x.policy, x.counters])).toEqual(loaded.runs.map((x) => [x.policy, x.counters]));
  });

  it('ends at once with a clear error when the run never reads the stream', () => {
    const out = run(['simulate', file, '-p', 'nosuch', '-s', '100']);
    expect(out.status).toBe(2);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stderr).toMatch(/^faultline: unknown policy "nosuch"/);
  });
});

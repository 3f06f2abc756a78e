/**
 * The collector's committed example (test/fixtures/collector/sort-gzip: sort | gzip traced by
 * `faultline collect`, see COMMAND.md there) goes through the whole pipeline: merge without a
 * warning, simulate LRU and CLOCK. The counts are pinned (the input is committed) and each is also
 * checked against the brute-force reference simulator.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MergeSummary } from '../../merger/index.js';
import type { Results } from '../../simulators/index.js';
import { loadTrace } from '../../traces/index.js';
import type { CollectSummary } from '../../collector/index.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { referenceRun } from '../reference/simulator.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../fixtures/collector/sort-gzip');

describe('the sort | gzip example trace', () => {
  const dir = tempDir('faultline-collect-example-');
  const merged = path.join(dir, 'merged.bin');
  let merge: MergeSummary;

  beforeAll(() => {
    const r = runCli(['merge', path.join(EXAMPLE, 'kernel.gz'), path.join(EXAMPLE, 'refs.gz'), '-o', merged, '--strict', '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    merge = JSON.parse(r.stdout) as MergeSummary;
  });

  it('merges without a warning into the stream collect.json describes', () => {
    const collected = JSON.parse(fs.readFileSync(path.join(EXAMPLE, 'collect.json'), 'utf8')) as CollectSummary;
    expect(merge.warnings).toEqual({});
    expect(merge.processes).toBe(collected.processes);
    expect(merge.threads).toBe(collected.threads);
    expect(merge.referenceRecords).toBe(collected.referenceRecords);
    expect(merge.kernelRecords).toBe(collected.kernelRecords);
    expect(merge.processes).toBe(3);
    expect(merge.references.total).toBe(54_381);
    expect(merge.pages).toEqual({ total: 491, anonymous: 190, file: 301, sharedMemory: 0 });
    // the pipe between sort and gzip: read()/write() records that are not page-cache references
    expect(merge.nonFileIo).toBe(4);
  });

  it('LRU and CLOCK fault counts, pinned and equal to the brute-force simulator', async () => {
    const out = path.join(dir, 'results');
    const r = runCli(['simulate', merged, '-p', 'lru,clock', '-s', '64,128,256', '-o', out, '--quiet']);
    expect(r.status).toBe(0);
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
    const faults = Object.fromEntries(results.runs.map((run) => [`${run.policy} ${run.frames}`, run.counters.faults]));
    expect(faults).toEqual({ 'lru 64': 2597, 'lru 128': 1197, 'lru 256': 536, 'clock 64': 2790, 'clock 128': 1267, 'clock 256': 554 });
    const { trace } = await loadTrace(merged);
    const pages = Array.from(trace.pages.subarray(0, trace.length));
    const codes = Array.from(trace.codes.subarray(0, trace.length));
    for (const run of results.runs) {
      const brute = referenceRun(pages, codes, run.frames, run.policy as 'lru' | 'clock');
      expect(run.counters.faults).toBe(brute.faults);
      expect(run.counters.writebacks).toBe(brute.writebacks);
    }
    // every page's first reference is a fault; at 491 frames LRU has no other
    expect(referenceRun(pages, codes, 491, 'lru').faults).toBe(491);
  });
});

/**
 * Progress of long work: curves report records replayed during a one-pass curve (not only at its
 * end) and after each replay; the CLI shows rate and ETA, and in a log prints plain lines only for
 * runs that last.
 */
import { describe, expect, it } from 'vitest';
import { computeCurves, parsePolicyList, traceFromRecords } from '../../index.js';
import { RECORDS, createTaskProgress, progressLine, rateProgress } from '../../cli/taskProgress.js';
import { TICK_RECORDS } from '../../simulators/onePass/depthCounters.js';
import { rng } from '../helpers/random.js';

/** A trace of `n` references over `universe` pages (typed arrays: millions of records in a test). */
function bigTrace(n: number, universe: number, seed: number) {
  const r = rng(seed);
  const pages = new Uint32Array(n);
  const codes = new Uint8Array(n);
  for (let i = 0; i < n; i++) pages[i] = i < universe ? i : Math.floor(r() * universe);
  return traceFromRecords({ name: 'big', format: 'basic', pageSize: 4096 }, pages, codes);
}

describe('curve progress, in records replayed', () => {
  const n = 2 * TICK_RECORDS + 1000;
  const trace = bigTrace(n, 1000, 3);

  for (const policy of ['lru', 'opt', 'lru-k']) {
    it(`${policy}: a one-pass curve reports during its pass`, async () => {
      const seen: [number, number][] = [];
      await computeCurves(trace, { specs: parsePolicyList([policy]), sizes: [10, 100, 1000], onePass: true, onProgress: (d, t) => seen.push([d, t]) });
      // Ticks at records 0, 2^20 and 2^21 of the pass, then the pass done: one pass of n records.
      expect(seen).toEqual([[0, n], [TICK_RECORDS, n], [2 * TICK_RECORDS, n], [n, n]]);
    });
  }

  it('per-size replays report one pass each; with a partition both sub-streams count into one pass', async () => {
    const seen: number[] = [];
    await computeCurves(trace, { specs: parsePolicyList(['fifo']), sizes: [10, 100], jobs: 1, onProgress: (d, t) => (expect(t).toBe(2 * n), seen.push(d)) });
    expect(seen).toEqual([n, 2 * n]);
  });
});

describe('progress lines', () => {
  it('counts records compactly, with their rate, elapsed time and ETA', () => {
    // 3,000,000 of 12,000,000 records in 2 s: 1.5 M records/s, 9,000,000 left at that rate is 6 s.
    expect(progressLine({ done: 3e6, total: 12e6, failed: 0, elapsedSeconds: 2, etaSeconds: 6 }, RECORDS)).toBe('3.00 M/12.00 M records · 1.50 M records/s · elapsed 0:02 · ETA 0:06');
    expect(progressLine({ done: 3, total: 10, failed: 1, elapsedSeconds: 6, etaSeconds: 14 })).toBe('3/10 tasks (1 failed) · 2.0 s/task · elapsed 0:06 · ETA 0:14');
  });

  it('takes the ETA from the rate so far', async () => {
    const states: { done: number; etaSeconds?: number; elapsedSeconds: number }[] = [];
    const report = rateProgress({ update: (s) => states.push(s), note: () => {}, done: () => {} });
    report(0, 100);
    await new Promise((r) => setTimeout(r, 50));
    report(25, 100);
    expect(states[0]!.etaSeconds).toBeUndefined();
    // A quarter done: three times the elapsed time left.
    expect(states[1]!.etaSeconds! / states[1]!.elapsedSeconds).toBeCloseTo(3, 5);
  });

  it('follows a change of pace: the ETA comes from the last ten seconds', () => {
    let clock = 0;
    const states: { done: number; etaSeconds?: number }[] = [];
    const report = rateProgress({ update: (s) => states.push(s), note: () => {}, done: () => {} }, () => clock);
    // A look-ahead reads half the work in 1 s, then the curve goes at 1 per second.
    for (const [at, done] of [[0.5, 25], [1, 50], [5, 54], [11, 60], [16, 65], [21, 70]] as const) {
      clock = at * 1000;
      report(done, 100);
    }
    const eta = states.map((s) => s.etaSeconds);
    // At 1 s: 50 left at 50 per second. At 5 s (window still from the start): 46 left at 54 per 5 s.
    expect(eta[1]).toBeCloseTo(1, 9);
    expect(eta[2]).toBeCloseTo((46 * 5) / 54, 9);
    // At 21 s the window starts at the report of 11 s (60 done): 10 done in 10 s, 30 left is 30 s.
    // The average since the start (70 in 21 s) would have said 9 s.
    expect(eta[5]).toBeCloseTo(30, 9);
    // At 16 s the window reaches back to the report of 5 s (the last at or before 6 s): 11 in 11 s.
    expect(eta[4]).toBeCloseTo(35, 9);
  });

  it('in a log, prints nothing for work shorter than its period, and plain lines for longer work', async () => {
    const written: string[] = [];
    const stream = { isTTY: false, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    const short = createTaskProgress('simulate', false, 10, { stream, unit: RECORDS, longOnly: true });
    const report = rateProgress(short);
    report(0, 100);
    report(100, 100);
    short.done();
    expect(written).toEqual([]);
    const long = createTaskProgress('simulate', false, 0.05, { stream, unit: RECORDS, longOnly: true });
    const longReport = rateProgress(long);
    longReport(10, 100);
    await new Promise((r) => setTimeout(r, 80));
    longReport(50, 100);
    longReport(100, 100);
    long.done();
    expect(written).toHaveLength(2);
    expect(written[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z simulate: 50\/100 records · .* records\/s · elapsed 0:00 · ETA 0:00\n$/);
    expect(written[1]).toMatch(/simulate: 100\/100 records · .* · elapsed 0:00\n$/);
  });
});

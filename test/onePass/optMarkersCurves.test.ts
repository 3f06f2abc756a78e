import { describe, expect, it } from 'vitest';
import { computeCurves, getPolicy, makePolicySpec, runPolicy, type LoadedTrace } from '../../index.js';
import { OP_RELEASE, OP_VM_READ, traceFromRecords } from '../../traces/index.js';
import { PriorityStack, optDepthCounters, optPriorityDepthCounters } from '../../simulators/onePass/index.js';
import { optMarkersDepthCounters } from '../../simulators/onePass/optMarkersCurves.js';
import { OptFutureStack, OptLookAhead } from '../../simulators/onePass/optStreamedFuture.js';
import { nextUseOf } from '../../policies/structures/nextUse.js';
import { referenceCounters } from '../reference/driver.js';
import { BruteOpt } from '../reference/opt.js';
import { randomTrace } from '../helpers/randomStreams.js';
import { rng, randomInt } from '../helpers/random.js';
import { allSizes, randomCase } from './streams.js';

/** Streams without releases, with a warm-up anywhere from record 0 to past the end. */
function caseFor(seed: number): { trace: LoadedTrace; warmup: number } {
  const r = rng(seed * 6271);
  const trace = randomTrace(seed, { length: 1 + randomInt(r, 500), universe: 1 + randomInt(r, 70), named: seed % 2 === 0, releaseRate: 0, writeRate: r(), hotRate: r() });
  const warmup = seed % 5 === 0 ? trace.length + randomInt(r, 3) : randomInt(r, trace.length + 1);
  return { trace, warmup };
}

/** Every page's position just before record `w`, by Mattson's priority stack (OPT's badness as in priorityCurves.ts). */
function priorityPositionsAt(trace: LoadedTrace, w: number): Uint32Array {
  const next = nextUseOf(trace);
  const stack = new PriorityStack(trace.pageCount);
  for (let i = 0; i < w; i++) {
    const p = trace.pages[i]!;
    stack.reference(p, next[i]! < trace.length ? next[i]! : trace.length + (trace.pageCount - p));
  }
  const positions = new Uint32Array(trace.pageCount);
  stack.forEachPage((p, d) => (positions[p] = d));
  return positions;
}

/** Every page's position just before record `w` as OPT's pass gives it: the look-ahead, then the engine over records [0, w). */
function optPositionsAt(trace: LoadedTrace, w: number): Uint32Array {
  const ahead = new OptLookAhead(trace.pageCount, { records: w });
  ahead.feed(trace.pages, trace.codes, trace.length);
  const stack = new OptFutureStack(trace.pageCount, ahead.finish());
  for (let i = 0; i < w; i++) stack.reference(trace.pages[i]!, i);
  const positions = new Uint32Array(trace.pageCount);
  if (w > 0) stack.forEachPage((p, d) => (positions[p] = d));
  return positions;
}

describe('OPT by critical markers with a warm-up', () => {
  const opt = makePolicySpec(getPolicy('opt'));

  it('finds every page position mid-trace as the priority stack does, on 300 seeded streams', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const { trace } = caseFor(seed);
      for (const w of [0, 1, trace.length >> 1, trace.length]) {
        expect(Array.from(optPositionsAt(trace, w)), `seed ${seed}, at ${w}`).toEqual(Array.from(priorityPositionsAt(trace, w)));
      }
    }
  });

  it('equals the priority stack and per-size OPT replays (every counter, every size) on 400 seeded streams', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const { trace, warmup } = caseFor(seed);
      const sizes = allSizes(trace);
      const fast = optDepthCounters(trace, warmup).counters(sizes);
      expect(fast, `seed ${seed}, warm-up ${warmup}: priority stack`).toEqual(optPriorityDepthCounters(trace, warmup).counters(sizes));
      sizes.forEach((frames, k) => {
        expect(fast[k], `seed ${seed}, ${frames} frames, warm-up ${warmup}`).toEqual(runPolicy(trace, opt, { frames, warmupRecords: warmup }).counters);
      });
    }
  });

  it('keeps the positions through squeezes (long streams, small slot arrays)', () => {
    for (const [seed, universe] of [[11, 40], [12, 300], [13, 2000]] as const) {
      const r = rng(seed);
      const pages = Array.from({ length: 20000 }, () => Math.floor(universe * r() ** 2));
      const long: LoadedTrace = { name: 'long', format: 'basic', pageSize: 4096, pages: Uint32Array.from(pages), codes: new Uint8Array(pages.length), length: pages.length, pageCount: universe, references: pages.length, releases: 0 };
      const sizes = allSizes(long);
      for (const warmup of [5000, 15000]) {
        expect(optMarkersDepthCounters(long, warmup, { initialCapacity: 512 }).counters(sizes), `seed ${seed}, warm-up ${warmup}`).toEqual(optPriorityDepthCounters(long, warmup).counters(sizes));
      }
    }
  });
});

describe('OPT by critical markers with releases', () => {
  const opt = makePolicySpec(getPolicy('opt'));

  it('equals the priority stack and per-size OPT replays (every counter, every size) on 600 seeded streams with releases and warm-ups', () => {
    let releases = 0;
    let warmups = 0;
    for (let seed = 1; seed <= 600; seed++) {
      const { trace, warmup } = randomCase(seed);
      releases += trace.releases;
      if (trace.releases > 0 && warmup > 0) warmups++;
      const sizes = allSizes(trace);
      const fast = optDepthCounters(trace, warmup).counters(sizes);
      expect(fast, `seed ${seed}, warm-up ${warmup}: priority stack`).toEqual(optPriorityDepthCounters(trace, warmup).counters(sizes));
      sizes.forEach((frames, k) => {
        expect(fast[k], `seed ${seed}, ${frames} frames, warm-up ${warmup}`).toEqual(runPolicy(trace, opt, { frames, warmupRecords: warmup }).counters);
      });
    }
    expect(releases).toBeGreaterThan(3000);
    expect(warmups).toBeGreaterThan(250);
  });

  it('equals brute-force MIN with releases and warm-ups on 150 seeded streams', () => {
    for (let seed = 2001; seed <= 2150; seed++) {
      const { trace, warmup: w } = randomCase(seed);
      // The brute-force driver resets its counters at the warm-up record, so it needs one.
      const warmup = Math.min(w, trace.length - 1);
      const sizes = allSizes(trace);
      const fast = optDepthCounters(trace, warmup).counters(sizes);
      const pages = Array.from(trace.pages);
      const codes = Array.from(trace.codes);
      sizes.forEach((frames, k) => {
        const slow = referenceCounters(pages, codes, new BruteOpt(frames, pages, codes), warmup).counters;
        expect(fast[k], `seed ${seed}, ${frames} frames, warm-up ${warmup}`).toEqual(slow);
      });
    }
  });

  it('keeps release depths through squeezes and deep non-live orders (long streams, small slot arrays)', () => {
    for (const [seed, universe, releaseRate] of [[21, 40, 0.05], [22, 300, 0.01], [23, 2000, 0.03], [24, 500, 0.2]] as const) {
      const trace = randomTrace(seed, { length: 20000, universe, releaseRate, writeRate: 0.3, hotRate: 0.7 });
      const sizes = allSizes(trace);
      for (const warmup of [0, 7000]) {
        expect(optMarkersDepthCounters(trace, warmup, { initialCapacity: 512 }).counters(sizes), `seed ${seed}, warm-up ${warmup}`).toEqual(optPriorityDepthCounters(trace, warmup).counters(sizes));
      }
    }
  });

  it('releases dead pages where the lowest page number was evicted first (a b c d, release c, release a)', () => {
    // a, b, c are dead after their references. 2 frames: c evicts a (lowest), d evicts b: c is
    // resident at its release, a is not. 3 frames: d evicts a. 4 frames hold all. 1 frame: d
    // evicted c. So releases of resident pages at 1..4 frames: 0, 1, 1, 2.
    const trace = traceFromRecords({ name: 'hand', format: 'basic', pageSize: 4096 }, [0, 1, 2, 3, 2, 0], [OP_VM_READ, OP_VM_READ, OP_VM_READ, OP_VM_READ, OP_RELEASE, OP_RELEASE]);
    expect(optDepthCounters(trace, 0).counters([1, 2, 3, 4]).map((c) => c.releasedResident)).toEqual([0, 1, 1, 2]);
  });

  it('equals per-size partitioned replays with releases and a warm-up (anonymous and file pools)', async () => {
    const specs = [makePolicySpec(getPolicy('opt'))];
    for (let seed = 1; seed <= 15; seed++) {
      const r = rng(seed * 31);
      const trace = randomTrace(seed, { length: 100 + randomInt(r, 400), universe: 4 + randomInt(r, 50), named: true, releaseRate: 0.05, writeRate: r() });
      const sizes = Array.from({ length: trace.pageCount + 1 }, (_, k) => k + 1);
      const req = { specs, sizes, partitions: [0.3, 0.6], unified: false, warmupRecords: randomInt(r, trace.length), jobs: 1 };
      const fast = await computeCurves(trace, { ...req, onePass: true });
      const slow = await computeCurves(trace, { ...req, perSize: true });
      expect(fast.map((p) => [p.frames, p.partition, p.counters]), `seed ${seed}`).toEqual(slow.map((p) => [p.frames, p.partition, p.counters]));
    }
  });
});

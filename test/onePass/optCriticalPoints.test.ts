import { describe, expect, it } from 'vitest';
import { getPolicy, makePolicySpec, runPolicy, type LoadedTrace } from '../../index.js';
import { optPriorityDepthCounters } from '../../simulators/onePass/index.js';
import { optCriticalDepthCounters } from '../../simulators/onePass/optCriticalPoints.js';
import { referenceCounters } from '../reference/driver.js';
import { BruteOpt } from '../reference/opt.js';
import { randomTrace } from '../helpers/randomStreams.js';
import { rng, randomInt } from '../helpers/random.js';
import { allSizes } from './streams.js';

/** Streams without releases (the method's scope): kinds, writes, skew and footprint vary with the seed. */
function caseFor(seed: number): LoadedTrace {
  const r = rng(seed * 7919);
  return randomTrace(seed, { length: 1 + randomInt(r, 500), universe: 1 + randomInt(r, 70), named: seed % 2 === 0, releaseRate: 0, writeRate: r(), hotRate: r() });
}

describe('OPT by critical points', () => {
  const opt = makePolicySpec(getPolicy('opt'));

  it('equals the priority stack and per-size OPT replays (every counter, every size) on 400 seeded streams', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const trace = caseFor(seed);
      const sizes = allSizes(trace);
      const fast = optCriticalDepthCounters(trace).counters(sizes);
      expect(fast, `seed ${seed}: priority stack`).toEqual(optPriorityDepthCounters(trace, 0).counters(sizes));
      sizes.forEach((frames, k) => {
        expect(fast[k], `seed ${seed}, ${frames} frames`).toEqual(runPolicy(trace, opt, { frames }).counters);
      });
    }
  });

  it('equals brute-force MIN on 150 seeded streams', () => {
    for (let seed = 1001; seed <= 1150; seed++) {
      const trace = caseFor(seed);
      const sizes = allSizes(trace);
      const fast = optCriticalDepthCounters(trace).counters(sizes);
      const pages = Array.from(trace.pages);
      sizes.forEach((frames, k) => {
        const slow = referenceCounters(pages, Array.from(trace.codes), new BruteOpt(frames, pages)).counters;
        expect(fast[k], `seed ${seed}, ${frames} frames`).toEqual(slow);
      });
    }
  });

  it('squeezes its point array without changing a depth (small arrays: hints one and several squeezes old)', () => {
    for (const [seed, universe, initialCapacity] of [[5, 40, 16], [6, 300, 16], [7, 300, 64], [8, 2000, 32]] as const) {
      const r = rng(seed);
      const pages = Array.from({ length: 6000 }, () => Math.floor(universe * r() ** 2));
      const trace = randomTraceFrom(pages);
      const sizes = allSizes(trace);
      expect(optCriticalDepthCounters(trace, { initialCapacity }).counters(sizes), `seed ${seed}`).toEqual(optPriorityDepthCounters(trace, 0).counters(sizes));
    }
  });

  it('gives 7 faults at 3 frames and 6 at 4 on the classic string (Belady)', () => {
    const trace = randomTraceFrom([1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5].map((p) => p - 1));
    const [three, four] = optCriticalDepthCounters(trace).counters([3, 4]);
    expect([three!.faults, four!.faults]).toEqual([7, 6]);
  });

  it('refuses a trace with releases', () => {
    const trace = randomTrace(3, { length: 200, universe: 20, releaseRate: 0.1 });
    expect(() => optCriticalDepthCounters(trace)).toThrow(/releases/);
  });
});

function randomTraceFrom(pages: number[]): LoadedTrace {
  const pageCount = Math.max(...pages) + 1;
  return { name: 'hand', format: 'basic', pageSize: 4096, pages: Uint32Array.from(pages), codes: new Uint8Array(pages.length), length: pages.length, pageCount, references: pages.length, releases: 0 };
}

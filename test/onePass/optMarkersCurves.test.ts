import { describe, expect, it } from 'vitest';
import { getPolicy, makePolicySpec, runPolicy, type LoadedTrace } from '../../index.js';
import { PriorityStack, optDepthCounters, optPriorityDepthCounters } from '../../simulators/onePass/index.js';
import { optMarkersDepthCounters, optPositionsAt } from '../../simulators/onePass/optMarkersCurves.js';
import { nextUseOf } from '../../policies/structures/nextUse.js';
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
});

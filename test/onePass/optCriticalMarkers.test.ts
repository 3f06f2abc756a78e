import { describe, expect, it } from 'vitest';
import { getPolicy, makePolicySpec, runPolicy, type LoadedTrace } from '../../index.js';
import { NOT_IN_STACK, optPriorityDepthCounters } from '../../simulators/onePass/index.js';
import { OptCriticalMarkers } from '../../simulators/onePass/optCriticalMarkers.js';
import { optMarkersDepthCounters } from '../../simulators/onePass/optMarkersCurves.js';
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

describe('OPT by critical markers', () => {
  const opt = makePolicySpec(getPolicy('opt'));

  it('equals the priority stack and per-size OPT replays (every counter, every size) on 400 seeded streams', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const trace = caseFor(seed);
      const sizes = allSizes(trace);
      const fast = optMarkersDepthCounters(trace, 0).counters(sizes);
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
      const fast = optMarkersDepthCounters(trace, 0).counters(sizes);
      const pages = Array.from(trace.pages);
      sizes.forEach((frames, k) => {
        const slow = referenceCounters(pages, Array.from(trace.codes), new BruteOpt(frames, pages)).counters;
        expect(fast[k], `seed ${seed}, ${frames} frames`).toEqual(slow);
      });
    }
  });

  it('squeezes its slots without changing a depth (small arrays that fill many times, and grow)', () => {
    for (const [seed, universe, initialCapacity] of [[5, 40, 512], [6, 300, 512], [7, 3000, 600], [8, 2000, 4096]] as const) {
      const r = rng(seed);
      const pages = Array.from({ length: 20000 }, () => Math.floor(universe * r() ** 2));
      const trace = randomTraceFrom(pages);
      const sizes = allSizes(trace);
      expect(optMarkersDepthCounters(trace, 0, { initialCapacity }).counters(sizes), `seed ${seed}`).toEqual(optPriorityDepthCounters(trace, 0).counters(sizes));
    }
  });

  it('squeezes in place to the same depth at every reference and at the end as an engine that never squeezes', () => {
    // 512 slots fill within a few hundred references here, so squeezes come often, some of them
    // growing the arrays (more than half the slots kept) and some right after the previous one.
    for (const [seed, universe] of [[11, 60], [12, 200], [13, 500], [14, 1500]] as const) {
      const r = rng(seed);
      const pages = Array.from({ length: 30000 }, () => Math.floor(universe * r() ** 3));
      const squeezed = new OptCriticalMarkers(universe, { initialCapacity: 512 });
      const roomy = new OptCriticalMarkers(universe, { initialCapacity: 1 << 16 });
      pages.forEach((p, i) => expect(squeezed.reference(p), `seed ${seed}, reference ${i}`).toBe(roomy.reference(p)));
      expect(finalDepths(squeezed), `seed ${seed}: final depths`).toEqual(finalDepths(roomy));
    }
  });

  it('grows its slot arrays in place, over many WebAssembly memory pages, to the same depths as an engine that never grows', () => {
    // 20,000 pages from 512 slots: the slot arrays double seven or eight times (to 64K–128K slots,
    // 0.5–1 MiB for the slots' pages and markers), each time moved up over their old place.
    const universe = 20000;
    const r = rng(21);
    const pages = Array.from({ length: 120000 }, (_, i) => (i < universe ? i : Math.floor(universe * r() ** 2)));
    const grown = new OptCriticalMarkers(universe, { initialCapacity: 512 });
    const roomy = new OptCriticalMarkers(universe, { initialCapacity: 1 << 18 });
    const differ = pages.map((p, i) => [i, grown.reference(p), roomy.reference(p)]).filter(([, a, b]) => a !== b);
    expect(differ).toEqual([]);
    expect(finalDepths(grown)).toEqual(finalDepths(roomy));
  });

  it('gives each reference its OPT depth on a hand-checked string (a b a a c b a)', () => {
    // The second a: only b in between, so 2 frames keep both (depth 2); the third a is a repeat (1).
    // c fills 2 frames holding a and b by evicting a, used after b: b is then at depth 2, and a,
    // kept only by 3 frames, at depth 3.
    const engine = new OptCriticalMarkers(3);
    const depths = [0, 1, 0, 0, 2, 1, 0].map((p) => engine.reference(p));
    expect(depths).toEqual([NOT_IN_STACK, NOT_IN_STACK, 2, 1, NOT_IN_STACK, 2, 3]);
  });

  it('gives 7 faults at 3 frames and 6 at 4 on the classic string (Belady)', () => {
    const trace = randomTraceFrom([1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5].map((p) => p - 1));
    const [three, four] = optMarkersDepthCounters(trace, 0).counters([3, 4]);
    expect([three!.faults, four!.faults]).toEqual([7, 6]);
  });
});

/** The engine's final depths, as (page, depth) pairs in the order it gives them. */
function finalDepths(engine: OptCriticalMarkers): number[] {
  const out: number[] = [];
  engine.forEachFinalDepth((page, depth) => out.push(page, depth));
  return out;
}

function randomTraceFrom(pages: number[]): LoadedTrace {
  const pageCount = Math.max(...pages) + 1;
  return { name: 'hand', format: 'basic', pageSize: 4096, pages: Uint32Array.from(pages), codes: new Uint8Array(pages.length), length: pages.length, pageCount, references: pages.length, releases: 0 };
}

import { describe, expect, it } from 'vitest';
import { getPolicy, lruKDepthCounters, makePolicySpec, optDepthCounters, runPolicy } from '../../index.js';
import { lruKPolicy } from '../../policies/lruK.js';
import { referenceCounters } from '../reference/driver.js';
import { RefLruK } from '../reference/recency.js';
import { allSizes, randomCase } from './streams.js';

describe('one-pass OPT equals per-size OPT replays (every counter, every size)', () => {
  it('on 400 seeded random streams with releases, kinds, writes and warm-up', () => {
    const opt = makePolicySpec(getPolicy('opt'));
    for (let seed = 1; seed <= 400; seed++) {
      const { trace, warmup } = randomCase(seed);
      const sizes = allSizes(trace);
      const fast = optDepthCounters(trace, warmup).counters(sizes);
      sizes.forEach((frames, k) => {
        const slow = runPolicy(trace, opt, { frames, warmupRecords: warmup }).counters;
        expect(fast[k], `seed ${seed}, ${frames} frames, warm-up ${warmup}`).toEqual(slow);
      });
    }
  });

  it('gives 7 faults at 3 frames and 6 at 4 on the classic string (Belady)', () => {
    const s = [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5].map((p) => p - 1);
    const trace = { name: 'classic', format: 'basic' as const, pageSize: 4096, pages: Uint32Array.from(s), codes: new Uint8Array(s.length), length: s.length, pageCount: 5, references: s.length, releases: 0 };
    const [three, four] = optDepthCounters(trace, 0).counters([3, 4]);
    expect([three!.faults, four!.faults]).toEqual([7, 6]);
  });
});

describe('one-pass LRU-K (CRP 0, unbounded history)', () => {
  for (const k of [1, 2, 3]) {
    it(`K=${k} equals the brute-force reference LRU-K of the policy tests on 300 seeded random streams`, () => {
      for (let seed = 1; seed <= 300; seed++) {
        const { trace, warmup: w } = randomCase(seed + 1000 * k);
        // The reference driver resets its counters at the warm-up record, so it needs one.
        const warmup = Math.min(w, trace.length - 1);
        const sizes = allSizes(trace);
        const fast = lruKDepthCounters(trace, warmup, k).counters(sizes);
        sizes.forEach((frames, j) => {
          const slow = referenceCounters(Array.from(trace.pages), Array.from(trace.codes), new RefLruK(frames, k, 0, Infinity), warmup).counters;
          expect(fast[j], `K=${k}, seed ${seed}, ${frames} frames, warm-up ${warmup}`).toEqual(slow);
        });
      }
    });

    it(`K=${k} equals the per-size lru-k policy on 150 seeded random streams`, () => {
      const spec = makePolicySpec(lruKPolicy, { k });
      for (let seed = 1; seed <= 150; seed++) {
        const { trace, warmup } = randomCase(seed + 5000 * k);
        const sizes = allSizes(trace);
        const fast = lruKDepthCounters(trace, warmup, k).counters(sizes);
        sizes.forEach((frames, j) => {
          const slow = runPolicy(trace, spec, { frames, warmupRecords: warmup }).counters;
          expect(fast[j], `K=${k}, seed ${seed}, ${frames} frames, warm-up ${warmup}`).toEqual(slow);
        });
      }
    });
  }
});

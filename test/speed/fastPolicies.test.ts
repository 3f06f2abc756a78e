import { describe, expect, it } from 'vitest';
import { getPolicy, makePolicySpec, runPolicy } from '../../index.js';
import { randomInt, rng } from '../helpers/random.js';
import { referenceRun } from '../reference/simulator.js';
import { randomCase } from '../onePass/streams.js';

// The speed-tuned policies against the brute-force simulator, on streams heavy in releases and in
// pages coming back after their release (CLOCK's ring then holds stale entries and squeezes them).
describe('speed-tuned LRU, FIFO, CLOCK equal the brute-force reference', () => {
  for (const [policy, params] of [['lru', {}], ['fifo', {}], ['clock', {}], ['clock', { refOnInsert: 0 }]] as const) {
    it(`${policy} ${JSON.stringify(params)} on 400 seeded streams`, () => {
      const spec = makePolicySpec(getPolicy(policy), params);
      for (let seed = 1; seed <= 400; seed++) {
        const { trace, warmup: w } = randomCase(seed);
        // The reference simulator resets its counters at the warm-up record, so it needs one.
        const warmup = Math.min(w, trace.length);
        const frames = 1 + randomInt(rng(seed), Math.max(1, Math.min(trace.pageCount, 12)));
        const fast = runPolicy(trace, spec, { frames, warmupRecords: warmup }).counters;
        const slow = referenceRun(Array.from(trace.pages), Array.from(trace.codes), frames, policy, { ...params, warmupRecords: warmup });
        expect(fast, `seed ${seed}, ${frames} frames`).toEqual(slow);
      }
    });
  }
});

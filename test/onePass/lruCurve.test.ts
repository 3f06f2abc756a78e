import { describe, expect, it } from 'vitest';
import { getPolicy, lruDepthCounters, makePolicySpec, runPolicy, zeroCounters, addCounters } from '../../index.js';
import { randomInt, rng } from '../helpers/random.js';
import { allSizes, randomCase } from './streams.js';

const lru = makePolicySpec(getPolicy('lru'));

describe('one-pass LRU equals per-size LRU replays (every counter, every size)', () => {
  it('on 400 seeded random streams with releases, kinds, writes and warm-up', () => {
    let seen = zeroCounters();
    for (let seed = 1; seed <= 400; seed++) {
      const { trace, warmup } = randomCase(seed);
      const sizes = allSizes(trace);
      // Few slots force frequent renumbering of the time slots.
      const slots = seed % 5 === 0 ? trace.pageCount + 1 + randomInt(rng(seed), 8) : undefined;
      const fast = lruDepthCounters(trace, warmup, slots).counters(sizes);
      sizes.forEach((frames, k) => {
        const slow = runPolicy(trace, lru, { frames, warmupRecords: warmup }).counters;
        expect(fast[k], `seed ${seed}, ${frames} frames, warm-up ${warmup}, slots ${slots}`).toEqual(slow);
        seen = addCounters(seen, slow);
      });
    }
    // The cases exercise every counter.
    for (const [name, total] of Object.entries(seen)) if (name !== 'softFaults') expect(total, name).toBeGreaterThan(0);
  });
});

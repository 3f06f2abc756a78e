import { describe, expect, it } from 'vitest';
import { computeCurves, getPolicy, makePolicySpec } from '../../index.js';
import { randomTrace } from '../helpers/randomStreams.js';
import { randomInt, rng } from '../helpers/random.js';

describe('partitioned one-pass curves', () => {
  it('equal per-size partitioned replays (LRU, OPT, LRU-K) on 40 named streams', async () => {
    const specs = [makePolicySpec(getPolicy('lru')), makePolicySpec(getPolicy('opt')), makePolicySpec(getPolicy('lru-k'), { k: 2 })];
    for (let seed = 1; seed <= 40; seed++) {
      const r = rng(seed);
      const trace = randomTrace(seed, { length: 100 + randomInt(r, 500), universe: 4 + randomInt(r, 60), named: true, releaseRate: seed % 2 ? 0.03 : 0, writeRate: r() });
      const sizes = Array.from({ length: trace.pageCount + 1 }, (_, k) => k + 1);
      const req = { specs, sizes, partitions: [0.3, 0.5], unified: false, warmupRecords: randomInt(r, trace.length), jobs: 1 };
      const fast = await computeCurves(trace, { ...req, onePass: true });
      const slow = await computeCurves(trace, { ...req, perSize: true });
      expect(fast.every((p) => p.method === 'one-pass')).toBe(true);
      expect(fast.map((p) => [p.spec.label, p.frames, p.partition, p.counters]), `seed ${seed}`).toEqual(slow.map((p) => [p.spec.label, p.frames, p.partition, p.counters]));
    }
  });
});

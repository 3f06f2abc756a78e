import { describe, expect, it } from 'vitest';
import { makePolicySpec, getPolicy, runPolicy } from '../../index.js';
import { randomInt, rng } from '../helpers/random.js';
import { randomCase, randomTrace } from '../helpers/randomStreams.js';
import { referenceRun, type ReferencePolicy } from '../reference/simulator.js';

const cases: { policy: ReferencePolicy; params: Record<string, number> }[] = [
  { policy: 'lru', params: {} },
  { policy: 'fifo', params: {} },
  { policy: 'clock', params: {} },
  { policy: 'clock', params: { refOnInsert: 0 } },
  { policy: 'opt', params: {} },
];

describe('fast policies equal the brute-force reference on seeded random streams (every counter)', () => {
  for (const { policy, params } of cases) {
    it(`${policy} ${JSON.stringify(params)}`, () => {
      const spec = makePolicySpec(getPolicy(policy), params);
      for (let seed = 1; seed <= 150; seed++) {
        const { trace, warmup: warmupRecords } = randomCase(seed);
        const frames = 1 + randomInt(rng(seed * 7919), Math.max(1, trace.pageCount));
        const fast = runPolicy(trace, spec, { frames, warmupRecords }).counters;
        const slow = referenceRun(Array.from(trace.pages), Array.from(trace.codes), frames, policy, { refOnInsert: params.refOnInsert, warmupRecords });
        expect(fast, `seed ${seed}, ${frames} frames, warm-up ${warmupRecords}`).toEqual(slow);
      }
    });
  }
});

describe('FIFO with many releases (its ring fills with holes and is squeezed) equals the reference', () => {
  it('150 seeded streams, a third of the records releases, small memories', () => {
    const spec = makePolicySpec(getPolicy('fifo'));
    for (let seed = 1; seed <= 150; seed++) {
      const r = rng(seed * 6007);
      const trace = randomTrace(seed, { length: 100 + randomInt(r, 400), universe: 3 + randomInt(r, 30), named: seed % 2 === 0, releaseRate: 0.3, writeRate: r(), hotRate: r() });
      const frames = 1 + randomInt(r, 4);
      const warmupRecords = randomInt(r, 50);
      const fast = runPolicy(trace, spec, { frames, warmupRecords }).counters;
      const slow = referenceRun(Array.from(trace.pages), Array.from(trace.codes), frames, 'fifo', { warmupRecords });
      expect(fast, `seed ${seed}, ${frames} frames`).toEqual(slow);
    }
  });
});

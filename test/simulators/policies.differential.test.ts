import { describe, expect, it } from 'vitest';
import { makePolicySpec, getPolicy, runPolicy, traceFromRecords } from '../../index.js';
import { randomInt, rng } from '../helpers/random.js';
import { randomStream } from '../helpers/randomStreams.js';
import { referenceRun, type ReferencePolicy } from './referenceSimulator.js';

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
        const r = rng(seed * 7919);
        const named = seed % 2 === 0;
        const s = randomStream(seed, {
          length: 50 + randomInt(r, 400),
          universe: 3 + randomInt(r, 60),
          named,
          releaseRate: seed % 3 === 0 ? 0.04 : 0,
          writeRate: r(),
          hotRate: r(),
        });
        const trace = traceFromRecords({ name: 't', format: named ? 'basic-named' : 'basic', pageSize: 4096 }, s.pages, s.codes);
        const frames = 1 + randomInt(r, Math.max(1, trace.pageCount));
        const warmupRecords = seed % 4 === 0 ? randomInt(r, s.pages.length) : 0;
        const fast = runPolicy(trace, spec, { frames, warmupRecords }).counters;
        const slow = referenceRun(s.pages, s.codes, frames, policy, { refOnInsert: params.refOnInsert, warmupRecords });
        expect(fast, `seed ${seed}, ${frames} frames, warm-up ${warmupRecords}`).toEqual(slow);
      }
    });
  }
});

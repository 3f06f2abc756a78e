import { describe, expect, it } from 'vitest';
import { computeCurves, getPolicy, makePolicySpec, nextUseOf, rememberNextUse } from '../../index.js';
import { randomTrace } from '../helpers/randomStreams.js';

describe('worker pool with a shared next-use array', () => {
  it('gives OPT the same counters on two workers as in the calling thread', async () => {
    const trace = randomTrace(11, { length: 5000, universe: 300, named: true, releaseRate: 0.01 });
    const specs = [makePolicySpec(getPolicy('opt')), makePolicySpec(getPolicy('clock'))];
    const sizes = [5, 20, 80, 200];
    const one = await computeCurves(trace, { specs, sizes, jobs: 1, perSize: true, warmupRecords: 100 });
    const two = await computeCurves(trace, { specs, sizes, jobs: 2, perSize: true, warmupRecords: 100 });
    expect(two.map((p) => p.counters)).toEqual(one.map((p) => p.counters));
  });

  it('builds the array on shared memory and refuses one of the wrong length', () => {
    const trace = randomTrace(12, { length: 100, universe: 10 });
    expect(nextUseOf(trace).buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(() => rememberNextUse(trace, new Int32Array(99))).toThrow(/99 records/);
  });
});

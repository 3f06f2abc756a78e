import { describe, expect, it } from 'vitest';
import { getPolicy, makePolicySpec, runPolicy, traceFromRecords, type MemoryEvents, type ParamValue } from '../../index.js';
import { randomInt, rng } from '../helpers/random.js';
import { randomStream } from '../helpers/randomStreams.js';

const quiet: MemoryEvents = { hit() {}, softFault() {}, fault() {}, evict() {}, release() {} };

function faultsOf(pages: number[], policy: string, params: Record<string, ParamValue>, frames: number): number {
  const trace = traceFromRecords({ name: 'w', format: 'basic', pageSize: 4096 }, pages.map((p) => p - 1), pages.map(() => 0));
  return runPolicy(trace, makePolicySpec(getPolicy(policy), params), { frames, seed: 1 }).counters.faults;
}

const stackPolicies: [string, Record<string, ParamValue>][] = [
  ['lru', {}],
  ['opt', {}],
  ['lru-k', {}],
  ['lru-k', { k: 1 }],
  ['lru-k', { k: 3 }],
  ['lfu', {}],
  ['mru', {}],
];

describe('stack algorithms: inclusion at every step and faults never rise with memory', () => {
  for (const [policy, params] of stackPolicies) {
    it(`${policy} ${JSON.stringify(params)}`, () => {
      const def = getPolicy(policy);
      const spec = makePolicySpec(def, params);
      expect(def.capabilities?.stack?.(spec.params)).toBe(true);
      for (let seed = 1; seed <= 150; seed++) {
        const r = rng(seed * 7);
        const s = randomStream(seed, { length: 20 + randomInt(r, 120), universe: 3 + randomInt(r, 12), releaseRate: seed % 3 === 0 ? 0.04 : 0, hotRate: r() });
        const trace = traceFromRecords({ name: 't', format: 'basic', pageSize: 4096 }, s.pages, s.codes);
        const top = Math.min(trace.pageCount, 8);
        const instances = Array.from({ length: top }, (_, k) => def.create({ frames: k + 1, pageCount: trace.pageCount, trace, seed }, spec.params));
        const faults = new Array<number>(top).fill(0);
        const events = instances.map((_, k): MemoryEvents => ({ ...quiet, fault: () => void faults[k]!++ }));
        for (let i = 0; i < trace.length; i++) {
          instances.forEach((inst, k) => inst.replay(trace, i, i + 1, events[k]!));
          for (let k = 0; k + 1 < top; k++) {
            const bigger = new Set(instances[k + 1]!.residentPages());
            const missing = instances[k]!.residentPages().filter((p) => !bigger.has(p));
            expect(missing, `seed ${seed}, record ${i}, ${k + 1} vs ${k + 2} frames`).toEqual([]);
          }
        }
        for (let k = 0; k + 1 < top; k++) expect(faults[k + 1]!, `seed ${seed}, ${k + 1} vs ${k + 2} frames`).toBeLessThanOrEqual(faults[k]!);
      }
    });
  }
});

// Fault anomalies: more memory, more faults. The first seven were found by a brute-force search over
// random strings before the policies were written (its CLOCK-active SEGQ witness 5,4,5,4,6,3,2,1,1,6
// gives 6 and 6 under docs/policies.md's SEGQ, so a new one stands in for it); the others were found
// by a seeded random search over short strings.
const witnesses: { policy: string; params: Record<string, ParamValue>; string: number[]; frames: number; faults: [number, number] }[] = [
  { policy: 'fifo', params: {}, string: [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5], frames: 3, faults: [9, 10] },
  { policy: 'clock', params: {}, string: [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5], frames: 3, faults: [9, 10] },
  { policy: 'clock', params: {}, string: [5, 3, 1, 5, 4, 3, 5, 3, 2, 2, 5, 3], frames: 3, faults: [6, 7] },
  { policy: '2q', params: {}, string: [4, 4, 3, 2, 1, 4, 3, 4, 5, 3], frames: 2, faults: [7, 8] },
  { policy: 'arc', params: {}, string: [1, 2, 5, 5, 4, 1, 3, 5], frames: 2, faults: [6, 7] },
  { policy: 'segq', params: { inactive: 0.5, active: 'fifo' }, string: [3, 7, 2, 3, 6, 1, 5, 3], frames: 4, faults: [6, 7] },
  { policy: 'segq', params: { active: 'fifo' }, string: [3, 2, 5, 3, 4, 1, 3], frames: 3, faults: [5, 6] },
  { policy: 'segq', params: {}, string: [1, 2, 3, 4, 5, 3, 3, 1, 2, 1, 2, 2, 1, 1, 3], frames: 3, faults: [7, 8] },
  { policy: 'segq', params: { inactive: 0.5 }, string: [1, 2, 3, 1, 4, 5, 6, 1, 6, 5, 4, 1, 1, 4, 1, 4, 1], frames: 4, faults: [6, 7] },
  { policy: 'arc', params: {}, string: [1, 2, 1, 3, 4, 5, 2, 3, 1, 1], frames: 3, faults: [7, 8] },
  { policy: '2q', params: {}, string: [1, 2, 2, 3, 4, 1, 4, 2, 1, 3, 2, 3, 3, 3, 3, 2], frames: 2, faults: [7, 8] },
  { policy: 's3-fifo', params: {}, string: [1, 1, 2, 3, 4, 5, 1, 4, 1, 3, 4, 6, 1, 6, 1], frames: 2, faults: [10, 11] },
  { policy: 'sieve', params: {}, string: [1, 2, 3, 1, 1, 3, 3, 2, 1, 3, 3, 3, 3, 1, 1, 4, 5, 4], frames: 3, faults: [5, 6] },
  { policy: 'clock-pro', params: {}, string: [2, 4, 1, 3, 4, 1, 5, 2], frames: 2, faults: [7, 8] },
  { policy: 'eelru', params: {}, string: [1, 1, 2, 1, 3, 4, 5, 6, 2, 5, 6, 3, 4, 4, 4, 4, 4, 6], frames: 3, faults: [9, 10] },
  { policy: 'gclock', params: {}, string: [1, 2, 3, 4, 5, 2, 5, 6, 1, 2, 3, 3, 6, 6, 1, 6, 2, 2], frames: 4, faults: [8, 9] },
  { policy: 'random', params: {}, string: [1, 2, 2, 3, 4, 5, 1, 4, 2, 2, 4, 2], frames: 2, faults: [7, 9] },
  { policy: 'lfu', params: { counts: 'resident' }, string: [1, 2, 3, 4, 1, 5, 3, 5, 2, 4, 2, 4, 2, 6, 2, 1, 2, 2], frames: 3, faults: [11, 12] },
  { policy: 'lru-k', params: { rip: 1 }, string: [1, 2, 3, 4, 5, 2, 4, 6, 5, 3, 7, 1, 8, 3, 3, 8, 2, 1, 8, 1, 6, 4, 8], frames: 3, faults: [17, 18] },
];

describe('non-stack policies: witness strings show the anomaly', () => {
  for (const w of witnesses) {
    it(`${w.policy} ${JSON.stringify(w.params)}: ${w.string.join(',')} gives ${w.faults[0]} faults at ${w.frames} frames, ${w.faults[1]} at ${w.frames + 1}`, () => {
      const def = getPolicy(w.policy);
      expect(def.capabilities?.stack?.(makePolicySpec(def, w.params).params) ?? false).toBe(false);
      expect([faultsOf(w.string, w.policy, w.params, w.frames), faultsOf(w.string, w.policy, w.params, w.frames + 1)]).toEqual(w.faults);
    });
  }

  it('lru-k with a correlated reference period loses inclusion (1,2,1,3,4,5,1,3,1,2,6,6,7,5 at 3 vs 4 frames)', () => {
    const def = getPolicy('lru-k');
    const spec = makePolicySpec(def, { crp: 2 });
    expect(def.capabilities?.stack?.(spec.params)).toBe(false);
    const pages = [1, 2, 1, 3, 4, 5, 1, 3, 1, 2, 6, 6, 7].map((p) => p - 1);
    const trace = traceFromRecords({ name: 'w', format: 'basic', pageSize: 4096 }, pages, pages.map(() => 0));
    const small = def.create({ frames: 3, pageCount: trace.pageCount, trace, seed: 1 }, spec.params);
    const big = def.create({ frames: 4, pageCount: trace.pageCount, trace, seed: 1 }, spec.params);
    small.replay(trace, 0, trace.length, quiet);
    big.replay(trace, 0, trace.length, quiet);
    // After the 13th reference: 3 frames hold 7, 6, 2 but 4 frames hold 7, 6, 1, 3 — page 2 is missing.
    expect(small.residentPages().map((p) => p + 1).sort()).toEqual([2, 6, 7]);
    expect(big.residentPages().map((p) => p + 1).sort()).toEqual([1, 3, 6, 7]);
  });
});

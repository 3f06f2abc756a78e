import { describe, expect, it } from 'vitest';
import { getPolicy, makePolicySpec, runPolicy, type ParamValue } from '../../index.js';
import { randomInt, rng } from '../helpers/random.js';
import { randomCase, randomTrace } from '../helpers/randomStreams.js';
import { referenceCounters, type ReferencePolicy } from '../reference/driver.js';
import { RefLinux, RefMglru } from '../reference/kernel.js';
import { Ref2Q, RefArc, RefClockPro, RefLirs, RefS3Fifo, RefSegq } from '../reference/queues.js';
import { RefEelru, RefGClock, RefLfu, RefLruK, RefMru, RefRandom, RefSieve, RefVmin, RefWorkingSet } from '../reference/recency.js';

interface Case {
  policy: string;
  params: Record<string, ParamValue>;
  reference: (frames: number, stream: { pages: number[]; codes: number[] }, seed: number) => ReferencePolicy;
  variable?: boolean;
}

const cases: Case[] = [
  { policy: 'lru-k', params: {}, reference: (m) => new RefLruK(m, 2, 0, Infinity) },
  { policy: 'lru-k', params: { k: 1 }, reference: (m) => new RefLruK(m, 1, 0, Infinity) },
  { policy: 'lru-k', params: { k: 3 }, reference: (m) => new RefLruK(m, 3, 0, Infinity) },
  { policy: 'lru-k', params: { k: 2, crp: 3 }, reference: (m) => new RefLruK(m, 2, 3, Infinity) },
  { policy: 'lru-k', params: { k: 3, crp: 2, rip: 12 }, reference: (m) => new RefLruK(m, 3, 2, 12) },
  { policy: 'lru-k', params: { k: 2, rip: 0 }, reference: (m) => new RefLruK(m, 2, 0, 0) },
  { policy: 'lru-k', params: { k: 2, crp: 40 }, reference: (m) => new RefLruK(m, 2, 40, Infinity) },
  { policy: 'segq', params: {}, reference: (m) => new RefSegq(m, 1 / 3, true) },
  { policy: 'segq', params: { active: 'fifo' }, reference: (m) => new RefSegq(m, 1 / 3, false) },
  { policy: 'segq', params: { inactive: 0.5 }, reference: (m) => new RefSegq(m, 0.5, true) },
  { policy: 'segq', params: { inactive: 0.8, active: 'fifo' }, reference: (m) => new RefSegq(m, 0.8, false) },
  { policy: 'arc', params: {}, reference: (m) => new RefArc(m) },
  { policy: '2q', params: {}, reference: (m) => new Ref2Q(m, 0.25, 0.5) },
  { policy: '2q', params: { kin: 0.5, kout: 1 }, reference: (m) => new Ref2Q(m, 0.5, 1) },
  { policy: 'lirs', params: {}, reference: (m) => new RefLirs(m, 0.01) },
  { policy: 'lirs', params: { hir: 0.3 }, reference: (m) => new RefLirs(m, 0.3) },
  { policy: 'lirs', params: { repeats: 'reference' }, reference: (m) => new RefLirs(m, 0.01, false) },
  { policy: 's3-fifo', params: {}, reference: (m) => new RefS3Fifo(m, 0.1, 2) },
  { policy: 's3-fifo', params: { small: 0.3, threshold: 1 }, reference: (m) => new RefS3Fifo(m, 0.3, 1) },
  { policy: 'sieve', params: {}, reference: (m) => new RefSieve(m) },
  { policy: 'clock-pro', params: {}, reference: (m) => new RefClockPro(m) },
  { policy: 'clock-pro', params: { startup: 'cold', repeats: 'reference' }, reference: (m) => new RefClockPro(m, 0.05, false, false) },
  { policy: 'clock-pro', params: { cold: 0.3 }, reference: (m) => new RefClockPro(m, 0.3) },
  { policy: 'linux', params: {}, reference: (m, s) => new RefLinux(m, s.codes) },
  { policy: 'linux', params: { swappiness: 0 }, reference: (m, s) => new RefLinux(m, s.codes, 0) },
  { policy: 'linux', params: { swappiness: 200 }, reference: (m, s) => new RefLinux(m, s.codes, 200) },
  { policy: 'linux', params: { swappiness: 130, refaults: false }, reference: (m, s) => new RefLinux(m, s.codes, 130, false) },
  { policy: 'mglru', params: {}, reference: (m, s) => new RefMglru(m, s.codes) },
  { policy: 'mglru', params: { swappiness: 0 }, reference: (m, s) => new RefMglru(m, s.codes, 0) },
  { policy: 'mglru', params: { swappiness: 1 }, reference: (m, s) => new RefMglru(m, s.codes, 1) },
  { policy: 'mglru', params: { swappiness: 200 }, reference: (m, s) => new RefMglru(m, s.codes, 200) },
  { policy: 'mglru', params: { swappiness: 150 }, reference: (m, s) => new RefMglru(m, s.codes, 150) },
  { policy: 'eelru', params: {}, reference: (m) => new RefEelru(m, 0.25, 2.5) },
  { policy: 'eelru', params: { early: 0.5, late: 1.5 }, reference: (m) => new RefEelru(m, 0.5, 1.5) },
  { policy: 'eelru', params: { early: 0, late: 4 }, reference: (m) => new RefEelru(m, 0, 4) },
  { policy: 'gclock', params: {}, reference: (m) => new RefGClock(m, 2) },
  { policy: 'gclock', params: { initCount: 4 }, reference: (m) => new RefGClock(m, 4) },
  { policy: 'lfu', params: {}, reference: (m) => new RefLfu(m, true) },
  { policy: 'lfu', params: { counts: 'resident' }, reference: (m) => new RefLfu(m, false) },
  { policy: 'mru', params: {}, reference: (m) => new RefMru(m) },
  { policy: 'random', params: {}, reference: (m, _s, seed) => new RefRandom(m, seed) },
  { policy: 'ws', params: { window: 1 }, reference: () => new RefWorkingSet(1), variable: true },
  { policy: 'ws', params: { window: 7 }, reference: () => new RefWorkingSet(7), variable: true },
  { policy: 'ws', params: { window: 60 }, reference: () => new RefWorkingSet(60), variable: true },
  { policy: 'vmin', params: { window: 1 }, reference: (_m, s) => new RefVmin(s.pages, s.codes, 1), variable: true },
  { policy: 'vmin', params: { window: 7 }, reference: (_m, s) => new RefVmin(s.pages, s.codes, 7), variable: true },
  { policy: 'vmin', params: { window: 60 }, reference: (_m, s) => new RefVmin(s.pages, s.codes, 60), variable: true },
];

describe('every policy equals its brute-force reference on seeded random streams (every counter)', () => {
  for (const { policy, params, reference, variable } of cases) {
    it(`${policy} ${JSON.stringify(params)}`, () => {
      const spec = makePolicySpec(getPolicy(policy), params);
      for (let seed = 1; seed <= 120; seed++) {
        const { trace, warmup: warmupRecords } = randomCase(seed);
        const s = { pages: Array.from(trace.pages), codes: Array.from(trace.codes) };
        const frames = 1 + randomInt(rng(seed * 104729), Math.max(1, Math.ceil(trace.pageCount * 0.8)));
        const fast = runPolicy(trace, spec, { frames, warmupRecords, seed });
        const slow = referenceCounters(s.pages, s.codes, reference(frames, s, seed), warmupRecords);
        const where = `seed ${seed}, ${frames} frames, warm-up ${warmupRecords}`;
        expect(fast.counters, where).toEqual(slow.counters);
        if (variable) expect(fast.meanResident, where).toBeCloseTo(slow.meanResident, 9);
      }
    });
  }
});

describe('resident sets agree with the reference at the end of each stream', () => {
  for (const { policy, params, reference } of cases) {
    it(`${policy} ${JSON.stringify(params)}`, () => {
      const def = getPolicy(policy);
      const spec = makePolicySpec(def, params);
      for (let seed = 1; seed <= 40; seed++) {
        const { trace } = randomCase(seed + 1000);
        const s = { pages: Array.from(trace.pages), codes: Array.from(trace.codes) };
        const frames = 1 + randomInt(rng(seed * 31337), trace.pageCount);
        const instance = def.create({ frames, pageCount: trace.pageCount, trace, seed }, spec.params);
        instance.replay(trace, 0, trace.length, { hit() {}, softFault() {}, fault() {}, evict() {}, release() {} });
        const slow = referenceCounters(s.pages, s.codes, reference(frames, s, seed));
        expect(instance.residentPages().sort((a, b) => a - b), `seed ${seed}`).toEqual(slow.resident);
      }
    });
  }
});

describe('ring-buffer queues with many releases (holes under the hand, squeezes) equal the reference', () => {
  const ringCases: Case[] = [
    { policy: 'sieve', params: {}, reference: (m) => new RefSieve(m) },
    { policy: 's3-fifo', params: {}, reference: (m) => new RefS3Fifo(m, 0.1, 2) },
    { policy: 's3-fifo', params: { small: 0.3, threshold: 1 }, reference: (m) => new RefS3Fifo(m, 0.3, 1) },
    { policy: 'gclock', params: {}, reference: (m) => new RefGClock(m, 2) },
    { policy: 'gclock', params: { initCount: 4 }, reference: (m) => new RefGClock(m, 4) },
    { policy: 'segq', params: {}, reference: (m) => new RefSegq(m, 1 / 3, true) },
    { policy: 'segq', params: { inactive: 0.5, active: 'fifo' }, reference: (m) => new RefSegq(m, 0.5, false) },
    { policy: '2q', params: {}, reference: (m) => new Ref2Q(m, 0.25, 0.5) },
    { policy: '2q', params: { kin: 0.5, kout: 1 }, reference: (m) => new Ref2Q(m, 0.5, 1) },
  ];
  for (const { policy, params, reference } of ringCases) {
    it(`${policy} ${JSON.stringify(params)}: 150 seeded streams, a third of the records releases, small memories`, () => {
      const spec = makePolicySpec(getPolicy(policy), params);
      for (let seed = 1; seed <= 150; seed++) {
        const r = rng(seed * 6007);
        const trace = randomTrace(seed, { length: 100 + randomInt(r, 400), universe: 3 + randomInt(r, 30), named: seed % 2 === 0, releaseRate: 0.3, writeRate: r(), hotRate: r() });
        const s = { pages: Array.from(trace.pages), codes: Array.from(trace.codes) };
        const frames = 1 + randomInt(r, 12);
        const warmupRecords = randomInt(r, 50);
        const fast = runPolicy(trace, spec, { frames, warmupRecords, seed });
        expect(fast.counters, `seed ${seed}, ${frames} frames`).toEqual(referenceCounters(s.pages, s.codes, reference(frames, s, seed), warmupRecords).counters);
      }
    });
  }
});

import { describe, expect, it } from 'vitest';
import {
  computeCurves,
  getPolicy,
  makePolicySpec,
  pageHash,
  pageOfHash,
  runPolicy,
  sampleTrace,
  shardsCurve,
  traceFromRecords,
  type LoadedTrace,
} from '../../index.js';
import { randomInt, rng } from '../helpers/random.js';
import { randomTrace } from '../helpers/randomStreams.js';
import { naiveShards } from '../reference/shards.js';

const TWO_32 = 4294967296;

function zipfish(seed: number, length: number, universe: number, releaseRate = 0): LoadedTrace {
  return randomTrace(seed, { length, universe, named: seed % 2 === 0, hotRate: 0.7, releaseRate });
}

describe('spatial sampling', () => {
  it('pageHash is a bijection undone by pageOfHash, and spreads consecutive pages', () => {
    for (const p of [0, 1, 2, 1000, 123456789, 0x7fffffff, 0xffffffff]) expect(pageOfHash(pageHash(p))).toBe(p);
    const r = rng(5);
    for (let k = 0; k < 10000; k++) {
      const p = Math.floor(r() * TWO_32);
      expect(pageOfHash(pageHash(p))).toBe(p);
    }
    // About a tenth of 100,000 consecutive pages fall under a 10% threshold.
    let under = 0;
    for (let p = 0; p < 100000; p++) if (pageHash(p) < 0.1 * TWO_32) under++;
    expect(under).toBeGreaterThan(9700);
    expect(under).toBeLessThan(10300);
  });

  it('sampleTrace keeps every record of the sampled pages, renumbered, with the warm-up mapped', () => {
    const trace = zipfish(3, 3000, 400, 0.02);
    const s = sampleTrace(trace, 0.3, 1000);
    const kept: [number, number][] = [];
    let warm = 0;
    for (let i = 0; i < trace.length; i++) {
      if (pageHash(trace.pages[i]!) < Math.ceil(0.3 * TWO_32)) {
        kept.push([trace.pages[i]!, trace.codes[i]!]);
        if (i < 1000) warm++;
      }
    }
    expect(s.trace.length).toBe(kept.length);
    expect(s.warmupRecords).toBe(warm);
    const ids = new Map<number, number>();
    kept.forEach(([p, c], i) => {
      if (!ids.has(p)) ids.set(p, ids.size);
      expect([s.trace.pages[i], s.trace.codes[i]]).toEqual([ids.get(p), c]);
    });
    expect(s.trace.pageCount).toBe(ids.size);
  });

  it('at rate 1, miniature simulation and SHARDS give the exact counters or faults', async () => {
    const trace = zipfish(4, 2000, 300, 0.02);
    const sizes = [1, 5, 20, 80, 300];
    const specs = ['lru', 'clock', 'opt'].map((n) => makePolicySpec(getPolicy(n)));
    const exact = await computeCurves(trace, { specs, sizes, warmupRecords: 100, jobs: 1 });
    const sampled = await computeCurves(trace, { specs, sizes, warmupRecords: 100, jobs: 1, sample: 1 });
    expect(sampled.map((p) => p.counters)).toEqual(exact.map((p) => p.counters));
    expect(sampled.every((p) => p.method === 'sampled' && p.sampleRate === 1)).toBe(true);
    const lruFaults = exact.filter((p) => p.spec.def.name === 'lru').map((p) => p.counters.faults);
    expect(shardsCurve(trace, { rate: 1 }, sizes, 100).counters.map((c) => c.faults)).toEqual(lruFaults);
    expect(shardsCurve(trace, { rate: 1, maxPages: trace.pageCount }, sizes, 100).counters.map((c) => c.faults)).toEqual(lruFaults);
  });
});

describe('SHARDS equals a naive reading of the method', () => {
  it('fixed rate, on 60 seeded streams with releases and warm-up', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const r = rng(seed);
      const trace = zipfish(seed, 500 + randomInt(r, 3000), 50 + randomInt(r, 800), seed % 3 === 0 ? 0.03 : 0);
      const rate = [0.05, 0.2, 0.5][seed % 3]!;
      const warmup = seed % 2 ? randomInt(r, trace.length) : 0;
      const sizes = [1, 3, 10, 30, 100, 300, 1000];
      expect(shardsCurve(trace, { rate }, sizes, warmup).counters.map((c) => c.faults), `seed ${seed}`).toEqual(naiveShards(trace, rate, sizes, Infinity, warmup));
    }
  });

  it('fixed size, on 60 seeded streams', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const r = rng(seed + 99);
      const trace = zipfish(seed + 99, 500 + randomInt(r, 3000), 50 + randomInt(r, 800));
      const maxPages = 5 + randomInt(r, 40);
      const sizes = [1, 3, 10, 30, 100, 300, 1000];
      expect(shardsCurve(trace, { rate: 1, maxPages }, sizes).counters.map((c) => c.faults), `seed ${seed}`).toEqual(naiveShards(trace, 1, sizes, maxPages));
    }
  });

  it('estimates a skewed stream’s LRU miss ratios within 0.02 on average at R = 0.1 (unadjusted)', () => {
    const trace = zipfish(77, 200000, 20000);
    const sizes = [100, 300, 1000, 3000, 10000];
    const lru = makePolicySpec(getPolicy('lru'));
    const exact = sizes.map((frames) => runPolicy(trace, lru, { frames }).counters.faults / trace.references);
    const approx = shardsCurve(trace, { rate: 0.1, adjust: false }, sizes).counters.map((c) => c.faults / c.references);
    const mae = exact.reduce((a, e, k) => a + Math.abs(e - approx[k]!), 0) / sizes.length;
    expect(mae).toBeLessThan(0.02);
  });
});

describe('miniature simulation', () => {
  it('runs the policy on the sample at M × R and scales the counters by the ratio of pages', async () => {
    const trace = zipfish(8, 5000, 600, 0.01);
    const spec = makePolicySpec(getPolicy('clock'));
    const rate = 0.25;
    const [point] = await computeCurves(trace, { specs: [spec], sizes: [40], jobs: 1, sample: rate });
    const s = sampleTrace(trace, rate);
    const mini = runPolicy(s.trace, spec, { frames: 10 }).counters;
    const f = trace.pageCount / s.trace.pageCount;
    expect(point!.counters.references).toBe(trace.references);
    expect(point!.counters.evictions).toBe(Math.round(mini.evictions * f));
    expect(point!.counters.faults).toBe(Math.round((mini.compulsoryFaults - mini.anonCompulsory - mini.fileCompulsory) * f) + Math.round(mini.anonCompulsory * f) + Math.round(mini.fileCompulsory * f) + Math.round((mini.capacityFaults - mini.anonCapacity - mini.fileCapacity) * f) + Math.round(mini.anonCapacity * f) + Math.round(mini.fileCapacity * f));
    expect(point!.counters.hits).toBe(trace.references - point!.counters.faults);
  });

  it('refuses partitioned and SHARDS-for-other-policies requests', async () => {
    const trace = traceFromRecords({ name: 't', format: 'basic', pageSize: 4096 }, [0, 1, 0], [0, 0, 0]);
    const clock = makePolicySpec(getPolicy('clock'));
    await expect(computeCurves(trace, { specs: [clock], sizes: [2], shards: { rate: 0.5 } })).rejects.toThrow(/LRU curves only/);
    await expect(computeCurves(trace, { specs: [clock], sizes: [2], sample: 0.5, partitions: [0.5] })).rejects.toThrow(/unified only/);
    await expect(computeCurves(trace, { specs: [clock], sizes: [2], sample: 1.5 })).rejects.toThrow(/sampling rate/);
    // At 1e-9 a page is sampled only if its hash is below 5: neither page 0 nor page 1 is.
    await expect(computeCurves(trace, { specs: [clock], sizes: [2], sample: 1e-9 })).rejects.toThrow(/no page .* falls in a sample/);
  });
});

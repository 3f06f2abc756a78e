import { describe, expect, it } from 'vitest';
import { generateIrmTrace, getPolicy, irmLabel, irmProbabilities, makePolicySpec, parseIrmSpec, runPolicy, UsageError, type IrmSpec } from '../../index.js';
import { a0HitRatio, cheLruHitRatio, fifoHitRatio } from './irmAnalytics.js';

/** Hit ratio of a policy on an IRM stream, counted after a warm-up of `warmup` references. */
function simulatedHitRatio(spec: IrmSpec, policy: string, params: Record<string, number>, frames: number, warmup: number, measured: number, seed = 7): number {
  const trace = generateIrmTrace(spec, warmup + measured, seed);
  const { counters } = runPolicy(trace, makePolicySpec(getPolicy(policy), params), { frames, warmupRecords: warmup });
  return counters.hits / counters.references;
}

describe('IRM specs', () => {
  it('parses every distribution with defaults and explicit parameters', () => {
    expect(parseIrmSpec('uniform')).toEqual({ kind: 'uniform', n: 1000 });
    expect(parseIrmSpec('uniform:n=50')).toEqual({ kind: 'uniform', n: 50 });
    expect(parseIrmSpec('two-pool')).toEqual({ kind: 'two-pool', hot: 100, cold: 10000 });
    expect(parseIrmSpec('80-20:n=1000')).toEqual({ kind: '80-20', n: 1000, a: 0.8, b: 0.2 });
    expect(parseIrmSpec('80-20:a=0.9:b=0.1')).toEqual({ kind: '80-20', n: 1000, a: 0.9, b: 0.1 });
    expect(parseIrmSpec('zipf:n=10000:s=0.9')).toEqual({ kind: 'zipf', n: 10000, s: 0.9 });
    expect(parseIrmSpec('ZIPF:S=0')).toEqual({ kind: 'zipf', n: 10000, s: 0 });
    expect(irmLabel(parseIrmSpec('zipf:s=1.2'))).toBe('zipf:n=10000:s=1.2');
  });

  it.each([
    ['pareto', /unknown IRM distribution "pareto"/],
    ['uniform:n=0', /n=0 is invalid: expected a whole number/],
    ['uniform:n=2.5', /n=2.5 is invalid/],
    ['uniform:n=', /n= is invalid/],
    ['uniform:size=4', /expected KEY=VALUE with KEY one of n/],
    ['zipf:s', /expected KEY=VALUE/],
    ['zipf:s=-1', /s=-1 is invalid: expected a number in 0…100/],
    ['two-pool:hot=x', /hot=x is invalid/],
    ['80-20:a=1.5', /a=1.5 is invalid: expected a number between 0 and 1/],
    ['80-20:a=0.2:b=0.8', /a=0.2 must be greater than b=0.8/],
  ])('rejects %s with a usage error', (text, message) => {
    expect(() => parseIrmSpec(text)).toThrow(UsageError);
    expect(() => parseIrmSpec(text)).toThrow(message);
  });

  it('rejects a bad length', () => {
    expect(() => generateIrmTrace(parseIrmSpec('uniform'), -1, 1)).toThrow(UsageError);
  });

  it('gives distributions that sum to 1, in decreasing order, with the documented shapes', () => {
    for (const text of ['uniform:n=10', 'two-pool:hot=3:cold=7', '80-20:n=100', 'zipf:n=50:s=1.1']) {
      const p = irmProbabilities(parseIrmSpec(text));
      expect(p.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
      for (let i = 1; i < p.length; i++) expect(p[i]!).toBeLessThanOrEqual(p[i - 1]! + 1e-15);
    }
    const pool = irmProbabilities(parseIrmSpec('two-pool'));
    expect(pool[0]).toBeCloseTo(1 / 200, 15);
    expect(pool[100]).toBeCloseTo(1 / 20000, 15);
    // Knuth's 80-20 law: 20% of the pages get 80% of the references, 4% get 64%.
    const knuth = irmProbabilities(parseIrmSpec('80-20:n=1000'));
    expect(knuth.slice(0, 200).reduce((s, x) => s + x, 0)).toBeCloseTo(0.8, 12);
    expect(knuth.slice(0, 40).reduce((s, x) => s + x, 0)).toBeCloseTo(0.64, 12);
    const zipf = irmProbabilities(parseIrmSpec('zipf:n=3:s=1'));
    expect([...zipf]).toEqual([6 / 11, 3 / 11, 2 / 11].map((x) => expect.closeTo(x, 15)));
  });

  it('draws references with the stated frequencies, reproducibly from the seed', () => {
    for (const text of ['uniform:n=20', 'two-pool:hot=5:cold=45', '80-20:n=40', 'zipf:n=30:s=0.8']) {
      const spec = parseIrmSpec(text);
      const n = 400_000;
      const trace = generateIrmTrace(spec, n, 42);
      expect(trace.references).toBe(n);
      expect(trace.format).toBe('basic');
      const again = generateIrmTrace(spec, n, 42);
      expect(Buffer.from(again.pages.buffer, 0, n * 4).equals(Buffer.from(trace.pages.buffer, 0, n * 4))).toBe(true);
      const other = generateIrmTrace(spec, 1000, 43);
      expect([...other.pages.subarray(0, 1000)]).not.toEqual([...trace.pages.subarray(0, 1000)]);
      // Pages are renumbered by first appearance, so compare the sorted frequency profiles.
      const counts = new Array<number>(trace.pageCount).fill(0);
      for (let i = 0; i < n; i++) counts[trace.pages[i]!]!++;
      const observed = counts.map((c) => c / n).sort((a, b) => b - a);
      const expected = [...irmProbabilities(spec)];
      for (let i = 0; i < expected.length; i++) expect(Math.abs((observed[i] ?? 0) - expected[i]!), `${text} rank ${i + 1}`).toBeLessThan(0.004);
    }
  });
});

describe('analytic checks under the IRM (docs/policies.md, "IRM streams")', () => {
  const configs: [string, number][] = [
    ['zipf:n=20000:s=0.9', 500],
    ['zipf:n=20000:s=0.9', 4000],
    ['zipf:n=10000:s=0.5', 2500],
    ['80-20:n=10000', 1000],
    ['uniform:n=2000', 700],
  ];

  it.each(configs)('LRU on %s with %i frames is within 0.005 of Che', (text, frames) => {
    const spec = parseIrmSpec(text);
    const simulated = simulatedHitRatio(spec, 'lru', {}, frames, 300_000, 700_000);
    expect(Math.abs(simulated - cheLruHitRatio(irmProbabilities(spec), frames))).toBeLessThan(0.005);
  });

  it.each(configs)('FIFO on %s with %i frames is within 0.005 of its fixed point', (text, frames) => {
    const spec = parseIrmSpec(text);
    const simulated = simulatedHitRatio(spec, 'fifo', {}, frames, 300_000, 700_000);
    expect(Math.abs(simulated - fifoHitRatio(irmProbabilities(spec), frames))).toBeLessThan(0.005);
  });

  it('RANDOM has FIFO\'s IRM hit ratio (Gelenbe 1973)', () => {
    const spec = parseIrmSpec('zipf:n=10000:s=0.9');
    const simulated = simulatedHitRatio(spec, 'random', {}, 1000, 300_000, 700_000);
    expect(Math.abs(simulated - fifoHitRatio(irmProbabilities(spec), 1000))).toBeLessThan(0.005);
  });

  it('LRU-K on the two-pool workload approaches A0 and beats LRU (O\'Neil et al. Table 4.1)', () => {
    const spec = parseIrmSpec('two-pool');
    const p = irmProbabilities(spec);
    for (const frames of [60, 100, 140, 200]) {
      const a0 = a0HitRatio(p, frames);
      expect(a0).toBeCloseTo(Math.min(frames, 100) / 200 + Math.max(0, frames - 100) / 20000, 12);
      const lru = simulatedHitRatio(spec, 'lru', {}, frames, 200_000, 600_000);
      const lru2 = simulatedHitRatio(spec, 'lru-k', { k: 2 }, frames, 200_000, 600_000);
      const lru3 = simulatedHitRatio(spec, 'lru-k', { k: 3 }, frames, 200_000, 600_000);
      const at = `at ${frames} frames: LRU ${lru}, LRU-2 ${lru2}, LRU-3 ${lru3}, A0 ${a0}`;
      // A0 is optimal under the IRM; LRU-2 comes within 10% of it, LRU-3 closer still, both far above LRU.
      expect(Math.max(lru2, lru3), at).toBeLessThanOrEqual(a0 + 0.003);
      expect(a0 - lru2, at).toBeLessThan(0.1 * a0);
      expect(lru3, at).toBeGreaterThanOrEqual(lru2 - 0.003);
      expect(lru2 - lru, at).toBeGreaterThan(0.1);
    }
    // Past the hot pool LRU-2 is within 0.005 of A0 (the paper's 0.502 at B = 140).
    expect(a0HitRatio(p, 140) - simulatedHitRatio(spec, 'lru-k', { k: 2 }, 140, 200_000, 600_000)).toBeLessThan(0.005);
  });

  it('LRU-K on Knuth\'s 80-20 workload lies between LRU and A0, LRU-3 at least as close as LRU-2 (LRU-K Table 4.2)', () => {
    const spec = parseIrmSpec('80-20:n=1000');
    const p = irmProbabilities(spec);
    for (const frames of [40, 100, 200]) {
      const a0 = a0HitRatio(p, frames);
      // Research notes §8: A0(B) = (B/N)^θ for this law.
      expect(a0).toBeCloseTo(Math.pow(frames / 1000, Math.log(0.8) / Math.log(0.2)), 12);
      const lru = simulatedHitRatio(spec, 'lru', {}, frames, 100_000, 400_000);
      const lru2 = simulatedHitRatio(spec, 'lru-k', {}, frames, 100_000, 400_000);
      const lru3 = simulatedHitRatio(spec, 'lru-k', { k: 3 }, frames, 100_000, 400_000);
      const at = `at ${frames} frames: LRU ${lru}, LRU-2 ${lru2}, LRU-3 ${lru3}, A0 ${a0}`;
      expect(lru2, at).toBeGreaterThan(lru);
      expect(Math.max(lru2, lru3), at).toBeLessThanOrEqual(a0 + 0.003);
      expect(lru3, at).toBeGreaterThanOrEqual(lru2 - 0.003);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { breakEvenSizes, chooseCurveMethod, curveCosts } from '../../index.js';

const zipf20m = { references: 20_000_000, pages: 615_000, releases: 0, warmupRecords: 0, jobs: 2, hasOnePass: true };

describe('one pass or per-size replays', () => {
  it('replays a single size, and takes one pass for two dozen LRU sizes on a large trace', () => {
    expect(chooseCurveMethod({ ...zipf20m, policy: 'lru', sizes: 1 })).toBe('per-size');
    expect(chooseCurveMethod({ ...zipf20m, policy: 'lru', sizes: 24 })).toBe('one-pass');
  });

  it('puts the LRU break-even where the costs cross: ⌈S/2⌉ × 29 ns ≥ 30 × (log2 615,000 − 12) ns ≈ 217 ns, so S = 15', () => {
    // 216.6 / 29 = 7.47 sizes per worker: 8 per worker (S = 15 or 16) is the first that costs more.
    expect(breakEvenSizes({ ...zipf20m, policy: 'lru' })).toBe(15);
    const at = (sizes: number): ReturnType<typeof curveCosts> => curveCosts({ ...zipf20m, policy: 'lru', sizes });
    expect(at(14)['per-size']).toBeLessThan(at(14)['one-pass']);
    expect(at(15)['per-size']).toBeGreaterThan(at(15)['one-pass']);
  });

  it("takes OPT's critical markers from 21 sizes: ⌈S/2⌉ × 85 ns ≥ 80 × (log2 615,000 − 8.3) ns ≈ 874 ns, so S = 21", () => {
    // 873.7 / 85 = 10.3 sizes per worker: 11 per worker (S = 21 or 22) is the first that costs more.
    expect(breakEvenSizes({ ...zipf20m, policy: 'opt' })).toBe(21);
    expect(chooseCurveMethod({ ...zipf20m, policy: 'opt', sizes: 1 })).toBe('per-size');
    expect(chooseCurveMethod({ ...zipf20m, policy: 'opt', sizes: 24 })).toBe('one-pass');
  });

  it('replays OPT on a large trace with releases or a warm-up (the priority stack walks the stack), and LRU-K', () => {
    expect(chooseCurveMethod({ ...zipf20m, releases: 10, policy: 'opt', sizes: 24 })).toBe('per-size');
    expect(chooseCurveMethod({ ...zipf20m, warmupRecords: 1000, policy: 'opt', sizes: 24 })).toBe('per-size');
    expect(breakEvenSizes({ ...zipf20m, releases: 10, policy: 'opt' })).toBeGreaterThan(1000);
    expect(chooseCurveMethod({ ...zipf20m, policy: 'lru-k', sizes: 24 })).toBe('per-size');
  });

  it('takes a forced method when there is an engine, and replays without one', () => {
    expect(chooseCurveMethod({ ...zipf20m, policy: 'opt', sizes: 24, force: 'one-pass' })).toBe('one-pass');
    expect(chooseCurveMethod({ ...zipf20m, policy: 'lru', sizes: 24, force: 'per-size' })).toBe('per-size');
    expect(chooseCurveMethod({ ...zipf20m, policy: 'clock', sizes: 24, hasOnePass: false, force: 'one-pass' })).toBe('per-size');
  });
});

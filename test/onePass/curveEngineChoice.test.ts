import { describe, expect, it } from 'vitest';
import { breakEvenSizes, chooseCurveMethod, curveCosts } from '../../index.js';

const zipf20m = { references: 20_000_000, pages: 615_000, releases: 0, warmupRecords: 0, jobs: 2, hasOnePass: true };

describe('one pass or per-size replays', () => {
  it('replays a single size, and takes one pass for two dozen LRU sizes on a large trace', () => {
    expect(chooseCurveMethod({ ...zipf20m, policy: 'lru', sizes: 1 })).toBe('per-size');
    expect(chooseCurveMethod({ ...zipf20m, policy: 'lru', sizes: 24 })).toBe('one-pass');
  });

  it('puts the LRU break-even where the costs cross: ⌈S/2⌉ × 29 ns ≥ 30 × (log2 615,000 − 12) ns / 1.9 (counting on a second thread) ≈ 114 ns, so S = 7', () => {
    // 216.6 / 1.9 = 114.0; 114.0 / 29 = 3.93 sizes per worker: 4 per worker (S = 7 or 8) is the first that costs more.
    expect(breakEvenSizes({ ...zipf20m, policy: 'lru' })).toBe(7);
    const at = (sizes: number): ReturnType<typeof curveCosts> => curveCosts({ ...zipf20m, policy: 'lru', sizes });
    expect(at(6)['per-size']).toBeLessThan(at(6)['one-pass']);
    expect(at(7)['per-size']).toBeGreaterThan(at(7)['one-pass']);
    // Below 4M references the count stays on the engine's thread: 217 ns × 4M = 0.87 s, so 10 sizes
    // still replay (5 × 29 ns × 4M + the pool's 0.2 s = 0.78 s); on the 20M stream they take one pass.
    expect(chooseCurveMethod({ ...zipf20m, references: 4_000_000, policy: 'lru', sizes: 10 })).toBe('per-size');
    expect(chooseCurveMethod({ ...zipf20m, policy: 'lru', sizes: 10 })).toBe('one-pass');
  });

  it("takes OPT's critical markers from 7 sizes: ⌈S/2⌉ × 85 ns + 10 ns (the pool's 0.2 s over 20M references) ≥ 37 × (log2 615,000 − 8.3) ns / 1.24 (counting on a second thread) ≈ 326 ns, so S = 7", () => {
    // 404.4 / 1.24 = 326.1; (326.1 − 10) / 85 = 3.72 sizes per worker: 4 per worker (S = 7 or 8) is the first that costs more.
    expect(breakEvenSizes({ ...zipf20m, policy: 'opt' })).toBe(7);
    expect(chooseCurveMethod({ ...zipf20m, policy: 'opt', sizes: 6 })).toBe('per-size');
    // Below 4M references the count stays on the engine's thread: 404 ns, so 8 sizes still replay (4 × 85 + 10 = 350 ns).
    expect(chooseCurveMethod({ ...zipf20m, references: 4_000_000, policy: 'opt', sizes: 8 })).toBe('per-size');
    expect(chooseCurveMethod({ ...zipf20m, policy: 'opt', sizes: 8 })).toBe('one-pass');
    expect(chooseCurveMethod({ ...zipf20m, policy: 'opt', sizes: 1 })).toBe('per-size');
    expect(chooseCurveMethod({ ...zipf20m, policy: 'opt', sizes: 24 })).toBe('one-pass');
  });

  it('prices releases (markers over incarnations, 3×) and a warm-up (an engine over its records) into OPT, and replays LRU-K', () => {
    // 400,000 releases: 3 × 37 × (log2 1,015,000 − 8.3) ≈ 1,293 ns; (1,293 − 10) / 85 = 15.1 per worker: 16, so S = 31.
    expect(breakEvenSizes({ ...zipf20m, releases: 400_000, policy: 'opt' })).toBe(31);
    // A warm-up of 5M records adds an engine (depths only) over a quarter: 326.1 + 404.4 / 4 ≈ 427 ns; (427 − 10) / 85 = 4.9 per worker: 5, so S = 9.
    expect(breakEvenSizes({ ...zipf20m, warmupRecords: 5_000_000, policy: 'opt' })).toBe(9);
    expect(chooseCurveMethod({ ...zipf20m, releases: 10, policy: 'opt', sizes: 48 })).toBe('one-pass');
    expect(chooseCurveMethod({ ...zipf20m, policy: 'lru-k', sizes: 24 })).toBe('per-size');
  });

  it('takes a forced method when there is an engine, and replays without one', () => {
    expect(chooseCurveMethod({ ...zipf20m, policy: 'opt', sizes: 24, force: 'one-pass' })).toBe('one-pass');
    expect(chooseCurveMethod({ ...zipf20m, policy: 'lru', sizes: 24, force: 'per-size' })).toBe('per-size');
    expect(chooseCurveMethod({ ...zipf20m, policy: 'clock', sizes: 24, hasOnePass: false, force: 'one-pass' })).toBe('per-size');
  });
});

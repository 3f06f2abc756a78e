/**
 * The importers' id → dense page map (an open-addressing table on typed arrays) against a Map keyed
 * by the whole 64-bit id: the same pages for every id, in first-appearance order, through several
 * doublings and with ids built to collide.
 */
import { describe, expect, it } from 'vitest';
import { DensePages } from '../../traces/importers/idSpace.js';
import { randomInt, rng } from '../helpers/random.js';

/** The obviously correct numbering: a Map from the id as a BigInt. */
function reference(): (hi: number, lo: number) => number {
  const map = new Map<bigint, number>();
  return (hi, lo) => {
    const key = (BigInt(hi) << 32n) | BigInt(lo);
    let p = map.get(key);
    if (p === undefined) map.set(key, (p = map.size));
    return p;
  };
}

describe('IdSpace', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`numbers 64-bit ids like a Map does (seed ${seed}: growth from 4,096 slots past 100,000 ids)`, () => {
      const r = rng(seed);
      const space = new DensePages('ids').space();
      const ref = reference();
      // Ids drawn from a pool: 0/1/full high halves, low halves sharing bits, repeats of recent ids.
      const pool: [number, number][] = [];
      for (let k = 0; k < 150_000; k++) {
        const kind = randomInt(r, 4);
        const hi = kind === 0 ? 0 : kind === 1 ? 1 : kind === 2 ? randomInt(r, 2 ** 32) : 0xffffffff;
        const lo = kind === 3 ? k : randomInt(r, 2 ** 32);
        pool.push([hi, lo]);
      }
      for (let i = 0; i < 400_000; i++) {
        const [hi, lo] = r() < 0.5 ? pool[randomInt(r, 1000)]! : pool[randomInt(r, pool.length)]!;
        const got = space.page(hi, lo);
        const want = ref(hi, lo);
        if (got !== want) expect([i, hi, lo, got]).toEqual([i, hi, lo, want]);
      }
      expect(space.size).toBeGreaterThan(50_000);
    });
  }

  for (const seed of [6, 7, 8]) {
    it(`numbers small ids through the direct array like a Map does, as it widens and takes ids over from the table (seed ${seed})`, () => {
      const r = rng(seed);
      const space = new DensePages('ids').space();
      const ref = reference();
      // Small ids from a range that grows with the ids numbered (the array widens), ids a little
      // beyond it (the table numbers them until the array covers them), sparse large ids (never
      // covered), and the same low halves under high half 1 (never direct).
      for (let i = 0; i < 300_000; i++) {
        const kind = randomInt(r, 10);
        const reach = 1000 + 4 * space.size;
        const lo = kind < 6 ? randomInt(r, reach) : kind < 8 ? reach + randomInt(r, 8 * reach) : kind === 8 ? randomInt(r, 2 ** 32) : randomInt(r, reach);
        const hi = kind === 9 ? 1 : 0;
        const got = space.page(hi, lo);
        const want = ref(hi, lo);
        if (got !== want) expect([i, hi, lo, got]).toEqual([i, hi, lo, want]);
      }
      expect(space.size).toBeGreaterThan(100_000);
    });
  }

  it('tells apart ids that differ only in the high half, and ids whose slots collide', () => {
    const space = new DensePages('ids').space();
    const ref = reference();
    // The same low half under 5,000 high halves, then low halves that are equal modulo the table
    // (multiples of 2^20 land in one run of slots while the table is small).
    const ids: [number, number][] = [];
    for (let hi = 0; hi < 5000; hi++) ids.push([hi, 7]);
    for (let k = 0; k < 4000; k++) ids.push([0, (k * 2 ** 20) >>> 0], [k & 3, (k * 2 ** 20) >>> 0]);
    for (const round of [0, 1]) {
      for (const [hi, lo] of ids) expect(space.page(hi, lo), `${round}: ${hi}:${lo}`).toBe(ref(hi, lo));
    }
    expect(space.pageOfNumber(2 ** 53 - 1)).toBe(ref(2 ** 21 - 1, 0xffffffff));
  });

  it('shares one numbering between spaces, each with its own ids', () => {
    const pages = new DensePages('ids');
    const a = pages.space();
    const b = pages.space();
    expect([a.page(0, 1), b.page(0, 1), a.page(0, 1), b.page(0, 2), a.page(5, 1)]).toEqual([0, 1, 0, 2, 3]);
  });
});

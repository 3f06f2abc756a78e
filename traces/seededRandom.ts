/**
 * mulberry32 (Tommy Ettinger, public domain): a seeded generator with 32 bits of state, fast, and
 * the same sequence on every platform — for randomised policies, workload generators and tests.
 */
export const MULBERRY32_STEP = 0x6d2b79f5;

/** The output for a state that has just been advanced by MULBERRY32_STEP: uniform in [0, 1). */
export function mulberry32Output(state: number): number {
  let t = Math.imul(state ^ (state >>> 15), state | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** A generator of uniform numbers in [0, 1) seeded with `seed`. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => mulberry32Output((state = (state + MULBERRY32_STEP) >>> 0));
}

/** Seeded pseudo-random numbers for reproducible random tests (mulberry32). */
import { mulberry32 } from '../../traces/seededRandom.js';

export function rng(seed: number): () => number {
  return mulberry32(seed);
}

export function randomInt(r: () => number, n: number): number {
  return Math.floor(r() * n);
}

/**
 * Seeded pseudo-random numbers for the generator (mulberry32: 32 bits of state, fast, and the
 * same sequence on every platform), and the samplers its access patterns use.
 */
import { MULBERRY32_STEP, mulberry32Output } from '../../traces/index.js';

export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = (seed ^ 0x9e3779b9) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return mulberry32Output((this.state = (this.state + MULBERRY32_STEP) >>> 0));
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A run length ≥ 1 with mean `mean` (geometric). */
  runLength(mean: number): number {
    if (mean <= 1) return 1;
    return 1 + Math.floor(Math.log(1 - this.next()) / Math.log(1 - 1 / mean));
  }

  /** A new generator whose sequence depends on this one's seed and `salt` only. */
  fork(salt: number): Random {
    return new Random((this.state ^ Math.imul(salt + 1, 0x85ebca6b)) >>> 0);
  }
}

/** Cumulative Zipf weights 1/(k+1)^s over n ranks, shared by every pattern of the same shape. */
const zipfTables = new Map<string, Float64Array>();

export function zipfTable(n: number, exponent: number): Float64Array {
  const key = `${n}/${exponent}`;
  let cdf = zipfTables.get(key);
  if (!cdf) {
    cdf = new Float64Array(n);
    let sum = 0;
    for (let k = 0; k < n; k++) cdf[k] = sum += 1 / Math.pow(k + 1, exponent);
    for (let k = 0; k < n; k++) cdf[k]! /= sum;
    zipfTables.set(key, cdf);
  }
  return cdf;
}

/** The rank whose cumulative weight first reaches u (binary search). */
export function sampleTable(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid]! < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

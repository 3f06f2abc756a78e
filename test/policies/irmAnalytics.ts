/**
 * Closed forms for hit ratios under the Independent Reference Model (docs/policies.md, "IRM
 * streams"): A0 (the B most probable pages locked in), LRU by Che's approximation, FIFO (and RANDOM) by
 * the fixed point h_i = p_i·T / (1 + p_i·T). Each characteristic time T solves Σ h_i = C, found by
 * bisection on its monotone left side.
 */

/** A0: the hit ratio of keeping the B most probable pages. */
export function a0HitRatio(p: Float64Array, frames: number): number {
  return [...p].sort((a, b) => b - a).slice(0, frames).reduce((s, x) => s + x, 0);
}

function solve(occupancy: (t: number) => number, frames: number): number {
  let lo = 0;
  let hi = 1;
  while (occupancy(hi) < frames) hi *= 2;
  for (let k = 0; k < 200; k++) {
    const mid = (lo + hi) / 2;
    if (occupancy(mid) < frames) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function hitRatio(p: Float64Array, frames: number, inCache: (pi: number, t: number) => number): number {
  const t = solve((x) => p.reduce((s, pi) => s + inCache(pi, x), 0), frames);
  return p.reduce((s, pi) => s + pi * inCache(pi, t), 0);
}

export function cheLruHitRatio(p: Float64Array, frames: number): number {
  return hitRatio(p, frames, (pi, t) => 1 - Math.exp(-pi * t));
}

export function fifoHitRatio(p: Float64Array, frames: number): number {
  return hitRatio(p, frames, (pi, t) => (pi * t) / (1 + pi * t));
}

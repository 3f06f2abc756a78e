/** Random cases for the one-pass differential tests. */
import { makeCode, traceFromRecords, type LoadedTrace } from '../../index.js';
import { randomInt, rng } from '../helpers/random.js';
import { randomTrace } from '../helpers/randomStreams.js';

export interface OnePassCase {
  trace: LoadedTrace;
  warmup: number;
}

/**
 * Pages that come back after their release, releases of pages not resident or released twice:
 * what the merger never writes but a hand-made stream may hold.
 */
function revivingTrace(seed: number): LoadedTrace {
  const r = rng(seed);
  const universe = 2 + randomInt(r, 30);
  const n = 20 + randomInt(r, 400);
  const pages: number[] = [];
  const codes: number[] = [];
  const kinds = Array.from({ length: universe }, () => 1 + randomInt(r, 2));
  for (let i = 0; i < n; i++) {
    const p = randomInt(r, Math.min(universe, 1 + Math.floor(i / 2)));
    if (i > 0 && r() < 0.1) {
      pages.push(p);
      codes.push(4);
    } else {
      pages.push(p);
      codes.push(makeCode(randomInt(r, 4) as 0 | 1 | 2 | 3, kinds[p] as 1 | 2));
    }
  }
  return traceFromRecords({ name: `reviving-${seed}`, format: 'basic-named', pageSize: 4096 }, pages, codes);
}

/** A seeded case: releases, kinds, writes and a warm-up, in varying mixes. */
export function randomCase(seed: number): OnePassCase {
  const r = rng(seed * 104729);
  const trace = seed % 7 === 0
    ? revivingTrace(seed)
    : randomTrace(seed, {
        length: 20 + randomInt(r, 600),
        universe: 2 + randomInt(r, 80),
        named: seed % 2 === 0,
        releaseRate: seed % 3 === 0 ? 0 : r() * 0.08,
        writeRate: r(),
        hotRate: r(),
      });
  const warmup = seed % 4 === 0 ? 0 : randomInt(r, trace.length + 1);
  return { trace, warmup };
}

export function allSizes(trace: LoadedTrace): number[] {
  return Array.from({ length: trace.pageCount + 2 }, (_, k) => k + 1);
}

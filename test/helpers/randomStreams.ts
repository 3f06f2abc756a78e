/** Seeded random reference streams with dense pages, for differential and round-trip tests. */
import {
  KIND_ANON,
  KIND_FILE,
  OP_FS_READ,
  OP_FS_WRITE,
  OP_RELEASE,
  OP_VM_READ,
  OP_VM_WRITE,
  makeCode,
  traceFromRecords,
  type Kind,
  type LoadedTrace,
  type Op,
} from '../../traces/index.js';
import { randomInt, rng } from './random.js';

export interface RandomStreamOptions {
  length: number;
  /** Size of the page universe drawn from (pages are renumbered densely). */
  universe: number;
  named?: boolean;
  /** Probability that a record is a release of an already-seen page. */
  releaseRate?: number;
  writeRate?: number;
  fsRate?: number;
  /** Skew: probability of drawing from a small hot set of pages. */
  hotRate?: number;
}

export interface RandomStream {
  pages: number[];
  codes: number[];
}

/** Dense pages in first-appearance order; page kinds fixed per page; releases only of seen pages. */
export function randomStream(seed: number, o: RandomStreamOptions): RandomStream {
  const r = rng(seed);
  const canon = new Map<number, number>();
  const kindOf = new Map<number, Kind>();
  const pages: number[] = [];
  const codes: number[] = [];
  const hot = Math.max(1, Math.floor(o.universe / 8));
  const released = new Set<number>();
  while (pages.length < o.length) {
    if (kindOf.size > 0 && r() < (o.releaseRate ?? 0)) {
      const p = randomInt(r, kindOf.size);
      if (!released.has(p)) {
        released.add(p);
        pages.push(p);
        codes.push(OP_RELEASE);
      }
      continue;
    }
    const raw = r() < (o.hotRate ?? 0.5) ? randomInt(r, hot) : randomInt(r, o.universe);
    let p = canon.get(raw);
    // A released page never comes back: its identity's next use is a new page (as the merger does).
    if (p === undefined || released.has(p)) {
      p = kindOf.size;
      canon.set(raw, p);
      kindOf.set(p, o.named ? (r() < 0.5 ? KIND_ANON : KIND_FILE) : 0);
    }
    const write = r() < (o.writeRate ?? 0.3);
    const fs = r() < (o.fsRate ?? 0.2);
    const op: Op = fs ? (write ? OP_FS_WRITE : OP_FS_READ) : write ? OP_VM_WRITE : OP_VM_READ;
    pages.push(p);
    codes.push(makeCode(op, kindOf.get(p)!));
  }
  return { pages, codes };
}

export function randomTrace(seed: number, o: RandomStreamOptions): LoadedTrace {
  const s = randomStream(seed, o);
  return traceFromRecords({ name: `random-${seed}`, format: o.named ? 'basic-named' : 'basic', pageSize: 4096 }, s.pages, s.codes);
}

export interface RandomCase {
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
export function randomCase(seed: number): RandomCase {
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

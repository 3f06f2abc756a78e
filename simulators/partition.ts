/**
 * Partitioned mode: anonymous pages and file pages in separate pools, each run by its own instance
 * of the policy. The trace is split once into its anonymous and file sub-streams (page numbers kept,
 * releases routed by the kind of the page they release); each pool replays its own sub-stream, so
 * its logical time counts only its own references.
 */
import { KIND_ANON, KIND_SHIFT, RELEASE_BIT } from '../traces/operations.js';
import { TraceBuffer, UsageError, type LoadedTrace } from '../traces/index.js';

export interface KindSplit {
  anon: LoadedTrace;
  file: LoadedTrace;
  /** For each pool, how many of its records come before a given record index of the whole trace. */
  anonBefore(index: number): number;
  fileBefore(index: number): number;
}

const memo = new WeakMap<Uint32Array, KindSplit>();

export function splitByKind(trace: LoadedTrace): KindSplit {
  const cached = memo.get(trace.pages);
  if (cached) return cached;
  if (trace.format !== 'basic-named') {
    throw new UsageError(`${trace.name}: partitioned mode needs a basic-named stream (pages must be known as anonymous or file)`);
  }
  const { pages, codes, length } = trace;
  const pageKind = new Uint8Array(trace.pageCount);
  const anon = new TraceBuffer(length >> 1);
  const file = new TraceBuffer(length >> 1);
  // Prefix counts sampled every 4096 records keep the index → sub-index mapping small.
  const STEP = 4096;
  const anonAt = new Float64Array(Math.floor(length / STEP) + 1);
  for (let i = 0; i < length; i++) {
    if (i % STEP === 0) anonAt[i / STEP] = anon.length;
    const p = pages[i]!;
    const c = codes[i]!;
    const kind = c & RELEASE_BIT ? pageKind[p]! : c >> KIND_SHIFT;
    if (!(c & RELEASE_BIT)) pageKind[p] = kind;
    (kind === KIND_ANON ? anon : file).push(c, p);
  }
  const meta = { format: trace.format, pageSize: trace.pageSize };
  // Sub-streams keep the whole trace's page numbers, so they are not renumbered.
  const anonTrace = anon.finish({ ...meta, name: `${trace.name} (anonymous)` }, trace.pageCount);
  const fileTrace = file.finish({ ...meta, name: `${trace.name} (file)` }, trace.pageCount);
  const anonBefore = (index: number): number => {
    const block = Math.floor(index / STEP);
    let n = anonAt[block]!;
    for (let i = block * STEP; i < index; i++) {
      const c = codes[i]!;
      const kind = c & RELEASE_BIT ? pageKind[pages[i]!]! : c >> KIND_SHIFT;
      if (kind === KIND_ANON) n++;
    }
    return n;
  };
  const split: KindSplit = {
    anon: anonTrace,
    file: fileTrace,
    anonBefore,
    fileBefore: (index) => index - anonBefore(index),
  };
  memo.set(trace.pages, split);
  return split;
}

/** Pool sizes for memory `frames` with a fraction `anonShare` for anonymous pages (each pool ≥ 1 frame). */
export function partitionFrames(frames: number, anonShare: number): { anonShare: number; anonFrames: number; fileFrames: number } {
  if (!(anonShare > 0 && anonShare < 1)) throw new UsageError(`a partition's anonymous share must lie strictly between 0 and 1, got ${anonShare}`);
  if (frames < 2) throw new UsageError(`partitioned mode needs at least 2 frames (one per pool), got ${frames}`);
  const anonFrames = Math.min(frames - 1, Math.max(1, Math.round(frames * anonShare)));
  return { anonShare, anonFrames, fileFrames: frames - anonFrames };
}

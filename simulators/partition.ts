/**
 * Partitioned mode: anonymous pages and file pages in separate pools, each run by its own instance
 * of the policy. The trace is split once into its anonymous and file sub-streams (page numbers kept,
 * releases routed by the kind of the page they release); each pool replays its own sub-stream, so
 * its logical time counts only its own references.
 */
import { KIND_ANON, KIND_SHIFT, RELEASE_BIT } from '../traces/operations.js';
import { TraceBuffer, UsageError, type LoadedTrace, type TraceChunk } from '../traces/index.js';

export interface KindSplit {
  anon: LoadedTrace;
  file: LoadedTrace;
  /** For each pool, how many of its records come before a given record index of the whole trace. */
  anonBefore(index: number): number;
  fileBefore(index: number): number;
}

/** One pool's records of the last chunk routed, and where warm-up ends among them. */
export interface RoutedRecords {
  pages: Uint32Array;
  codes: Uint8Array;
  length: number;
  /** The first record counted after warm-up (0: all are; length + 1: none is). */
  warmEnd: number;
}

/**
 * Routes records, chunk by chunk, to the anonymous or the file pool: a record by its kind, a
 * release by the kind of the page it releases. The one definition of partitioned routing: loaded
 * traces are split with it (splitByKind) and streams routed with it (simulateStreamFile).
 */
export class KindRouter {
  /** Each page's kind, as last referenced. */
  readonly pageKind: Uint8Array;
  readonly anon: RoutedRecords = { pages: new Uint32Array(0), codes: new Uint8Array(0), length: 0, warmEnd: 0 };
  readonly file: RoutedRecords = { pages: new Uint32Array(0), codes: new Uint8Array(0), length: 0, warmEnd: 0 };
  constructor(pageCount: number) {
    this.pageKind = new Uint8Array(pageCount);
  }

  /** Routes the chunk's records; `warmEnd` is the chunk's first counted record (CountedChunk.warmEnd; a negative one reads as 0). */
  route(chunk: Pick<TraceChunk, 'pages' | 'codes' | 'length'>, warmEnd = 0): void {
    for (const part of [this.anon, this.file]) {
      if (part.pages.length < chunk.length) {
        part.pages = new Uint32Array(chunk.length);
        part.codes = new Uint8Array(chunk.length);
      }
      part.length = 0;
      part.warmEnd = -1;
    }
    const pageKind = this.pageKind;
    for (let i = 0; i < chunk.length; i++) {
      const p = chunk.pages[i]!;
      const c = chunk.codes[i]!;
      if (i === warmEnd) {
        this.anon.warmEnd = this.anon.length;
        this.file.warmEnd = this.file.length;
      }
      const kind = c & RELEASE_BIT ? pageKind[p]! : c >> KIND_SHIFT;
      if (!(c & RELEASE_BIT)) pageKind[p] = kind;
      const part = kind === KIND_ANON ? this.anon : this.file;
      part.pages[part.length] = p;
      part.codes[part.length] = c;
      part.length++;
    }
    for (const part of [this.anon, this.file]) {
      if (part.warmEnd < 0) part.warmEnd = warmEnd > chunk.length ? part.length + 1 : warmEnd < 0 ? 0 : part.length;
    }
  }
}

const memo = new WeakMap<Uint32Array, KindSplit>();

export function splitByKind(trace: LoadedTrace): KindSplit {
  const cached = memo.get(trace.pages);
  if (cached) return cached;
  if (trace.format !== 'basic-named') {
    throw new UsageError(`${trace.name}: partitioned mode needs a basic-named stream (pages must be known as anonymous or file)`);
  }
  const { pages, codes, length } = trace;
  const router = new KindRouter(trace.pageCount);
  const anon = new TraceBuffer(length >> 1);
  const file = new TraceBuffer(length >> 1);
  // Routed in blocks of STEP records: the anonymous count before each block (prefix counts sampled
  // every STEP records) keeps the index → sub-index mapping small.
  const STEP = 4096;
  const anonAt = new Float64Array(Math.floor(length / STEP) + 1);
  for (let at = 0; at < length; at += STEP) {
    anonAt[at / STEP] = anon.length;
    const end = Math.min(length, at + STEP);
    router.route({ pages: pages.subarray(at, end), codes: codes.subarray(at, end), length: end - at });
    anon.pushChunk(router.anon.pages, router.anon.codes, router.anon.length);
    file.pushChunk(router.file.pages, router.file.codes, router.file.length);
  }
  if (length % STEP === 0) anonAt[length / STEP] = anon.length;
  const meta = { format: trace.format, pageSize: trace.pageSize };
  // Sub-streams keep the whole trace's page numbers, so they are not renumbered.
  const anonTrace = anon.finish({ ...meta, name: `${trace.name} (anonymous)` }, trace.pageCount);
  const fileTrace = file.finish({ ...meta, name: `${trace.name} (file)` }, trace.pageCount);
  const pageKind = router.pageKind;
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

/**
 * A whole reference stream held in memory as typed arrays (LOADED_BYTES_PER_RECORD), on
 * SharedArrayBuffers so that worker threads replay it without copying. Pages are dense.
 */
import { OP_RELEASE, OP_MASK, type StreamFormat } from './operations.js';
import type { ProcessTable } from './taggedFormat.js';

/** Memory a loaded trace takes per record: its page (4 bytes) and its code (1), untagged. */
export const LOADED_BYTES_PER_RECORD = 5;

export interface TraceMeta {
  /** A short name for reports (the file's base name, or a generator's label). */
  name: string;
  format: StreamFormat;
  pageSize: number;
}

/** A tagged trace's process and thread per record (on shared memory too), and its process table. */
export interface TraceTags {
  processes: Uint32Array;
  threads: Uint32Array;
  table: ProcessTable;
}

export interface LoadedTrace extends TraceMeta {
  pages: Uint32Array;
  codes: Uint8Array;
  /** Present when the trace was read from a tagged stream. */
  tags?: TraceTags;
  /** Records, releases included. */
  length: number;
  /** Distinct pages: every page is < pageCount. */
  pageCount: number;
  /** Records that are references (not releases). */
  references: number;
  releases: number;
}

function sharedUint32(n: number): Uint32Array {
  return new Uint32Array(new SharedArrayBuffer(Math.max(1, n) * 4), 0, n);
}

function sharedUint8(n: number): Uint8Array {
  return new Uint8Array(new SharedArrayBuffer(Math.max(1, n)), 0, n);
}

/** Told of each large shared buffer before it is filled (the simulators fault it in on a spare core: simulators/preFault.ts). */
export type OnFreshMemory = (buffer: SharedArrayBuffer) => void;

/** Builds a LoadedTrace record by record (generators, importers, loaders), growing as needed. */
export class TraceBuffer {
  pages: Uint32Array;
  codes: Uint8Array;
  /** Tagged traces: process and thread per record. */
  processes: Uint32Array | undefined;
  threads: Uint32Array | undefined;
  length = 0;
  /** Releases and density, kept as records arrive so that finishing needs no pass of its own. */
  private readonly facts = new ArrayFacts();

  /** `onFreshMemory` is given each shared buffer the trace's arrays are allocated in, before they are filled. */
  constructor(
    capacity = 1 << 16,
    tagged = false,
    private readonly onFreshMemory?: OnFreshMemory,
  ) {
    this.pages = this.fresh(sharedUint32(Math.max(16, capacity)));
    this.codes = this.fresh(sharedUint8(Math.max(16, capacity)));
    if (tagged) {
      this.processes = this.fresh(sharedUint32(this.pages.length));
      this.threads = this.fresh(sharedUint32(this.pages.length));
    }
  }

  private fresh<A extends Uint32Array | Uint8Array>(array: A): A {
    this.onFreshMemory?.(array.buffer as SharedArrayBuffer);
    return array;
  }

  private grow(min: number): void {
    const cap = Math.max(min, this.pages.length * 2);
    const n = this.length;
    const widen = <A extends Uint32Array | Uint8Array>(a: A, make: (k: number) => A): A => {
      const b = this.fresh(make(cap));
      b.set(a.subarray(0, n));
      return b;
    };
    this.pages = widen(this.pages, sharedUint32);
    this.codes = widen(this.codes, sharedUint8);
    if (this.processes) this.processes = widen(this.processes, sharedUint32);
    if (this.threads) this.threads = widen(this.threads, sharedUint32);
  }

  push(code: number, page: number, process = 0, thread = 0): void {
    if (this.length === this.pages.length) this.grow(this.length + 1);
    this.pages[this.length] = page;
    this.codes[this.length] = code;
    if (this.processes) {
      this.processes[this.length] = process;
      this.threads![this.length] = thread;
    }
    this.length++;
    this.facts.see(code, page);
  }

  pushChunk(pages: Uint32Array, codes: Uint8Array, n: number, processes?: Uint32Array, threads?: Uint32Array): void {
    if (this.length + n > this.pages.length) this.grow(this.length + n);
    this.facts.copy(pages, codes, n, this.pages, this.codes, this.length);
    if (this.processes && processes && threads) {
      this.processes.set(processes.subarray(0, n), this.length);
      this.threads!.set(threads.subarray(0, n), this.length);
    }
    this.length += n;
  }

  /** The tags of the records pushed, trimmed to length (on shared memory); undefined for untagged buffers. */
  tagsWith(table: ProcessTable): TraceTags | undefined {
    if (!this.processes) return undefined;
    const n = this.length;
    const trim = (a: Uint32Array): Uint32Array => {
      if (a.length - n <= a.length >> 3) return a.subarray(0, n);
      const b = sharedUint32(n);
      b.set(a.subarray(0, n));
      return b;
    };
    return { processes: trim(this.processes), threads: trim(this.threads!), table };
  }

  /**
   * The finished trace, on shared memory, with dense pages (renumbered if they were not). The
   * buffer's own memory is reused when little of it is spare, so a load of known size never copies.
   * With `pageCount` the pages are kept as they are (a sub-stream of a larger trace).
   */
  finish(meta: TraceMeta, pageCount?: number): LoadedTrace & { renumbered: boolean } {
    const n = this.length;
    let pages = this.pages.subarray(0, n);
    let codes = this.codes.subarray(0, n);
    if (this.pages.length - n > this.pages.length >> 3) {
      pages = this.fresh(sharedUint32(n));
      codes = this.fresh(sharedUint8(n));
      pages.set(this.pages.subarray(0, n));
      codes.set(this.codes.subarray(0, n));
    }
    return wrapArrays(meta, pages, codes, pageCount, this.facts);
  }
}

/**
 * What wrapping arrays as a trace needs to know of them: release records, and whether pages are
 * dense in first-appearance order (each page at most one above every page before it).
 */
class ArrayFacts {
  releases = 0;
  /** One above the highest page seen while dense. */
  next = 0;
  dense = true;

  see(code: number, page: number): void {
    if ((code & OP_MASK) === OP_RELEASE) this.releases++;
    if (page >= this.next) {
      if (page === this.next) this.next++;
      else this.dense = false;
    }
  }

  /** Copies `n` records into `toPages`/`toCodes` at `at`, seeing each (one pass for both jobs). */
  copy(pages: Uint32Array, codes: Uint8Array, n: number, toPages: Uint32Array, toCodes: Uint8Array, at: number): void {
    let releases = 0;
    let next = this.next;
    let dense = this.dense;
    for (let i = 0; i < n; i++) {
      const c = codes[i]!;
      const p = pages[i]!;
      toCodes[at + i] = c;
      toPages[at + i] = p;
      if ((c & OP_MASK) === OP_RELEASE) releases++;
      if (p >= next) {
        if (p === next) next++;
        else dense = false;
      }
    }
    this.releases += releases;
    this.next = next;
    this.dense = dense;
  }
}

/**
 * Wraps arrays as a LoadedTrace, counting releases and pages. If pages are not dense in
 * first-appearance order they are renumbered in place (same order of first appearance, so every
 * simulation result is unchanged) and `renumbered` says so.
 */
export function fromArrays(meta: TraceMeta, pages: Uint32Array, codes: Uint8Array, pageCount?: number): LoadedTrace & { renumbered: boolean } {
  const facts = new ArrayFacts();
  for (let i = 0; i < pages.length; i++) facts.see(codes[i]!, pages[i]!);
  return wrapArrays(meta, pages, codes, pageCount, facts);
}

function wrapArrays(meta: TraceMeta, pages: Uint32Array, codes: Uint8Array, pageCount: number | undefined, facts: ArrayFacts): LoadedTrace & { renumbered: boolean } {
  const n = pages.length;
  const renumbered = pageCount === undefined && !facts.dense;
  let next = facts.next;
  if (renumbered) {
    const map = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const p = pages[i]!;
      let q = map.get(p);
      if (q === undefined) {
        q = map.size;
        map.set(p, q);
      }
      pages[i] = q;
    }
    next = map.size;
  }
  return { ...meta, pages, codes, length: n, pageCount: pageCount ?? next, references: n - facts.releases, releases: facts.releases, renumbered };
}

/** A LoadedTrace from plain arrays of pages and codes (tests, generators). */
export function traceFromRecords(meta: TraceMeta, pages: ArrayLike<number>, codes: ArrayLike<number>): LoadedTrace & { renumbered: boolean } {
  const buf = new TraceBuffer(pages.length);
  for (let i = 0; i < pages.length; i++) buf.push(codes[i]!, pages[i]!);
  return buf.finish(meta);
}

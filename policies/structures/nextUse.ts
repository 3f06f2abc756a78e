/**
 * For each record, the index of the next reference to the same page (trace length when there is
 * none), from one backward pass. Releases are skipped: a released page is never used again unless
 * referenced anew. Memoised per loaded trace, since every OPT run on a trace needs the same array;
 * it lives on a SharedArrayBuffer so that worker threads replaying the trace can be handed it
 * (`rememberNextUse`) instead of each building its own (4 bytes per record).
 */
import type { LoadedTrace, OnFreshMemory } from '../../traces/index.js';
import { RELEASE_BIT } from '../../traces/operations.js';

const memo = new WeakMap<Uint32Array, Int32Array>();

export function nextUseOf(trace: LoadedTrace, onFreshMemory?: OnFreshMemory): Int32Array {
  let next = memo.get(trace.pages);
  if (next) return next;
  const n = trace.length;
  const buffer = new SharedArrayBuffer(Math.max(1, n) * 4);
  onFreshMemory?.(buffer);
  next = new Int32Array(buffer, 0, n);
  nextUsesBackward(trace.pages, trace.codes, 0, n, next, new Int32Array(trace.pageCount).fill(n));
  memo.set(trace.pages, next);
  return next;
}

/**
 * The backward pass over the `count` records `pages` and `codes` hold from index 0, which stand at
 * `first` in the stream: each one's next use into `nextUse` (stream indices; `nextUse.length` is
 * the record count, "never"). `last` holds each page's next reference after them (the record count
 * when none) and is left holding it before them, so that a stream can be passed over block by block
 * from its end (simulators/nextUseBackward.ts).
 */
export function nextUsesBackward(pages: Uint32Array, codes: Uint8Array, first: number, count: number, nextUse: Int32Array, last: Int32Array): void {
  const never = nextUse.length;
  for (let k = count - 1, i = first + count - 1; k >= 0; k--, i--) {
    const p = pages[k]!;
    if (codes[k]! & RELEASE_BIT) {
      nextUse[i] = never;
      last[p] = never;
      continue;
    }
    nextUse[i] = last[p]!;
    last[p] = i;
  }
}

/** Records `next` as the next-use array of `trace` (computed by another thread for the same records). */
export function rememberNextUse(trace: LoadedTrace, next: Int32Array): void {
  if (next.length !== trace.length) throw new Error(`next-use array of ${next.length} records for a trace of ${trace.length}`);
  memo.set(trace.pages, next);
}

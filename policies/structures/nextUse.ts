/**
 * For each record, the index of the next reference to the same page (trace length when there is
 * none), from one backward pass. Releases are skipped: a released page is never used again unless
 * referenced anew. Memoised per loaded trace, since every OPT run on a trace needs the same array;
 * it lives on a SharedArrayBuffer so that worker threads replaying the trace can be handed it
 * (`rememberNextUse`) instead of each building its own (4 bytes per record).
 */
import type { LoadedTrace } from '../../traces/index.js';
import { RELEASE_BIT } from '../../traces/operations.js';

const memo = new WeakMap<Uint32Array, Int32Array>();

export function nextUseOf(trace: LoadedTrace): Int32Array {
  let next = memo.get(trace.pages);
  if (next) return next;
  const n = trace.length;
  const { pages, codes } = trace;
  next = new Int32Array(new SharedArrayBuffer(Math.max(1, n) * 4), 0, n);
  const last = new Int32Array(trace.pageCount).fill(n);
  for (let i = n - 1; i >= 0; i--) {
    const p = pages[i]!;
    if (codes[i]! & RELEASE_BIT) {
      next[i] = n;
      last[p] = n;
      continue;
    }
    next[i] = last[p]!;
    last[p] = i;
  }
  memo.set(trace.pages, next);
  return next;
}

/** Records `next` as the next-use array of `trace` (computed by another thread for the same records). */
export function rememberNextUse(trace: LoadedTrace, next: Int32Array): void {
  if (next.length !== trace.length) throw new Error(`next-use array of ${next.length} records for a trace of ${trace.length}`);
  memo.set(trace.pages, next);
}

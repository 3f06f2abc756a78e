/**
 * For each record, the index of the next reference to the same page (trace length when there is
 * none), from one backward pass. Releases are skipped: a released page is never used again unless
 * referenced anew. Memoised per loaded trace, since every OPT run on a trace needs the same array.
 */
import type { LoadedTrace } from '../traces/index.js';
import { RELEASE_BIT } from '../traces/operations.js';

const memo = new WeakMap<Uint32Array, Int32Array>();

export function nextUseOf(trace: LoadedTrace): Int32Array {
  let next = memo.get(trace.pages);
  if (next) return next;
  const n = trace.length;
  const { pages, codes } = trace;
  next = new Int32Array(n);
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

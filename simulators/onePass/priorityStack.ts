/**
 * Mattson's priority stack (Mattson, Gecsei, Slutz & Traiger, IBM Systems Journal 9(2), 1970) for
 * stack algorithms that evict by a priority fixed between a page's references (OPT, LRU-K with
 * CRP 0 and unbounded history). Each page carries a *badness*: memory evicts the resident page
 * with the greatest. On a reference the page goes on top and the old top is carried down: at each
 * position above the page's old one, whichever of the carried page and the page there is worse is
 * carried on; the last carried page fills the old position. The page carried past position M is
 * the victim at size M, so the top M positions are the memory of M frames, for every M at once.
 *
 * A released page leaves a hole (badness +∞, a free frame for the sizes that held it): the carry
 * stops there and fills it, and the referenced page's old position becomes the hole.
 *
 * The carry only ever meets worse pages at the positions where it changes, so the walk jumps from
 * one to the next with block maxima (64 positions per block, 64 blocks per super-block) instead of
 * visiting every position. Maxima are kept as upper bounds: raised when a key grows, tightened
 * when a walk reads a whole block.
 */
import { NOT_IN_STACK } from './depthCounters.js';

const B = 6;
const BLOCK = 1 << B;
const S = 2 * B;

export class PriorityStack {
  private readonly page: Int32Array;
  private readonly key: Float64Array;
  /** Position of each page, -1 when not in the stack. */
  private readonly pos: Int32Array;
  private readonly blockMax: Float64Array;
  private readonly superMax: Float64Array;
  private length = 0;

  constructor(pageCount: number) {
    const cap = Math.max(1, pageCount);
    this.page = new Int32Array(cap);
    this.key = new Float64Array(cap);
    this.pos = new Int32Array(pageCount).fill(-1);
    this.blockMax = new Float64Array((cap >>> B) + 1).fill(-Infinity);
    this.superMax = new Float64Array((cap >>> S) + 1).fill(-Infinity);
  }

  private raise(at: number, k: number): void {
    if (k > this.blockMax[at >>> B]!) this.blockMax[at >>> B] = k;
    if (k > this.superMax[at >>> S]!) this.superMax[at >>> S] = k;
  }

  /** The first position in [from, end) whose key exceeds `k`, or -1. */
  private findWorse(from: number, end: number, k: number): number {
    const key = this.key;
    const blockMax = this.blockMax;
    let i = from;
    while (i < end) {
      const b = i >>> B;
      if ((i & (BLOCK - 1)) === 0 && (b & (BLOCK - 1)) === 0 && i + (BLOCK << B) <= end && this.superMax[b >>> B]! <= k) {
        i += BLOCK << B;
        continue;
      }
      if (blockMax[b]! <= k) {
        i = (b + 1) << B;
        continue;
      }
      const stop = Math.min(end, (b + 1) << B);
      const whole = (i & (BLOCK - 1)) === 0 && stop === (b + 1) << B;
      let max = -Infinity;
      for (; i < stop; i++) {
        const v = key[i]!;
        if (v > k) return i;
        if (v > max) max = v;
      }
      if (whole) this.tighten(b, max);
    }
    return -1;
  }

  private tighten(b: number, max: number): void {
    this.blockMax[b] = max;
    const s = b >>> B;
    let m = -Infinity;
    const end = Math.min(this.blockMax.length, (s + 1) << B);
    for (let x = s << B; x < end; x++) if (this.blockMax[x]! > m) m = this.blockMax[x]!;
    this.superMax[s] = m;
  }

  private put(at: number, p: number, k: number): void {
    this.page[at] = p;
    this.key[at] = k;
    if (p >= 0) this.pos[p] = at;
    this.raise(at, k);
  }

  /** Moves `p` to the top with badness `k`; returns the depth it had (NOT_IN_STACK when absent). */
  reference(p: number, k: number): number {
    const { page, key, pos } = this;
    const old = pos[p]!;
    const end = old >= 0 ? old : this.length;
    let carry = p;
    let carryKey = -Infinity;
    let i = 0;
    for (;;) {
      let j = i < end && key[i]! > carryKey ? i : this.findWorse(i, end, carryKey);
      if (j < 0) break;
      // Swap, and go on swapping while the next position is worse too: on skewed traces the
      // stack is nearly sorted and the carry changes at most positions (runs of them).
      for (;;) {
        const q = page[j]!;
        const qk = key[j]!;
        page[j] = carry;
        key[j] = carryKey;
        pos[carry] = j;
        if (q < 0) {
          // A hole: the carry fills it and the page's old position becomes the hole.
          if (old >= 0) this.put(old, -1, Infinity);
          key[0] = k;
          this.raise(0, k);
          return old >= 0 ? old + 1 : NOT_IN_STACK;
        }
        carry = q;
        carryKey = qk;
        j++;
        if (j >= end || key[j]! <= carryKey) break;
      }
      i = j;
    }
    if (carry === p) {
      // Nothing above it: the page was on top (or the stack was empty).
      this.put(end, p, k);
    } else {
      this.put(end, carry, carryKey);
      key[0] = k;
      this.raise(0, k);
    }
    if (old < 0 && end === this.length) this.length++;
    return old >= 0 ? old + 1 : NOT_IN_STACK;
  }

  /** Removes `p`, leaving a hole; returns the depth it had (NOT_IN_STACK when absent). */
  release(p: number): number {
    const at = this.pos[p]!;
    if (at < 0) return NOT_IN_STACK;
    this.pos[p] = -1;
    this.put(at, -1, Infinity);
    return at + 1;
  }

  forEachPage(fn: (page: number, depth: number) => void): void {
    for (let i = 0; i < this.length; i++) if (this.page[i]! >= 0) fn(this.page[i]!, i + 1);
  }
}

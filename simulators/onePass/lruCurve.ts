/**
 * The one-pass LRU curve: each reference's LRU stack distance, from the number of pages referenced
 * since the page's last reference (Mattson et al. 1970; Bennett & Kruskal 1975). Every page in
 * the stack owns a time slot, its last reference; its depth is the number of marked slots from its
 * own to the newest. Slots are renumbered densely when they run out, so memory grows with the
 * distinct pages, not with the trace.
 *
 * A released page leaves its slot marked as a hole (a free frame in every memory deep enough to
 * have held it). A reference that faults at some size fills that size's free frame instead of
 * evicting: in stack terms the topmost hole above the referenced page is consumed and the page's
 * old position becomes the hole, so positions below the hole do not move.
 */
import type { LoadedTrace } from '../../traces/index.js';
import { DepthCounters, NOT_IN_STACK, countDepths, type StackEngine, type RecordsDone } from './depthCounters.js';
import { MaxHeap } from './slotHeap.js';
import { SLOT_GRANULE, SlotCounter } from './slotCounter.js';

export class LruStack implements StackEngine {
  /** Slot of each page's last reference, -1 when the page is not in the stack. */
  private readonly last: Int32Array;
  /** Page owning each slot, -1 for a hole. */
  private slotPage: Int32Array;
  private spare: Int32Array;
  private readonly counter: SlotCounter;
  private readonly holes = new MaxHeap();
  /** The next free slot. */
  private next = 0;

  /** `slots` (tests): fewer slots force frequent renumbering; at least 2 × pageCount. */
  constructor(pageCount: number, slots?: number) {
    const capacity = slots ?? Math.ceil(Math.max(2 * pageCount, SLOT_GRANULE) / SLOT_GRANULE) * SLOT_GRANULE;
    this.last = new Int32Array(pageCount).fill(-1);
    this.slotPage = new Int32Array(capacity);
    this.spare = new Int32Array(capacity);
    this.counter = new SlotCounter(capacity);
  }

  /** Moves `page` to the top and returns the depth it had (NOT_IN_STACK when absent). */
  reference(page: number): number {
    const s = this.last[page]!;
    const top = this.next - 1;
    if (s === top && s >= 0) return 1;
    if (this.next === this.counter.capacity) return this.renumbered().reference(page);
    const counter = this.counter;
    let depth = NOT_IN_STACK;
    if (s >= 0) {
      depth = counter.countFrom(s, top);
      if (this.holes.size > 0 && this.holes.top() > s) {
        counter.unmark(this.holes.pop());
        this.slotPage[s] = -1;
        this.holes.push(s);
      } else {
        counter.unmark(s);
      }
    } else if (this.holes.size > 0) {
      counter.unmark(this.holes.pop());
    }
    const t = this.next++;
    counter.mark(t);
    this.slotPage[t] = page;
    this.last[page] = t;
    return depth;
  }

  /** Removes `page`, leaving a hole; returns the depth it had (NOT_IN_STACK when absent). */
  release(page: number): number {
    const s = this.last[page]!;
    if (s < 0) return NOT_IN_STACK;
    const depth = this.counter.countFrom(s, this.next - 1);
    this.slotPage[s] = -1;
    this.holes.push(s);
    this.last[page] = -1;
    return depth;
  }

  /** Removes `page` without a trace: the pages below it move up (a page leaving a sample). */
  forget(page: number): void {
    const s = this.last[page]!;
    if (s < 0) return;
    this.counter.unmark(s);
    this.last[page] = -1;
  }

  /** Calls `fn` with every page in the stack and its depth. */
  forEachPage(fn: (page: number, depth: number) => void): void {
    let total = 0;
    this.counter.forEachMarked(() => total++);
    let k = 0;
    this.counter.forEachMarked((slot) => {
      const p = this.slotPage[slot]!;
      if (p >= 0) fn(p, total - k);
      k++;
    });
  }

  /** Renumbers the marked slots 0, 1, … in order (pages and holes alike). */
  private renumbered(): this {
    const fresh = this.spare;
    let n = 0;
    this.counter.forEachMarked((slot) => (fresh[n++] = this.slotPage[slot]!));
    this.counter.clear();
    const holeSlots: number[] = [];
    for (let t = 0; t < n; t++) {
      this.counter.mark(t);
      const p = fresh[t]!;
      if (p >= 0) this.last[p] = t;
      else holeSlots.push(t);
    }
    this.holes.resetSorted(holeSlots, holeSlots.length);
    this.spare = this.slotPage;
    this.slotPage = fresh;
    this.next = n;
    return this;
  }
}

/** Runs the LRU stack over the trace; counting starts at `warmupRecords`. */
export function lruDepthCounters(trace: LoadedTrace, warmupRecords: number, slots?: number, onRecords?: RecordsDone): DepthCounters {
  return countDepths(trace, warmupRecords, new LruStack(trace.pageCount, slots), onRecords);
}

/**
 * OPT (Belady's MIN; Belady, "A study of replacement algorithms for a virtual-storage computer",
 * IBM Systems Journal 5(2), 1966): evict the resident page whose next reference is farthest in the
 * future. Pages never referenced again are infinitely far; ties among them go to the lowest
 * canonical page number, so results are deterministic. Next uses come from one backward pass: over
 * the loaded trace, or over the file of a stream that is not loaded (PolicySetup.nextUse; chunks
 * then say where they stand in the stream).
 * Resident pages sit in an indexed max-heap on next use: O(log M) per fault and per hit.
 * Resize (local allocations), between records: growing only raises the memory size; shrinking
 * evicts, one at a time, the resident page whose next reference after the current record is
 * farthest (the fault path's victim at this point of the trace) until the pages fit.
 */
import { RELEASE_BIT } from '../traces/operations.js';
import { nextUseOf } from './structures/nextUse.js';
import type { MemoryEvents, PolicyDefinition, PolicyInstance, PolicySetup, TraceView } from './policy.js';

class Opt implements PolicyInstance {
  private heap: Int32Array;
  private readonly key: Float64Array;
  /** Position of each page in the heap, -1 when not resident. */
  private readonly pos: Int32Array;
  private size = 0;
  private readonly never: number;

  constructor(
    private frames: number,
    pageCount: number,
    private readonly nextUse: Int32Array,
  ) {
    this.heap = new Int32Array(frames);
    this.key = new Float64Array(pageCount);
    this.pos = new Int32Array(pageCount).fill(-1);
    this.never = nextUse.length;
  }

  private siftUp(k: number): void {
    const { heap, key, pos } = this;
    const p = heap[k]!;
    const kp = key[p]!;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      const q = heap[parent]!;
      if (key[q]! >= kp) break;
      heap[k] = q;
      pos[q] = k;
      k = parent;
    }
    heap[k] = p;
    pos[p] = k;
  }

  private siftDown(k: number): void {
    const { heap, key, pos } = this;
    const n = this.size;
    const p = heap[k]!;
    const kp = key[p]!;
    for (;;) {
      let child = 2 * k + 1;
      if (child >= n) break;
      if (child + 1 < n && key[heap[child + 1]!]! > key[heap[child]!]!) child++;
      const q = heap[child]!;
      if (key[q]! <= kp) break;
      heap[k] = q;
      pos[q] = k;
      k = child;
    }
    heap[k] = p;
    pos[p] = k;
  }

  private removeAt(k: number): void {
    const { heap, pos } = this;
    const p = heap[k]!;
    pos[p] = -1;
    this.size--;
    if (k === this.size) return;
    heap[k] = heap[this.size]!;
    pos[heap[k]!] = k;
    this.siftDown(k);
    this.siftUp(k);
  }

  /** Priority: the next use, or past every use for a page never used again (lowest page first). */
  private priority(i: number, p: number): number {
    const next = this.nextUse[i]!;
    return next < this.never ? next : this.never + (this.key.length - p);
  }

  replay(view: TraceView, from: number, to: number, events: MemoryEvents): void {
    const { pages, codes } = view;
    const { pos, key } = this;
    // The record's index in the whole stream (the next-use array's) is `first + i`.
    const first = view.first ?? 0;
    for (let i = from; i < to; i++) {
      const p = pages[i]!;
      const c = codes[i]!;
      if (c & RELEASE_BIT) {
        const k = pos[p]!;
        if (k >= 0) this.removeAt(k);
        events.release(p, k >= 0);
        continue;
      }
      const k = pos[p]!;
      key[p] = this.priority(first + i, p);
      if (k >= 0) {
        // The key only grows (its next use is later than this one), so the page can only rise.
        this.siftUp(k);
        events.hit(c, p);
      } else {
        if (this.size >= this.frames) this.evictVictim(events);
        this.heap[this.size] = p;
        this.size++;
        this.siftUp(this.size - 1);
        events.fault(c, p);
      }
    }
  }

  private evictVictim(events: MemoryEvents): void {
    const v = this.heap[0]!;
    this.removeAt(0);
    events.evict(v);
  }

  resize(frames: number, events: MemoryEvents): void {
    this.frames = frames;
    const slots = Math.min(frames, this.key.length);
    if (slots > this.heap.length) {
      const heap = new Int32Array(slots);
      heap.set(this.heap);
      this.heap = heap;
    }
    while (this.size > frames) this.evictVictim(events);
  }

  residentPages(): number[] {
    return Array.from(this.heap.subarray(0, this.size));
  }
}

export const optPolicy: PolicyDefinition = {
  name: 'opt',
  aliases: ['min', 'belady'],
  summary: "Belady's MIN: evict the page whose next reference is farthest in the future",
  source: 'Belady, IBM Systems Journal 5(2), 1966; Mattson et al., IBM Systems Journal 9(2), 1970',
  params: [],
  capabilities: { needsFuture: true, nextUse: true, stack: () => true },
  create(setup: PolicySetup) {
    const nextUse = setup.trace ? nextUseOf(setup.trace) : setup.nextUse;
    if (!nextUse) throw new Error('opt needs the whole trace in advance, or its next uses (it cannot run on a stream without them)');
    return new Opt(setup.frames, setup.pageCount, nextUse);
  },
};

/**
 * RANDOM: evict a resident page chosen uniformly at random (Belady, IBM Systems Journal 5(2),
 * 1966, among the baseline algorithms). Reproducible from `setup.seed`: memory is an array of M
 * frames; frames fill in order 0, 1, 2, … and a released frame is reused first (last freed, first
 * reused); with memory full the victim is the page in frame floor(u × M), u the next number of a
 * mulberry32 generator seeded with the run's seed. Not a stack algorithm for a given seed. 4 bytes
 * per page.
 *
 * Resize (local allocations). Growing adds frames M … M'−1 at the top of memory, used after the
 * free frames already there, in order (so a run grown before its first load is a fresh run at M').
 * Shrinking: while more than M' pages are resident, evict one chosen uniformly among the resident
 * pages — the k-th occupied frame in frame order, k = floor(u × resident), one draw each (the fault
 * path's floor(u × M) would often land on a frame a release emptied, so it cannot serve once
 * memory is not full). Then frames M' … M−1 disappear: their pages move, in frame order, into the
 * free frames below M', each taking the next free frame the fault path would use.
 */
import { RELEASE_BIT } from '../traces/operations.js';
import type { MemoryEvents, PolicyDefinition, PolicyInstance, PolicySetup, TraceView } from './policy.js';
import { MULBERRY32_STEP, mulberry32Output } from '../traces/seededRandom.js';

class RandomPolicy implements PolicyInstance {
  /** The frame holding each page, -1 when not resident. */
  private readonly frameOf: Int32Array;
  private pageIn: Int32Array;
  /** Free frames, the next one on top. */
  private free: Int32Array;
  private freeCount: number;
  private state: number;

  constructor(private frames: number, pageCount: number, seed: number) {
    // Memory larger than the page count never fills, so frames past it are never used.
    const slots = Math.min(frames, pageCount);
    this.frameOf = new Int32Array(pageCount).fill(-1);
    this.pageIn = new Int32Array(slots).fill(-1);
    this.free = new Int32Array(slots);
    for (let f = 0; f < slots; f++) this.free[f] = slots - 1 - f;
    this.freeCount = slots;
    this.state = seed >>> 0;
  }

  /** mulberry32: uniform in [0, 1). */
  private next(): number {
    this.state = (this.state + MULBERRY32_STEP) >>> 0;
    return mulberry32Output(this.state);
  }

  replay(view: TraceView, from: number, to: number, events: MemoryEvents): void {
    const { pages, codes } = view;
    const { frameOf, pageIn, free } = this;
    for (let i = from; i < to; i++) {
      const p = pages[i]!;
      const c = codes[i]!;
      const f = frameOf[p]!;
      if (c & RELEASE_BIT) {
        if (f >= 0) {
          frameOf[p] = -1;
          pageIn[f] = -1;
          free[this.freeCount++] = f;
        }
        events.release(p, f >= 0);
      } else if (f >= 0) {
        events.hit(c, p);
      } else {
        let slot: number;
        if (this.freeCount > 0) {
          slot = free[--this.freeCount]!;
        } else {
          slot = Math.floor(this.next() * this.frames);
          const v = pageIn[slot]!;
          frameOf[v] = -1;
          events.evict(v);
        }
        pageIn[slot] = p;
        frameOf[p] = slot;
        events.fault(c, p);
      }
    }
  }

  resize(frames: number, events: MemoryEvents): void {
    const { frameOf } = this;
    const slots = Math.min(frames, frameOf.length);
    const before = this.pageIn.length;
    this.frames = frames;
    if (slots > before) {
      // The new frames go under the free ones, lowest on top.
      const pageIn = new Int32Array(slots).fill(-1);
      pageIn.set(this.pageIn);
      const free = new Int32Array(slots);
      let n = 0;
      for (let f = slots - 1; f >= before; f--) free[n++] = f;
      free.set(this.free.subarray(0, this.freeCount), n);
      this.pageIn = pageIn;
      this.free = free;
      this.freeCount += slots - before;
      return;
    }
    let resident = before - this.freeCount;
    for (; resident > frames; resident--) {
      let k = Math.floor(this.next() * resident);
      let f = 0;
      for (; ; f++) if (this.pageIn[f]! >= 0 && k-- === 0) break;
      const v = this.pageIn[f]!;
      this.pageIn[f] = -1;
      frameOf[v] = -1;
      this.free[this.freeCount++] = f;
      events.evict(v);
    }
    if (slots === before) return;
    let n = 0;
    for (let k = 0; k < this.freeCount; k++) if (this.free[k]! < slots) this.free[n++] = this.free[k]!;
    this.freeCount = n;
    for (let f = slots; f < before; f++) {
      const p = this.pageIn[f]!;
      if (p < 0) continue;
      const to = this.free[--this.freeCount]!;
      this.pageIn[to] = p;
      frameOf[p] = to;
    }
    this.pageIn = this.pageIn.slice(0, slots);
    this.free = this.free.slice(0, slots);
  }

  residentPages(): number[] {
    return Array.from(this.pageIn).filter((p) => p >= 0);
  }
}

export const randomPolicy: PolicyDefinition = {
  name: 'random',
  summary: 'Evict a resident page chosen at random (seeded: reproducible)',
  source: 'Belady, IBM Systems Journal 5(2), 1966',
  params: [],
  create: (setup: PolicySetup) => new RandomPolicy(setup.frames, setup.pageCount, setup.seed),
};

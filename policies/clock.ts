/**
 * CLOCK (second-chance FIFO; Corbató, "A paging experiment with the Multics system", 1968), exactly
 * as DESIGN.md defines it: resident pages form a queue, each with a reference bit. A hit sets the
 * bit. A fault with memory full first chooses the victim — take the head; if its bit is set, clear
 * it and move it to the tail; else evict it — then appends the new page at the tail with its bit
 * set to `refOnInsert` (1: the faulting access references it; 0 gives libCacheSim's Clock).
 *
 * The queue is a circular list with a hand at its head, so "move the head to the tail" is one step
 * of the hand, and a release unlinks its page without disturbing the order of the others.
 */
import { RELEASE_BIT } from '../traces/operations.js';
import type { MemoryEvents, PolicyDefinition, PolicyInstance, PolicySetup, TraceView } from './policy.js';

/** A circular queue of resident pages with reference bits, shared by CLOCK and SEGQ's active segment. */
export class ClockQueue {
  readonly prev: Int32Array;
  readonly next: Int32Array;
  readonly ref: Uint8Array;
  /** The head of the queue (-1 when empty); its predecessor is the tail. */
  hand = -1;
  size = 0;

  constructor(pageCount: number) {
    this.prev = new Int32Array(pageCount);
    this.next = new Int32Array(pageCount);
    this.ref = new Uint8Array(pageCount);
  }

  /** Appends `p` at the tail (just behind the hand) with reference bit `bit`. */
  append(p: number, bit: number): void {
    this.ref[p] = bit;
    const h = this.hand;
    if (h < 0) {
      this.prev[p] = p;
      this.next[p] = p;
      this.hand = p;
    } else {
      const t = this.prev[h]!;
      this.prev[p] = t;
      this.next[p] = h;
      this.next[t] = p;
      this.prev[h] = p;
    }
    this.size++;
  }

  remove(p: number): void {
    if (this.size === 1) {
      this.hand = -1;
    } else {
      const a = this.prev[p]!;
      const b = this.next[p]!;
      this.next[a] = b;
      this.prev[b] = a;
      if (this.hand === p) this.hand = b;
    }
    this.size--;
  }

  /** Sweeps from the head giving second chances and removes and returns the victim. */
  takeVictim(): number {
    const next = this.next;
    const ref = this.ref;
    let h = this.hand;
    while (ref[h] !== 0) {
      ref[h] = 0;
      h = next[h]!;
    }
    this.hand = h;
    this.remove(h);
    return h;
  }

  /** The pages from head to tail. */
  toArray(): number[] {
    const out: number[] = [];
    for (let k = 0, p = this.hand; k < this.size; k++, p = this.next[p]!) out.push(p);
    return out;
  }
}

class Clock implements PolicyInstance {
  private readonly queue: ClockQueue;
  private readonly resident: Uint8Array;

  constructor(
    private readonly frames: number,
    pageCount: number,
    private readonly refOnInsert: number,
  ) {
    this.queue = new ClockQueue(pageCount);
    this.resident = new Uint8Array(pageCount);
  }

  replay(view: TraceView, from: number, to: number, events: MemoryEvents): void {
    const { pages, codes } = view;
    const queue = this.queue;
    const ref = queue.ref;
    const resident = this.resident;
    const frames = this.frames;
    const bit = this.refOnInsert;
    for (let i = from; i < to; i++) {
      const p = pages[i]!;
      const c = codes[i]!;
      if (c & RELEASE_BIT) {
        const was = resident[p] === 1;
        if (was) {
          queue.remove(p);
          resident[p] = 0;
        }
        events.release(p, was);
      } else if (resident[p] === 1) {
        ref[p] = 1;
        events.hit(c, p);
      } else {
        if (queue.size >= frames) {
          const v = queue.takeVictim();
          resident[v] = 0;
          events.evict(v);
        }
        queue.append(p, bit);
        resident[p] = 1;
        events.fault(c, p);
      }
    }
  }

  residentPages(): number[] {
    return this.queue.toArray();
  }
}

export const clockPolicy: PolicyDefinition = {
  name: 'clock',
  aliases: ['second-chance'],
  summary: 'Second-chance FIFO: a reference bit per page, cleared by the sweeping hand',
  source: 'Corbató, "A paging experiment with the Multics system", MIT Project MAC, 1968; DESIGN.md',
  params: [
    {
      name: 'refOnInsert',
      type: 'integer',
      default: 1,
      min: 0,
      max: 1,
      description: 'reference bit of a newly loaded page (1: the faulting access counts; 0: libCacheSim Clock)',
    },
  ],
  create: (setup: PolicySetup, params) => new Clock(setup.frames, setup.pageCount, params.refOnInsert as number),
};

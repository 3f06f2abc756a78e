/**
 * CLOCK (second-chance FIFO; Corbató, "A paging experiment with the Multics system", 1968), exactly
 * as DESIGN.md defines it: resident pages form a queue, each with a reference bit. A hit sets the
 * bit. A fault with memory full first chooses the victim — take the head; if its bit is set, clear
 * it and move it to the tail; else evict it — then appends the new page at the tail with its bit
 * set to `refOnInsert` (1: the faulting access references it; 0 gives libCacheSim's Clock).
 *
 * Resize (local allocations, policy.ts): growing only raises the memory size (the ring is rebuilt
 * at twice the new size, live entries in queue order); shrinking takes victims exactly as a fault
 * with memory full would — sweep from the head, second chances included — until the pages fit.
 *
 * CLOCK's own ring buffer below is faster for the plain policy than `ClockQueue`
 * (structures/clockQueue.ts), the linked circular queue that SEGQ, GCLOCK and CLOCK-Pro build on.
 */
import { RELEASE_BIT } from '../traces/operations.js';
import type { MemoryEvents, PolicyDefinition, PolicyInstance, PolicySetup, TraceView } from './policy.js';

/**
 * CLOCK's queue as a ring buffer of page numbers rather than a linked list: the hand walks memory
 * in order, so a sweep's loads are independent of each other instead of a chain of dependent
 * `next` lookups (the linked list's sweep missed the cache on every step). Moving the head to the
 * tail copies the entry to the tail slot. Per page, one word holds the resident bit, the reference
 * bit and a load count; each ring entry carries the load count it was written with, so the entry
 * of a released page (or of a page released and loaded again) is recognised as stale and dropped
 * when the hand reaches it. The ring holds twice the frames; stale entries are squeezed out when
 * it fills.
 */
const RESIDENT = 1;
const REFERENCED = 2;
const LOAD_SHIFT = 2;

class Clock implements PolicyInstance {
  /** Per page: resident bit, reference bit, and (from bit 2) how many times it was loaded. */
  private readonly info: Uint32Array;
  private ring: Int32Array;
  private stamp: Uint32Array;
  private head = 0;
  private tail = 0;
  /** Entries in the ring, stale ones included. */
  private entries = 0;
  private count = 0;

  constructor(
    private frames: number,
    pageCount: number,
    private readonly refOnInsert: number,
  ) {
    this.info = new Uint32Array(pageCount);
    this.ring = new Int32Array(2 * frames + 2);
    this.stamp = new Uint32Array(2 * frames + 2);
  }

  private push(p: number, stamp: number): void {
    if (this.entries === this.ring.length) this.squeeze();
    this.ring[this.tail] = p;
    this.stamp[this.tail] = stamp;
    this.tail = this.tail + 1 === this.ring.length ? 0 : this.tail + 1;
    this.entries++;
  }

  /** Rewrites the live entries from slot 0 in queue order into a ring of `length` slots (by default the ring is full of stale ones). */
  private squeeze(length = this.ring.length): void {
    const ring = new Int32Array(length);
    const stamp = new Uint32Array(length);
    let n = 0;
    for (let k = 0, at = this.head; k < this.entries; k++, at = at + 1 === this.ring.length ? 0 : at + 1) {
      const p = this.ring[at]!;
      const s = this.info[p]!;
      if (s & RESIDENT && s >>> LOAD_SHIFT === this.stamp[at]) {
        ring[n] = p;
        stamp[n++] = this.stamp[at]!;
      }
    }
    this.ring = ring;
    this.stamp = stamp;
    this.head = 0;
    this.tail = n;
    this.entries = n;
  }

  /** Sweeps from the head giving second chances; removes and returns the victim. */
  private takeVictim(): number {
    const info = this.info;
    const size = this.ring.length;
    let ring = this.ring;
    let stamp = this.stamp;
    let h = this.head;
    for (;;) {
      const p = ring[h]!;
      const st = stamp[h]!;
      const s = info[p]!;
      h = h + 1 === size ? 0 : h + 1;
      this.entries--;
      if (!(s & RESIDENT) || s >>> LOAD_SHIFT !== st) continue; // stale
      if (!(s & REFERENCED)) {
        this.head = h;
        return p;
      }
      info[p] = s & ~REFERENCED;
      this.head = h;
      this.push(p, st);
      h = this.head;
      ring = this.ring;
      stamp = this.stamp;
    }
  }

  private evictVictim(events: MemoryEvents): void {
    const v = this.takeVictim();
    this.info[v] = this.info[v]! & ~(RESIDENT | REFERENCED);
    this.count--;
    events.evict(v);
  }

  replay(view: TraceView, from: number, to: number, events: MemoryEvents): void {
    const { pages, codes } = view;
    const info = this.info;
    const frames = this.frames;
    const insertBits = RESIDENT | (this.refOnInsert ? REFERENCED : 0);
    for (let i = from; i < to; i++) {
      const p = pages[i]!;
      const c = codes[i]!;
      const s = info[p]!;
      if (c & RELEASE_BIT) {
        const was = (s & RESIDENT) !== 0;
        if (was) {
          info[p] = s & ~(RESIDENT | REFERENCED);
          this.count--;
        }
        events.release(p, was);
      } else if (s & RESIDENT) {
        info[p] = s | REFERENCED;
        events.hit(c, p);
      } else {
        if (this.count >= frames) this.evictVictim(events);
        const loads = ((s >>> LOAD_SHIFT) + 1) & 0x3fffffff;
        info[p] = (loads << LOAD_SHIFT) | insertBits;
        this.push(p, loads);
        this.count++;
        events.fault(c, p);
      }
    }
  }

  resize(frames: number, events: MemoryEvents): void {
    this.frames = frames;
    if (2 * frames + 2 > this.ring.length) this.squeeze(2 * frames + 2);
    while (this.count > frames) this.evictVictim(events);
  }

  residentPages(): number[] {
    const out: number[] = [];
    for (let k = 0, at = this.head; k < this.entries; k++, at = (at + 1) % this.ring.length) {
      const p = this.ring[at]!;
      const s = this.info[p]!;
      if (s & RESIDENT && s >>> LOAD_SHIFT === this.stamp[at]) out.push(p);
    }
    return out;
  }
}

export const clockPolicy: PolicyDefinition<{ refOnInsert: number }> = {
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
  create: (setup: PolicySetup, params) => new Clock(setup.frames, setup.pageCount, params.refOnInsert),
};

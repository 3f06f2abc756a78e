/**
 * FIFO: evict the page loaded earliest; hits change nothing. Not a stack algorithm — it shows
 * Belady's anomaly (Belady, Nelson & Shedler, "An anomaly in space-time characteristics of certain
 * programs running in a paging machine", CACM 12(6), 1969).
 *
 * The queue is a ring buffer of page numbers in load order, not a linked list: a hit reads one byte
 * (the resident flag), and a fault writes the new page behind the tail and takes the victim from
 * the head, where consecutive faults find consecutive slots, instead of unlinking and linking
 * through neighbours' words scattered over the per-page arrays. On the bench's 20M-reference Zipf
 * stream at 100,000 frames this replays in about two thirds of the linked list's time.
 *
 * A released page leaves a hole in its slot (found through `slotOf`, the one per-page word the ring
 * needs, written at each load), which the head skips. The ring holds twice the frames: when it is
 * full at least half of it is holes, and the live entries are squeezed to its start in queue order.
 * Resize (local allocations, policy.ts): growing only raises the memory size (the ring is rebuilt
 * at twice the new size when it is smaller); shrinking evicts from the head, as faults would.
 */
import { RELEASE_BIT } from '../traces/operations.js';
import type { MemoryEvents, PolicyDefinition, PolicyInstance, PolicySetup, TraceView } from './policy.js';

/** A released page's slot. */
const HOLE = -1;

class Fifo implements PolicyInstance {
  private readonly resident: Uint8Array;
  /** Per resident page: its slot in the ring (read when it is released). */
  private readonly slotOf: Int32Array;
  private ring: Int32Array;
  /** The slot of the page loaded earliest (or of a hole before it). */
  private head = 0;
  /** Entries in the ring, holes included, from the head on. */
  private entries = 0;
  /** Resident pages. */
  private count = 0;

  constructor(
    private frames: number,
    pageCount: number,
  ) {
    this.resident = new Uint8Array(pageCount);
    this.slotOf = new Int32Array(pageCount);
    this.ring = new Int32Array(2 * frames);
  }

  replay(view: TraceView, from: number, to: number, events: MemoryEvents): void {
    const { pages, codes } = view;
    const { resident, slotOf, frames } = this;
    // The ring's cursor in locals through the loop (through the fields it took a fifth longer).
    let { ring, head, entries, count } = this;
    for (let i = from; i < to; i++) {
      const p = pages[i]!;
      const c = codes[i]!;
      if (c & RELEASE_BIT) {
        const was = resident[p] === 1;
        if (was) {
          ring[slotOf[p]!] = HOLE;
          resident[p] = 0;
          count--;
        }
        events.release(p, was);
      } else if (resident[p] === 1) {
        events.hit(c, p);
      } else {
        if (count >= frames) {
          let v = HOLE;
          while (v === HOLE) {
            v = ring[head]!;
            head = head + 1 === ring.length ? 0 : head + 1;
            entries--;
          }
          resident[v] = 0;
          count--;
          events.evict(v);
        }
        if (entries === ring.length) {
          Object.assign(this, { head, entries, count });
          this.squeeze(ring.length);
          ({ ring, head, entries } = this);
        }
        const at = head + entries < ring.length ? head + entries : head + entries - ring.length;
        ring[at] = p;
        slotOf[p] = at;
        entries++;
        count++;
        resident[p] = 1;
        events.fault(c, p);
      }
    }
    Object.assign(this, { head, entries, count });
  }

  /** Takes the page loaded earliest off the head, past any holes, and evicts it. */
  private evictOldest(events: MemoryEvents): void {
    const ring = this.ring;
    let v = HOLE;
    while (v === HOLE) {
      v = ring[this.head]!;
      this.head = this.head + 1 === ring.length ? 0 : this.head + 1;
      this.entries--;
    }
    this.resident[v] = 0;
    this.count--;
    events.evict(v);
  }

  /** Rewrites the live entries, in queue order, from slot 0 of a ring of `length` slots. */
  private squeeze(length: number): void {
    const ring = new Int32Array(length);
    let n = 0;
    for (const p of this.residentPages()) {
      ring[n] = p;
      this.slotOf[p] = n++;
    }
    this.ring = ring;
    this.head = 0;
    this.entries = n;
  }

  resize(frames: number, events: MemoryEvents): void {
    this.frames = frames;
    if (2 * frames > this.ring.length) this.squeeze(2 * frames);
    while (this.count > frames) this.evictOldest(events);
  }

  /** The resident pages from the earliest loaded to the latest. */
  residentPages(): number[] {
    const out: number[] = [];
    const length = this.ring.length;
    for (let k = 0, at = this.head; k < this.entries; k++, at = at + 1 === length ? 0 : at + 1) {
      if (this.ring[at] !== HOLE) out.push(this.ring[at]!);
    }
    return out;
  }
}

export const fifoPolicy: PolicyDefinition = {
  name: 'fifo',
  summary: 'First in, first out: evict the page loaded earliest',
  source: 'Belady, Nelson & Shedler, CACM 12(6), 1969',
  params: [],
  create: (setup: PolicySetup) => new Fifo(setup.frames, setup.pageCount),
};

/**
 * FIFO: evict the page loaded earliest; hits change nothing. Not a stack algorithm — it shows
 * Belady's anomaly (Belady, Nelson & Shedler, "An anomaly in space-time characteristics of certain
 * programs running in a paging machine", CACM 12(6), 1969).
 *
 * The queue is a ring buffer of page numbers in load order, not a linked list: a hit reads one byte
 * (the resident flag), and a fault writes the new page at the head and takes the victim from the
 * tail, where consecutive faults find consecutive slots, instead of unlinking and linking
 * through neighbours' words scattered over the per-page arrays. On the bench's 20M-reference Zipf
 * stream at 100,000 frames this replays in about two thirds of the linked list's time.
 *
 * A released page leaves a hole in its slot (structures/pageRing.ts), which the tail skips.
 * Resize (local allocations, policy.ts): growing only raises the memory size (the ring is rebuilt
 * at twice the new size when it is smaller); shrinking evicts from the tail, as faults would.
 */
import { RELEASE_BIT } from '../traces/operations.js';
import type { MemoryEvents, PolicyDefinition, PolicyInstance, PolicySetup, TraceView } from './policy.js';
import { HOLE, PageRing } from './structures/pageRing.js';

class Fifo implements PolicyInstance {
  private readonly resident: Uint8Array;
  /** Per resident page: its slot in the queue. */
  private readonly slotOf: Int32Array;
  /** The page loaded earliest at the tail. */
  private readonly queue: PageRing;
  /** Resident pages. */
  private count = 0;

  constructor(
    private frames: number,
    pageCount: number,
  ) {
    this.resident = new Uint8Array(pageCount);
    this.slotOf = new Int32Array(pageCount);
    this.queue = new PageRing(frames, this.slotOf);
  }

  replay(view: TraceView, from: number, to: number, events: MemoryEvents): void {
    const { pages, codes } = view;
    const { resident, slotOf, frames, queue } = this;
    // The ring's pop and append written out on its slots, with its cursor in locals through the
    // loop: through the ring's methods and fields it took a fifth longer.
    let { slots, tail, entries } = queue;
    let count = this.count;
    for (let i = from; i < to; i++) {
      const p = pages[i]!;
      const c = codes[i]!;
      if (c & RELEASE_BIT) {
        const was = resident[p] === 1;
        if (was) {
          slots[slotOf[p]!] = HOLE;
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
            v = slots[tail]!;
            tail = tail + 1 === slots.length ? 0 : tail + 1;
            entries--;
          }
          resident[v] = 0;
          count--;
          events.evict(v);
        }
        if (entries + 1 === slots.length) {
          Object.assign(queue, { tail, entries });
          queue.squeeze(slots.length);
          ({ slots, tail, entries } = queue);
        }
        const at = tail + entries < slots.length ? tail + entries : tail + entries - slots.length;
        slots[at] = p;
        slotOf[p] = at;
        entries++;
        count++;
        resident[p] = 1;
        events.fault(c, p);
      }
    }
    Object.assign(queue, { tail, entries });
    this.count = count;
  }

  resize(frames: number, events: MemoryEvents): void {
    this.frames = frames;
    this.queue.holdUpTo(frames);
    while (this.count > frames) {
      const v = this.queue.popOldest();
      this.resident[v] = 0;
      this.count--;
      events.evict(v);
    }
  }

  /** The resident pages from the earliest loaded to the latest. */
  residentPages(): number[] {
    return this.queue.pages();
  }
}

export const fifoPolicy: PolicyDefinition = {
  name: 'fifo',
  summary: 'First in, first out: evict the page loaded earliest',
  source: 'Belady, Nelson & Shedler, CACM 12(6), 1969',
  params: [],
  create: (setup: PolicySetup) => new Fifo(setup.frames, setup.pageCount),
};

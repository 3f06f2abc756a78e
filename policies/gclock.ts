/**
 * GCLOCK, generalised CLOCK (Smith, "Sequentiality and prefetching in database systems", ACM TODS
 * 3(3), 1978; as described by Johnson & Shasha, VLDB 1994, §5, and Effelsberg & Haerder,
 * "Principles of database buffer management", ACM TODS 9(4), 1984): every resident page has a
 * history count, set to `initCount` when the page is loaded and whenever it is referenced. A fault
 * with memory full sweeps the queue from the hand: a page with a non-zero count has it decremented
 * and the hand moves on; the first page at zero is the victim. The new page is appended behind the
 * hand, as DESIGN.md's CLOCK does, so initCount = 1 is exactly CLOCK. 10 bytes per page.
 * Resize (local allocations): growing only raises the memory size; shrinking runs the fault path's
 * sweep (counts decremented as the hand passes) once per page too many, evicting each page it stops at.
 */
import { RELEASE_BIT } from '../traces/operations.js';
import { ClockQueue } from './structures/clockQueue.js';
import type { MemoryEvents, PolicyDefinition, PolicyInstance, PolicySetup, TraceView } from './policy.js';

class GClock implements PolicyInstance {
  private readonly queue: ClockQueue;
  private readonly resident: Uint8Array;

  constructor(private frames: number, pageCount: number, private readonly initCount: number) {
    this.queue = new ClockQueue(pageCount);
    this.resident = new Uint8Array(pageCount);
  }

  replay(view: TraceView, from: number, to: number, events: MemoryEvents): void {
    const { pages, codes } = view;
    const queue = this.queue;
    const count = queue.ref;
    const resident = this.resident;
    const init = this.initCount;
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
        count[p] = init;
        events.hit(c, p);
      } else {
        if (queue.size >= this.frames) this.evictVictim(events);
        queue.append(p, init);
        resident[p] = 1;
        events.fault(c, p);
      }
    }
  }

  /** The sweep: decrement counts from the hand until a page at zero, and evict it. */
  private evictVictim(events: MemoryEvents): void {
    const { queue } = this;
    const count = queue.ref;
    const next = queue.next;
    let h = queue.hand;
    while (count[h] !== 0) {
      count[h]!--;
      h = next[h]!;
    }
    queue.hand = h;
    queue.remove(h);
    this.resident[h] = 0;
    events.evict(h);
  }

  resize(frames: number, events: MemoryEvents): void {
    this.frames = frames;
    while (this.queue.size > frames) this.evictVictim(events);
  }

  residentPages(): number[] {
    return this.queue.toArray();
  }
}

export const gclockPolicy: PolicyDefinition<{ initCount: number }> = {
  name: 'gclock',
  summary: 'Generalised CLOCK: a history count per page, reset on reference and decremented by the sweeping hand',
  source: 'Smith, ACM TODS 3(3), 1978; Effelsberg & Haerder, ACM TODS 9(4), 1984; Johnson & Shasha, VLDB 1994',
  params: [
    { name: 'initCount', type: 'integer', default: 2, min: 1, max: 255, description: 'history count given on load and on every reference (1 is CLOCK)' },
  ],
  create: (setup: PolicySetup, params) => new GClock(setup.frames, setup.pageCount, params.initCount),
};

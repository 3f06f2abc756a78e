/**
 * GCLOCK, generalised CLOCK (Smith, "Sequentiality and prefetching in database systems", ACM TODS
 * 3(3), 1978; as described by Johnson & Shasha, VLDB 1994, §5, and Effelsberg & Haerder,
 * "Principles of database buffer management", ACM TODS 9(4), 1984): every resident page has a
 * history count, set to `initCount` when the page is loaded and whenever it is referenced. A fault
 * with memory full sweeps the queue from the hand: a page with a non-zero count has it decremented
 * and the hand moves on; the first page at zero is the victim. The new page is appended behind the
 * hand, as CLOCK does, so initCount = 1 is exactly CLOCK (clock.ts replays on this class). The
 * queue is a ring of pages (structures/pageRing.ts) whose tail is the hand: the sweep reads
 * consecutive slots instead of following a linked list's `next` words over the per-page arrays.
 * 6 bytes per page and 8 per frame.
 * Resize (local allocations): growing only raises the memory size; shrinking runs the fault path's
 * sweep (counts decremented as the hand passes) once per page too many, evicting each page it stops at.
 */
import { RELEASE_BIT } from '../traces/operations.js';
import type { MemoryEvents, PolicyDefinition, PolicyInstance, PolicySetup, TraceView } from './policy.js';
import { PageRing } from './structures/pageRing.js';

/**
 * The sweep of GCLOCK and CLOCK: a reference sets the page's count to `hitCount`, a load to
 * `loadCount` (GCLOCK: both initCount; CLOCK: 1, and its refOnInsert).
 */
export class CountingClock implements PolicyInstance {
  /** The circular queue from the hand (the ring's tail) round to the page just behind it (its head). */
  private readonly queue: PageRing;
  private readonly resident: Uint8Array;
  private readonly count: Uint8Array;
  /** Resident pages. */
  private size = 0;

  constructor(
    private frames: number,
    pageCount: number,
    private readonly hitCount: number,
    private readonly loadCount: number,
  ) {
    this.resident = new Uint8Array(pageCount);
    this.count = new Uint8Array(pageCount);
    this.queue = new PageRing(frames, new Int32Array(pageCount));
  }

  replay(view: TraceView, from: number, to: number, events: MemoryEvents): void {
    const { pages, codes } = view;
    const { queue, resident, count, hitCount, loadCount } = this;
    for (let i = from; i < to; i++) {
      const p = pages[i]!;
      const c = codes[i]!;
      if (c & RELEASE_BIT) {
        const was = resident[p] === 1;
        if (was) {
          queue.punch(p);
          resident[p] = 0;
          this.size--;
        }
        events.release(p, was);
      } else if (resident[p] === 1) {
        count[p] = hitCount;
        events.hit(c, p);
      } else {
        if (this.size >= this.frames) this.evictVictim(events);
        queue.append(p);
        count[p] = loadCount;
        resident[p] = 1;
        this.size++;
        events.fault(c, p);
      }
    }
  }

  /** The sweep (PageRing.sweep): decrement counts from the hand until a page at zero, and evict it. */
  private evictVictim(events: MemoryEvents): void {
    const h = this.queue.sweep(this.count);
    this.resident[h] = 0;
    this.size--;
    events.evict(h);
  }

  resize(frames: number, events: MemoryEvents): void {
    this.frames = frames;
    this.queue.holdUpTo(frames);
    while (this.size > frames) this.evictVictim(events);
  }

  residentPages(): number[] {
    return this.queue.pages();
  }
}

export const gclockPolicy: PolicyDefinition<{ initCount: number }> = {
  name: 'gclock',
  summary: 'Generalised CLOCK: a history count per page, reset on reference and decremented by the sweeping hand',
  source: 'Smith, ACM TODS 3(3), 1978; Effelsberg & Haerder, ACM TODS 9(4), 1984; Johnson & Shasha, VLDB 1994',
  params: [
    { name: 'initCount', type: 'integer', default: 2, min: 1, max: 255, description: 'history count given on load and on every reference (1 is CLOCK)' },
  ],
  create: (setup: PolicySetup, params) => new CountingClock(setup.frames, setup.pageCount, params.initCount, params.initCount),
};

/**
 * FIFO: evict the page loaded earliest; hits change nothing. Not a stack algorithm — it shows
 * Belady's anomaly (Belady, Nelson & Shedler, "An anomaly in space-time characteristics of certain
 * programs running in a paging machine", CACM 12(6), 1969).
 */
import { RELEASE_BIT } from '../traces/operations.js';
import { PageList } from './pageList.js';
import type { MemoryEvents, PolicyDefinition, PolicyInstance, PolicySetup, TraceView } from './policy.js';

class Fifo implements PolicyInstance {
  private readonly queue: PageList;
  private readonly resident: Uint8Array;

  constructor(private readonly frames: number, pageCount: number) {
    this.queue = new PageList(pageCount);
    this.resident = new Uint8Array(pageCount);
  }

  replay(view: TraceView, from: number, to: number, events: MemoryEvents): void {
    const { pages, codes } = view;
    const queue = this.queue;
    const resident = this.resident;
    const frames = this.frames;
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
        events.hit(c, p);
      } else {
        if (queue.size >= frames) {
          const v = queue.popBack();
          resident[v] = 0;
          events.evict(v);
        }
        queue.pushFront(p);
        resident[p] = 1;
        events.fault(c, p);
      }
    }
  }

  residentPages(): number[] {
    return this.queue.toArray();
  }
}

export const fifoPolicy: PolicyDefinition = {
  name: 'fifo',
  summary: 'First in, first out: evict the page loaded earliest',
  source: 'Belady, Nelson & Shedler, CACM 12(6), 1969',
  params: [],
  create: (setup: PolicySetup) => new Fifo(setup.frames, setup.pageCount),
};

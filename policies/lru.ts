/**
 * LRU: evict the least recently referenced page. A stack algorithm (Mattson, Gecsei, Slutz &
 * Traiger, "Evaluation techniques for storage hierarchies", IBM Systems Journal 9(2), 1970), so the
 * simulators can compute its whole fault curve in one pass.
 */
import { RELEASE_BIT } from '../traces/operations.js';
import { PageList } from './pageList.js';
import type { MemoryEvents, PolicyDefinition, PolicyInstance, PolicySetup, TraceView } from './policy.js';

class Lru implements PolicyInstance {
  private readonly list: PageList;
  private readonly resident: Uint8Array;

  constructor(private readonly frames: number, pageCount: number) {
    this.list = new PageList(pageCount);
    this.resident = new Uint8Array(pageCount);
  }

  replay(view: TraceView, from: number, to: number, events: MemoryEvents): void {
    const { pages, codes } = view;
    const list = this.list;
    const resident = this.resident;
    const frames = this.frames;
    for (let i = from; i < to; i++) {
      const p = pages[i]!;
      const c = codes[i]!;
      if (c & RELEASE_BIT) {
        const was = resident[p] === 1;
        if (was) {
          list.remove(p);
          resident[p] = 0;
        }
        events.release(p, was);
      } else if (resident[p] === 1) {
        list.moveToFront(p);
        events.hit(c, p);
      } else {
        if (list.size >= frames) {
          const v = list.popBack();
          resident[v] = 0;
          events.evict(v);
        }
        list.pushFront(p);
        resident[p] = 1;
        events.fault(c, p);
      }
    }
  }

  residentPages(): number[] {
    return this.list.toArray();
  }
}

export const lruPolicy: PolicyDefinition = {
  name: 'lru',
  summary: 'Least recently used: evict the page whose last reference is oldest',
  source: 'Mattson, Gecsei, Slutz & Traiger, IBM Systems Journal 9(2), 1970',
  params: [],
  capabilities: { stack: () => true },
  create: (setup: PolicySetup) => new Lru(setup.frames, setup.pageCount),
};

/**
 * MRU: evict the most recently referenced resident page (Mattson, Gecsei, Slutz & Traiger, IBM
 * Systems Journal 9(2), 1970, where its priority — recency reversed — makes it a stack algorithm;
 * the classic remedy for loops larger than memory, e.g. Chou & DeWitt, VLDB 1985). 9 bytes per page.
 */
import { RELEASE_BIT } from '../traces/operations.js';
import { PageList } from './pageList.js';
import type { MemoryEvents, PolicyDefinition, PolicyInstance, PolicySetup, TraceView } from './policy.js';

class Mru implements PolicyInstance {
  private readonly list: PageList;
  private readonly resident: Uint8Array;

  constructor(private readonly frames: number, pageCount: number) {
    this.list = new PageList(pageCount);
    this.resident = new Uint8Array(pageCount);
  }

  replay(view: TraceView, from: number, to: number, events: MemoryEvents): void {
    const { pages, codes } = view;
    const { list, resident } = this;
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
        if (list.size >= this.frames) {
          const v = list.front();
          list.remove(v);
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

export const mruPolicy: PolicyDefinition = {
  name: 'mru',
  summary: 'Most recently used: evict the page referenced last',
  source: 'Mattson, Gecsei, Slutz & Traiger, IBM Systems Journal 9(2), 1970; Chou & DeWitt, VLDB 1985',
  params: [],
  capabilities: { stack: () => true },
  create: (setup: PolicySetup) => new Mru(setup.frames, setup.pageCount),
};

/**
 * The replay loop LRU, FIFO and MRU share: resident pages in one list, most recent at the front.
 * They differ only in whether a hit moves its page to the front (LRU, MRU) or not (FIFO), and in
 * which end is evicted (the back: LRU, FIFO; the front: MRU). The two choices are fields read in
 * the loop; the branches on them are perfectly predicted, and the loop stays monomorphic because
 * all three policies are this one class.
 */
import { RELEASE_BIT } from '../traces/operations.js';
import { PageList } from './structures/pageList.js';
import type { MemoryEvents, PolicyInstance, TraceView } from './policy.js';

export interface RecencyQueueRules {
  /** A hit moves its page to the front. */
  moveOnHit: boolean;
  /** Evict from the front (the most recently inserted or referenced page) instead of the back. */
  evictFront: boolean;
}

export class RecencyQueue implements PolicyInstance {
  private readonly list: PageList;
  private readonly resident: Uint8Array;
  private readonly moveOnHit: boolean;
  private readonly evictFront: boolean;

  constructor(
    private readonly frames: number,
    pageCount: number,
    rules: RecencyQueueRules,
  ) {
    this.list = new PageList(pageCount);
    this.resident = new Uint8Array(pageCount);
    this.moveOnHit = rules.moveOnHit;
    this.evictFront = rules.evictFront;
  }

  replay(view: TraceView, from: number, to: number, events: MemoryEvents): void {
    const { pages, codes } = view;
    const { list, resident, frames, moveOnHit, evictFront } = this;
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
        if (moveOnHit) list.moveToFront(p);
        events.hit(c, p);
      } else {
        if (list.size >= frames) {
          const v = evictFront ? list.front() : list.back();
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

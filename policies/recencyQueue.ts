/**
 * The replay loop LRU and MRU share: resident pages in one list, most recently referenced at the
 * front. They differ only in which end is evicted (the back: LRU; the front: MRU). The choice is a
 * field read in the loop; the branch on it is perfectly predicted, and the loop stays monomorphic
 * because both policies are this one class. (FIFO, whose hits change nothing, keeps a ring buffer
 * of its own: fifo.ts.)
 */
import { RELEASE_BIT } from '../traces/operations.js';
import { PageList } from './structures/pageList.js';
import type { MemoryEvents, PolicyInstance, TraceView } from './policy.js';

export interface RecencyQueueRules {
  /** Evict from the front (the most recently referenced page) instead of the back. */
  evictFront: boolean;
}

export class RecencyQueue implements PolicyInstance {
  private readonly list: PageList;
  private readonly resident: Uint8Array;
  private readonly evictFront: boolean;

  constructor(
    private frames: number,
    pageCount: number,
    rules: RecencyQueueRules,
  ) {
    this.list = new PageList(pageCount);
    this.resident = new Uint8Array(pageCount);
    this.evictFront = rules.evictFront;
  }

  replay(view: TraceView, from: number, to: number, events: MemoryEvents): void {
    const { pages, codes } = view;
    const { list, resident, frames, evictFront } = this;
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

  resize(frames: number, events: MemoryEvents): void {
    this.frames = frames;
    while (this.list.size > frames) {
      const v = this.evictFront ? this.list.front() : this.list.back();
      this.list.remove(v);
      this.resident[v] = 0;
      events.evict(v);
    }
  }
}

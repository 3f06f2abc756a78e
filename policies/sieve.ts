/**
 * SIEVE (Zhang, Yang, Yue, Vigfusson & Rashmi, "SIEVE is simpler than LRU: an efficient turn-key
 * eviction algorithm for web caches", NSDI 2024): one FIFO queue, new pages inserted at its head
 * with the visited bit clear, a hit sets the bit. The hand moves from the tail towards the head:
 * a visited page has its bit cleared and stays where it is; the first unvisited page is evicted and
 * the hand stays at the next page towards the head, wrapping to the tail past the head. A released
 * page under the hand moves the hand on the same way. 10 bytes per page, amortised O(1).
 * Resize (local allocations): growing only raises the memory size; shrinking runs the fault path's
 * hand (clearing visited bits as it passes) once per page too many, evicting each page it stops at.
 */
import { RELEASE_BIT } from '../traces/operations.js';
import { PageList } from './structures/pageList.js';
import type { MemoryEvents, PolicyDefinition, PolicyInstance, PolicySetup, TraceView } from './policy.js';

class Sieve implements PolicyInstance {
  private readonly queue: PageList;
  private readonly resident: Uint8Array;
  private readonly visited: Uint8Array;
  /** The next page the hand examines, -1 for the tail. */
  private hand = -1;

  constructor(private frames: number, pageCount: number) {
    this.queue = new PageList(pageCount);
    this.resident = new Uint8Array(pageCount);
    this.visited = new Uint8Array(pageCount);
  }

  replay(view: TraceView, from: number, to: number, events: MemoryEvents): void {
    const { pages, codes } = view;
    const { queue, resident, visited } = this;
    for (let i = from; i < to; i++) {
      const p = pages[i]!;
      const c = codes[i]!;
      if (c & RELEASE_BIT) {
        const was = resident[p] === 1;
        if (was) this.remove(p);
        events.release(p, was);
      } else if (resident[p] === 1) {
        visited[p] = 1;
        events.hit(c, p);
      } else {
        if (queue.size >= this.frames) this.evictVictim(events);
        queue.pushFront(p);
        resident[p] = 1;
        visited[p] = 0;
        events.fault(c, p);
      }
    }
  }

  /** Moves the hand past visited pages (clearing their bits) and evicts the first unvisited one. */
  private evictVictim(events: MemoryEvents): void {
    const visited = this.visited;
    let o = this.hand < 0 ? this.queue.back() : this.hand;
    while (visited[o] === 1) {
      visited[o] = 0;
      o = this.towardHead(o);
    }
    this.hand = o;
    this.remove(o);
    events.evict(o);
  }

  resize(frames: number, events: MemoryEvents): void {
    this.frames = frames;
    while (this.queue.size > frames) this.evictVictim(events);
  }

  /** The neighbour of p towards the head, wrapping to the tail. */
  private towardHead(p: number): number {
    const q = this.queue.prev[p]!;
    return q === this.queue.sentinel ? this.queue.back() : q;
  }

  private remove(p: number): void {
    if (p === this.hand) {
      const q = this.queue.prev[p]!;
      this.hand = q === this.queue.sentinel ? -1 : q;
    }
    this.queue.remove(p);
    this.resident[p] = 0;
  }

  residentPages(): number[] {
    return this.queue.toArray();
  }
}

export const sievePolicy: PolicyDefinition = {
  name: 'sieve',
  summary: 'SIEVE: a FIFO queue with visited bits and a hand that sweeps from the tail, leaving survivors in place',
  source: 'Zhang, Yang, Yue, Vigfusson & Rashmi, NSDI 2024',
  params: [],
  create: (setup: PolicySetup) => new Sieve(setup.frames, setup.pageCount),
};

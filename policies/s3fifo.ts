/**
 * S3-FIFO (Yang, Zhang, Qiu, Yue & Vinayak, "FIFO queues are all you need for cache eviction",
 * SOSP 2023, Algorithm 1): a small FIFO S (10% of memory), a main FIFO M (the rest) and a ghost
 * FIFO G of identifiers evicted from S, as long as M's share of memory. Each resident page has a
 * 2-bit frequency, incremented on a hit (capped at 3).
 *  - miss: while memory is full, evict; then a page found in G enters M, any other enters S, with
 *    frequency 0.
 *  - evict: from S if S holds at least its share, else from M.
 *  - evict from S: take S's tail; if its frequency reaches `threshold` it moves to M, keeping its
 *    frequency (M is made room for first when full: that eviction counts, and as in Algorithm 1
 *    the search in S still goes on until a page leaves S); else it is evicted and remembered at
 *    G's head (G trimmed to M's share). Algorithm 1 prints `freq > 1`, so the default threshold is
 *    2; the authors' blog figure uses 1.
 *  - evict from M: take M's tail; with a non-zero frequency it is reinserted at M's head with the
 *    frequency decremented; else it is evicted.
 * S followed by G is one FIFO (a SplitList): pages leave S only at its tail. A released page is
 * forgotten. 18 bytes per page, amortised O(1) per reference.
 *
 * Resize (local allocations): S's and M's shares are recomputed from the new size by the same
 * formulas (the paper states S as a fraction of the cache and G as long as M). Growing evicts
 * nothing. Shrinking runs the miss path's eviction (from S while S holds at least its new share,
 * else from M) while more pages are resident than frames; then G is trimmed to M's new share,
 * oldest identifiers first.
 */
import { RELEASE_BIT } from '../traces/operations.js';
import { PageList } from './structures/pageList.js';
import type { MemoryEvents, PolicyDefinition, PolicyInstance, PolicySetup, TraceView } from './policy.js';
import { SplitList } from './structures/splitList.js';

const NONE = 0;
const SMALL = 1;
const GHOST = 2;
const MAIN = 3;

class S3Fifo implements PolicyInstance {
  private readonly small: SplitList;
  private readonly main: PageList;
  private readonly state: Uint8Array;
  private readonly freq: Uint8Array;
  private frames = 0;
  private smallFrames = 0;
  private mainFrames = 0;

  constructor(frames: number, pageCount: number, private readonly smallShare: number, private readonly threshold: number) {
    this.small = new SplitList(pageCount);
    this.main = new PageList(pageCount);
    this.state = new Uint8Array(pageCount);
    this.freq = new Uint8Array(pageCount);
    this.setSize(frames);
  }

  private setSize(frames: number): void {
    this.frames = frames;
    this.smallFrames = Math.max(1, Math.floor(frames * this.smallShare));
    this.mainFrames = Math.max(1, frames - this.smallFrames);
  }

  resize(frames: number, events: MemoryEvents): void {
    this.setSize(frames);
    while (this.small.resident + this.main.size > frames) this.evict(events);
    while (this.small.ghosts > this.mainFrames) this.state[this.small.dropOldestGhost()] = NONE;
  }

  /** EVICT: from S if S holds at least its share, else from M. */
  private evict(events: MemoryEvents): void {
    if (this.small.resident >= this.smallFrames) this.evictSmall(events);
    else this.evictMain(events);
  }

  replay(view: TraceView, from: number, to: number, events: MemoryEvents): void {
    const { pages, codes } = view;
    const { small, main, state, freq } = this;
    for (let i = from; i < to; i++) {
      const x = pages[i]!;
      const c = codes[i]!;
      const s = state[x]!;
      if (c & RELEASE_BIT) {
        if (s === SMALL) small.removeResident(x);
        else if (s === GHOST) small.removeGhost(x);
        else if (s === MAIN) main.remove(x);
        state[x] = NONE;
        events.release(x, s === SMALL || s === MAIN);
      } else if (s === SMALL || s === MAIN) {
        if (freq[x]! < 3) freq[x]!++;
        events.hit(c, x);
      } else {
        while (small.resident + main.size >= this.frames) this.evict(events);
        freq[x] = 0;
        // Algorithm 1 looks x up in G after evicting, which may have dropped it from G.
        if (state[x] === GHOST) {
          small.removeGhost(x);
          main.pushFront(x);
          state[x] = MAIN;
        } else {
          small.pushResident(x);
          state[x] = SMALL;
        }
        events.fault(c, x);
      }
    }
  }

  /** EVICTS: moves reused pages from S's tail to M until one can be evicted (or S is empty). */
  private evictSmall(events: MemoryEvents): void {
    const { small, main, state, freq } = this;
    while (small.resident > 0) {
      const t = small.oldestResident();
      if (freq[t]! < this.threshold) {
        small.demoteOldest();
        state[t] = GHOST;
        if (small.ghosts > this.mainFrames) state[small.dropOldestGhost()] = NONE;
        events.evict(t);
        return;
      }
      small.removeResident(t);
      if (main.size >= this.mainFrames) this.evictMain(events);
      main.pushFront(t);
      state[t] = MAIN;
    }
  }

  private evictMain(events: MemoryEvents): void {
    const { main, state, freq } = this;
    for (;;) {
      const t = main.back();
      if (freq[t]! > 0) {
        freq[t]!--;
        main.moveToFront(t);
      } else {
        main.remove(t);
        state[t] = NONE;
        events.evict(t);
        return;
      }
    }
  }

  residentPages(): number[] {
    return [...this.small.residentPages(), ...this.main.toArray()];
  }
}

export const s3fifoPolicy: PolicyDefinition<{ small: number; threshold: number }> = {
  name: 's3-fifo',
  aliases: ['s3fifo'],
  summary: 'S3-FIFO: a small FIFO filters new pages, a main FIFO with reinsertion keeps reused ones, a ghost FIFO remembers evictions',
  source: 'Yang, Zhang, Qiu, Yue & Vinayak, SOSP 2023 (Algorithm 1)',
  params: [
    { name: 'small', type: 'number', default: 0.1, min: 0, max: 1, description: "small queue's share of memory: max(1, floor(M × small)) frames" },
    { name: 'threshold', type: 'integer', default: 2, min: 1, max: 3, description: 'frequency at which a page leaving S moves to M instead of being evicted' },
  ],
  create: (setup: PolicySetup, params) =>
    new S3Fifo(setup.frames, setup.pageCount, params.small, params.threshold),
};

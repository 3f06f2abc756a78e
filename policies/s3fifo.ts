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
 * G followed by S is one FIFO: pages leave S only at its tail, where a page evicted from S becomes
 * G's newest identifier where it stands (a boundary moves past it). A released page is forgotten.
 * Both FIFOs are ring buffers of pages with holes where pages left from the middle
 * (structures/pageRing.ts: released, re-referenced ghosts, pages moved from S to M): the algorithm
 * is FIFO queues only, and the paper's point that they cost less than LRU's list holds here too
 * (linked lists, as libCacheSim keeps them, replayed the bench's Zipf stream a third slower).
 * 6 bytes per page and about 23 per frame, amortised O(1) per reference.
 *
 * Resize (local allocations): S's and M's shares are recomputed from the new size by the same
 * formulas (the paper states S as a fraction of the cache and G as long as M). Growing evicts
 * nothing. Shrinking runs the miss path's eviction (from S while S holds at least its new share,
 * else from M) while more pages are resident than frames; then G is trimmed to M's new share,
 * oldest identifiers first.
 */
import { RELEASE_BIT } from '../traces/operations.js';
import type { MemoryEvents, PolicyDefinition, PolicyInstance, PolicySetup, TraceView } from './policy.js';
import { PageRing } from './structures/pageRing.js';
import { SplitRing } from './structures/splitRing.js';

const NONE = 0;
const SMALL = 1;
const GHOST = 2;
const MAIN = 3;

class S3Fifo implements PolicyInstance {
  /** G followed by S. */
  private readonly small: SplitRing;
  private readonly main: PageRing;
  private readonly state: Uint8Array;
  private readonly freq: Uint8Array;
  /** Per page in a ring: its slot. */
  private readonly slotOf: Int32Array;
  private mainSize = 0;
  private frames = 0;
  private smallFrames = 0;
  private mainFrames = 0;

  constructor(frames: number, pageCount: number, private readonly smallShare: number, private readonly threshold: number) {
    this.state = new Uint8Array(pageCount);
    this.freq = new Uint8Array(pageCount);
    this.slotOf = new Int32Array(pageCount);
    this.setSize(frames);
    this.small = new SplitRing(this.smallMost(), this.slotOf);
    this.main = new PageRing(frames, this.slotOf);
  }

  private setSize(frames: number): void {
    this.frames = frames;
    this.smallFrames = Math.max(1, Math.floor(frames * this.smallShare));
    this.mainFrames = Math.max(1, frames - this.smallFrames);
  }

  /** The most pages each ring holds at once: G (M's share) beside S (at most the frames); M at most the frames. */
  private smallMost(): number {
    return this.frames + this.mainFrames;
  }

  resize(frames: number, events: MemoryEvents): void {
    this.setSize(frames);
    this.small.holdUpTo(this.smallMost());
    this.main.holdUpTo(frames);
    while (this.small.resident + this.mainSize > frames) this.evict(events);
    while (this.small.ghosts > this.mainFrames) this.dropOldestGhost();
  }

  /** EVICT: from S if S holds at least its share, else from M. */
  private evict(events: MemoryEvents): void {
    if (this.small.resident >= this.smallFrames) this.evictSmall(events);
    else this.evictMain(events);
  }

  replay(view: TraceView, from: number, to: number, events: MemoryEvents): void {
    const { pages, codes } = view;
    const { state, freq } = this;
    for (let i = from; i < to; i++) {
      const x = pages[i]!;
      const c = codes[i]!;
      const s = state[x]!;
      if (c & RELEASE_BIT) {
        if (s === SMALL) this.small.removeResident(x);
        else if (s === GHOST) this.small.removeGhost(x);
        else if (s === MAIN) {
          this.main.punch(x);
          this.mainSize--;
        }
        state[x] = NONE;
        events.release(x, s === SMALL || s === MAIN);
      } else if (s === SMALL || s === MAIN) {
        if (freq[x]! < 3) freq[x]!++;
        events.hit(c, x);
      } else {
        while (this.small.resident + this.mainSize >= this.frames) this.evict(events);
        freq[x] = 0;
        // Algorithm 1 looks x up in G after evicting, which may have dropped it from G.
        if (state[x] === GHOST) {
          this.small.removeGhost(x);
          this.toMain(x);
        } else {
          this.small.pushResident(x);
          state[x] = SMALL;
        }
        events.fault(c, x);
      }
    }
  }

  private toMain(x: number): void {
    this.main.append(x);
    this.mainSize++;
    this.state[x] = MAIN;
  }

  /** EVICTS: moves reused pages from S's tail to M until one can be evicted (or S is empty). */
  private evictSmall(events: MemoryEvents): void {
    const { small, state, freq } = this;
    while (small.resident > 0) {
      const t = small.oldestResident();
      if (freq[t]! < this.threshold) {
        small.demoteOldest();
        state[t] = GHOST;
        if (small.ghosts > this.mainFrames) this.dropOldestGhost();
        events.evict(t);
        return;
      }
      small.removeResident(t);
      if (this.mainSize >= this.mainFrames) this.evictMain(events);
      this.toMain(t);
    }
  }

  private dropOldestGhost(): void {
    this.state[this.small.dropOldestGhost()] = NONE;
  }

  private evictMain(events: MemoryEvents): void {
    const { main, state, freq } = this;
    for (;;) {
      const t = main.popOldest();
      if (freq[t]! > 0) {
        freq[t]!--;
        main.append(t);
      } else {
        this.mainSize--;
        state[t] = NONE;
        events.evict(t);
        return;
      }
    }
  }

  residentPages(): number[] {
    return [...this.small.residentPages(), ...this.main.pages()];
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

/**
 * LRU-K (O'Neil, O'Neil & Weikum, "The LRU-K page replacement algorithm for database disk
 * buffering", SIGMOD 1993, Definition 2.2 and Figure 2.1), with the fixes docs/policies.md ("LRU-K")
 * states:
 *  - HIST(p,1..K) holds the times of p's K most recent uncorrelated references, LAST(p) the time of
 *    its most recent one; time counts references from 1, so 0 means "never". HIST is shifted
 *    downwards (the printed loop run upwards would copy HIST(p,1) everywhere).
 *  - Victim: among pages outside their Correlated Reference Period (t − LAST > CRP), those with
 *    fewer than K references (HIST(p,K) = 0, infinite backward K-distance) first, least recently
 *    referenced (smallest LAST) first; else the smallest HIST(p,K), ties to the smallest LAST.
 *  - When every resident page is inside its CRP the figure names no victim; we evict the least
 *    recently referenced page, the one whose period ends first.
 *  - A correlated reference (t − LAST ≤ CRP) only moves LAST. An uncorrelated hit shifts HIST by the
 *    length of the correlated period just ended (LAST − HIST(p,1)), collapsing it to a point; a
 *    HIST slot that is 0 ("never") stays 0 when shifted. A miss shifts HIST without the collapse.
 *  - History of a non-resident page is kept while t − LAST ≤ RIP (the paper's purging demon, applied
 *    when the page is next referenced); a released page's history is dropped (the page is gone).
 * With CRP = 0 and unbounded RIP it is a stack algorithm; K = 1 is LRU.
 * Resize (local allocations), between references: CRP and RIP are in references, not frames, so
 * nothing is recomputed; growing only raises the memory size; shrinking evicts, one at a time, the
 * victim the next reference's fault would choose (at time t + 1: the page referenced last is out of
 * a zero CRP, as at any fault), until the pages fit. No time passes: the next reference is t + 1.
 *
 * Structures: pages with infinite distance sit in `recent`, a PageList in LAST order, so the LRU one
 * is its back; pages with K references sit in a min-heap on (HIST(K), LAST). With CRP > 0, pages
 * inside their period also sit in `recent`: they are exactly its front part (LAST ≥ t − CRP), ending
 * at `edge`, and leave it as time passes (finite pages then move to the heap). O(log M) per
 * reference; 4K + 12 bytes per page with CRP = 0 (20 for K = 2), 4K + 16 with CRP > 0.
 */
import { RELEASE_BIT } from '../traces/operations.js';
import { PageHeap } from './structures/pageHeap.js';
import { PageList } from './structures/pageList.js';
import type { MemoryEvents, PolicyDefinition, PolicyInstance, PolicySetup, TraceView } from './policy.js';

/** `heap.pos` markers beside heap slots: not resident, or resident in `recent`. */
const ABSENT = -1;
const IN_RECENT = -2;
const MAX_TIME = 0xffffffff;

class LruK implements PolicyInstance {
  private readonly hist: Uint32Array;
  /** Slots per page in `hist`: HIST(1..K), then LAST when CRP > 0 (with CRP = 0, LAST is HIST(1)). */
  private readonly stride: number;
  private readonly lastSlot: number;
  private readonly heap: PageHeap;
  private readonly recent: PageList;
  /** The oldest page inside its correlated period (the end of `recent`'s front part), or -1. */
  private edge = -1;
  private count = 0;
  private time = 0;

  constructor(
    private frames: number,
    pageCount: number,
    private readonly k: number,
    private readonly crp: number,
    private readonly rip: number,
  ) {
    this.stride = crp > 0 ? k + 1 : k;
    this.lastSlot = crp > 0 ? k : 0;
    this.hist = new Uint32Array(pageCount * this.stride);
    this.heap = new PageHeap(frames, pageCount);
    this.recent = new PageList(pageCount);
  }

  replay(view: TraceView, from: number, to: number, events: MemoryEvents): void {
    if (this.time + (to - from) >= MAX_TIME) throw new Error('lru-k: logical time exceeds 2^32 references in one run');
    const { pages, codes } = view;
    const pos = this.heap.pos;
    const crp = this.crp;
    for (let i = from; i < to; i++) {
      const p = pages[i]!;
      const c = codes[i]!;
      if (c & RELEASE_BIT) {
        const was = pos[p] !== ABSENT;
        if (was) this.detach(p);
        this.forget(p);
        events.release(p, was);
        continue;
      }
      const t = ++this.time;
      if (crp > 0) this.expireCorrelated(t);
      if (pos[p] !== ABSENT) {
        if (t - this.lastOf(p) > crp) {
          this.shiftOnHit(p, t);
          this.settle(p);
        } else {
          this.hist[p * this.stride + this.lastSlot] = t;
          this.touchCorrelated(p);
        }
        events.hit(c, p);
      } else {
        this.shiftOnMiss(p, t);
        const key = this.kth(p);
        if (this.count >= this.frames) {
          const v = this.victim();
          events.evict(v);
          if (crp === 0 && key !== 0 && pos[v]! >= 0) {
            // The victim is the heap's minimum and p goes to the heap: one sift instead of two.
            this.heap.replaceMin(p, key, t);
            events.fault(c, p);
            continue;
          }
          this.detach(v);
        }
        this.count++;
        this.settle(p);
        events.fault(c, p);
      }
    }
  }

  resize(frames: number, events: MemoryEvents): void {
    this.frames = frames;
    this.heap.reserve(frames);
    if (this.crp > 0 && this.count > frames) this.expireCorrelated(this.time + 1);
    while (this.count > frames) {
      const v = this.victim();
      this.detach(v);
      events.evict(v);
    }
  }

  private lastOf(p: number): number {
    return this.hist[p * this.stride + this.lastSlot]!;
  }

  /** HIST(p, K): 0 while p has fewer than K references. */
  private kth(p: number): number {
    return this.hist[p * this.stride + this.k - 1]!;
  }

  /** An uncorrelated hit: shift HIST down, collapsing the correlated period that just ended. */
  private shiftOnHit(p: number, t: number): void {
    const h = this.hist;
    const base = p * this.stride;
    const correlated = this.lastOf(p) - h[base]!;
    for (let i = this.k - 1; i > 0; i--) {
      const before = h[base + i - 1]!;
      h[base + i] = before === 0 ? 0 : before + correlated;
    }
    h[base] = t;
    h[base + this.lastSlot] = t;
  }

  /** A miss: shift retained history down (no collapse), or start a fresh one. */
  private shiftOnMiss(p: number, t: number): void {
    const h = this.hist;
    const base = p * this.stride;
    const retained = h[base] !== 0 && t - this.lastOf(p) <= this.rip;
    for (let i = this.k - 1; i > 0; i--) h[base + i] = retained ? h[base + i - 1]! : 0;
    h[base] = t;
    h[base + this.lastSlot] = t;
  }

  /**
   * Puts p, just referenced, where it belongs: inside its correlated period (front of `recent`), or
   * with CRP = 0 straight where the next reference finds it — the heap if it has K references.
   */
  private settle(p: number): void {
    const pos = this.heap.pos;
    const key = this.kth(p);
    if (this.crp > 0 || key === 0) {
      if (pos[p] === IN_RECENT) {
        this.recent.moveToFront(p);
      } else {
        if (pos[p] !== ABSENT) this.heap.remove(p);
        pos[p] = IN_RECENT;
        this.recent.pushFront(p);
      }
      if (this.crp > 0 && this.edge < 0) this.edge = p;
    } else if (pos[p] === IN_RECENT) {
      this.recent.remove(p);
      this.heap.push(p, key, this.lastOf(p));
    } else if (pos[p] === ABSENT) {
      this.heap.push(p, key, this.lastOf(p));
    } else {
      this.heap.update(p, key, this.lastOf(p));
    }
  }

  /** A correlated reference to p (inside its period, so in `recent`'s front part). */
  private touchCorrelated(p: number): void {
    if (p === this.edge) {
      const newer = this.recent.prev[p]!;
      if (newer !== this.recent.sentinel) this.edge = newer;
    }
    this.recent.moveToFront(p);
  }

  /** Pages whose correlated period is over at time t become eligible; finite ones join the heap. */
  private expireCorrelated(t: number): void {
    const recent = this.recent;
    while (this.edge >= 0 && this.lastOf(this.edge) < t - this.crp) {
      const e = this.edge;
      const newer = recent.prev[e]!;
      this.edge = newer === recent.sentinel ? -1 : newer;
      const key = this.kth(e);
      if (key !== 0) {
        recent.remove(e);
        this.heap.push(e, key, this.lastOf(e));
      }
    }
  }

  private victim(): number {
    const back = this.recent.back();
    // The back of `recent` is an eligible infinite-distance page unless the whole list is inside
    // its correlated period; then the heap's minimum, or (nothing eligible) the LRU page anyway.
    if (back >= 0 && (this.edge < 0 || back !== this.edge)) return back;
    return this.heap.size > 0 ? this.heap.min() : back;
  }

  private detach(p: number): void {
    const pos = this.heap.pos;
    if (pos[p] === IN_RECENT) {
      if (p === this.edge) {
        const newer = this.recent.prev[p]!;
        this.edge = newer === this.recent.sentinel ? -1 : newer;
      }
      this.recent.remove(p);
      pos[p] = ABSENT;
    } else {
      this.heap.remove(p);
    }
    this.count--;
  }

  private forget(p: number): void {
    this.hist.fill(0, p * this.stride, (p + 1) * this.stride);
  }

  residentPages(): number[] {
    return [...this.recent.toArray(), ...this.heap.toArray()];
  }
}

export const lruKPolicy: PolicyDefinition<{ k: number; crp: number; rip: number }> = {
  name: 'lru-k',
  aliases: ['lruk'],
  summary: 'Evict the page whose K-th most recent reference is oldest (pages with fewer than K references first, LRU among them)',
  source: "O'Neil, O'Neil & Weikum, SIGMOD 1993 (Figure 2.1); docs/policies.md",
  params: [
    { name: 'k', type: 'integer', default: 2, min: 1, max: 16, description: 'K: the backward K-distance orders pages (1 is LRU)' },
    { name: 'crp', type: 'integer', default: 0, min: 0, description: 'Correlated Reference Period, in references: a page referenced within it is not evictable and its references collapse into one' },
    { name: 'rip', type: 'integer', default: Infinity, min: 0, allowInfinity: true, description: "Retained Information Period, in references: a non-resident page's history is forgotten once its last reference is older" },
  ],
  capabilities: { stack: (p) => p.crp === 0 && p.rip === Infinity },
  create: (setup: PolicySetup, params) =>
    new LruK(setup.frames, setup.pageCount, params.k, params.crp, params.rip),
};

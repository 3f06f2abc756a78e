/**
 * EELRU, early-eviction LRU (Smaragdakis, Kaplan & Wilson, "EELRU: simple and effective adaptive
 * page replacement", SIGMETRICS 1999; "The EELRU adaptive replacement algorithm", Performance
 * Evaluation 53(2), 2003), with one early/late eviction pair. The recency axis (LRU stack position d
 * of each reference, over all pages touched, resident or not) has three regions: d ≤ e, e < d ≤ M,
 * M < d ≤ l. EELRU counts the references falling in the last two — A in (e, M], B in (M, l] —
 * halving both every M references (adaptation on the timescale of memory). On a fault with memory
 * full it weighs LRU, which keeps (e, M] and so would have hit A, against early eviction, which
 * spreads the M − e frames beyond e evenly over (e, l] and so would expect (A + B)(M − e)/(l − e):
 *  - LRU when A ≥ (A + B)(M − e)/(l − e): evict the least recently used resident page;
 *  - otherwise early eviction: evict the most recently used resident page deeper than e, so pages
 *    that reached the deeper region stay (the right choice for loops a little larger than memory).
 * The recency queue holds the l most recently touched pages; region boundaries are pointers into it,
 * moved as pages cross them, so finding a reference's region is O(1). A released page leaves both
 * queues. 17 bytes per page, O(1) per reference.
 *
 * The published experiments choose among many (e, l) pairs (15 early and 24 late points); this is
 * the single-pair form of the paper's cost/benefit rule, e = floor(M × early) and l = floor(M ×
 * late), which is how the LRU stack model analysis states it.
 *
 * Resize (local allocations): e, M and l are recomputed for the new M by the same formulas, and
 * every page in the recency queue takes the region its position gives under them (the queue is cut
 * to the new l; pages past it are forgotten, as they would have been). A and B are kept: they count
 * references by region, and halving every M references carries on with the new M. Growing evicts
 * nothing. Shrinking evicts the fault path's victim — early or LRU by the same weighing, with the
 * new boundaries — until the resident pages fit.
 */
import { RELEASE_BIT } from '../traces/operations.js';
import { PageList } from './structures/pageList.js';
import type { MemoryEvents, PolicyDefinition, PolicyInstance, PolicySetup, TraceView } from './policy.js';

/** Region of each page on the recency axis: 1 (d ≤ e), 2 (e < d ≤ M), 3 (M < d ≤ l), 4 (beyond or never). */
const BEYOND = 4;
const RESIDENT = 8;
const REGION = 7;

class Eelru implements PolicyInstance {
  /** Every page touched among the last l distinct ones, most recent first. */
  private readonly recency: PageList;
  /** Resident pages, most recent first. */
  private readonly resident: PageList;
  private readonly state: Uint8Array;
  /** Recency positions of the three boundaries (e, M, l) and the page at each (-1: queue shorter). */
  private bound: number[] = [];
  private readonly at = [-1, -1, -1];
  /** The most recently used resident page deeper than e, or -1. */
  private candidate = -1;
  private hitsNear = 0;
  private hitsFar = 0;
  private time = 0;
  private earlyShare = 0;
  private frames = 0;

  constructor(frames: number, pageCount: number, private readonly early: number, private readonly late: number) {
    this.recency = new PageList(pageCount);
    this.resident = new PageList(pageCount);
    this.state = new Uint8Array(pageCount).fill(BEYOND);
    this.setBounds(frames);
  }

  private setBounds(frames: number): void {
    this.frames = frames;
    // e ≥ 1 keeps the most recent page out of early eviction; with M = 1 (e = M) EELRU is LRU.
    const e = Math.max(1, Math.min(frames - 1, Math.floor(frames * this.early)));
    const l = Math.max(frames + 1, Math.floor(frames * this.late));
    this.bound = [e, frames, l];
    this.earlyShare = (frames - e) / (l - e);
  }

  resize(frames: number, events: MemoryEvents): void {
    this.setBounds(frames);
    const { recency, state, bound, at } = this;
    while (recency.size > bound[2]!) {
      const last = recency.popBack();
      state[last] = (state[last]! & RESIDENT) | BEYOND;
    }
    at.fill(-1);
    let d = 0;
    for (let p = recency.front(); p !== recency.sentinel && p >= 0; p = recency.next[p]!) {
      d++;
      const region = d <= bound[0]! ? 1 : d <= bound[1]! ? 2 : 3;
      state[p] = (state[p]! & RESIDENT) | region;
      for (let k = 0; k < 3; k++) if (d === bound[k]) at[k] = p;
    }
    this.candidate = -1;
    for (let p = this.resident.front(); p >= 0 && p !== this.resident.sentinel; p = this.resident.next[p]!) {
      if ((state[p]! & REGION) !== 1) {
        this.candidate = p;
        break;
      }
    }
    while (this.resident.size > frames) this.evictVictim(events);
  }

  /** LRU, or early eviction when the references in (e, l] say it keeps more hits. */
  private evictVictim(events: MemoryEvents): void {
    const early = this.hitsNear < (this.hitsNear + this.hitsFar) * this.earlyShare;
    const v = early && this.candidate >= 0 ? this.candidate : this.resident.back();
    this.dropResident(v);
    events.evict(v);
  }

  replay(view: TraceView, from: number, to: number, events: MemoryEvents): void {
    const { pages, codes } = view;
    const state = this.state;
    for (let i = from; i < to; i++) {
      const p = pages[i]!;
      const c = codes[i]!;
      const s = state[p]!;
      if (c & RELEASE_BIT) {
        if (s & RESIDENT) this.dropResident(p);
        if ((s & REGION) !== BEYOND) this.forgetRecency(p);
        state[p] = BEYOND;
        events.release(p, (s & RESIDENT) !== 0);
        continue;
      }
      const region = s & REGION;
      if (region === 2) this.hitsNear++;
      else if (region === 3) this.hitsFar++;
      if (s & RESIDENT) {
        if (p === this.candidate) this.candidate = this.nextResident(p);
        this.resident.moveToFront(p);
        events.hit(c, p);
      } else {
        if (this.resident.size >= this.frames) this.evictVictim(events);
        this.resident.pushFront(p);
        state[p] = s | RESIDENT;
        events.fault(c, p);
      }
      this.touch(p, region);
      if (++this.time % this.frames === 0) {
        this.hitsNear /= 2;
        this.hitsFar /= 2;
      }
    }
  }

  private nextResident(p: number): number {
    const n = this.resident.next[p]!;
    return n === this.resident.sentinel ? -1 : n;
  }

  private dropResident(p: number): void {
    if (p === this.candidate) this.candidate = this.nextResident(p);
    this.resident.remove(p);
    this.state[p] = this.state[p]! & ~RESIDENT;
  }

  /** Region of p goes up by `delta`; a resident page crossing e becomes the early-eviction candidate. */
  private cross(p: number, delta: number): void {
    const s = this.state[p]!;
    const region = (s & REGION) + delta;
    this.state[p] = (s & RESIDENT) | region;
    if (!(s & RESIDENT)) return;
    if (delta > 0 && region === 2) this.candidate = p;
    else if (delta < 0 && region === 1 && p === this.candidate) this.candidate = this.nextResident(p);
  }

  /** Moves p (in `region` before this reference) to the top of the recency queue. */
  private touch(p: number, region: number): void {
    const { recency, at, bound } = this;
    const above = region === BEYOND ? -1 : recency.prev[p]!;
    if (region === BEYOND) recency.pushFront(p);
    else recency.moveToFront(p);
    this.state[p] = (this.state[p]! & RESIDENT) | 1;
    for (let k = 0; k < 3; k++) {
      if (k + 1 < region) {
        // p came from below this boundary: the page on it slides one place down, across it.
        if (at[k]! >= 0) {
          const b = at[k]!;
          this.cross(b, 1);
          at[k] = recency.prev[b]!;
        } else if (recency.size === bound[k]) {
          at[k] = recency.back();
        }
      } else if (at[k] === p && above !== recency.sentinel) {
        // p was the page on this boundary: its upper neighbour slides down onto it.
        at[k] = above;
      }
    }
    if (recency.size > bound[2]!) {
      const last = recency.popBack();
      this.state[last] = (this.state[last]! & RESIDENT) | BEYOND;
    }
  }

  /** A released page leaves the recency queue; pages below it move up one place. */
  private forgetRecency(p: number): void {
    const { recency, at } = this;
    const region = this.state[p]! & REGION;
    for (let k = region - 1; k < 3; k++) {
      const b = at[k]!;
      if (b < 0) continue;
      const below = recency.next[b]!;
      if (below === recency.sentinel) {
        at[k] = -1;
        continue;
      }
      this.cross(below, -1);
      at[k] = below;
    }
    recency.remove(p);
  }

  residentPages(): number[] {
    return this.resident.toArray();
  }
}

export const eelruPolicy: PolicyDefinition<{ early: number; late: number }> = {
  name: 'eelru',
  summary: 'Early-eviction LRU: LRU unless references beyond memory show that evicting early (below e) keeps more hits',
  source: 'Smaragdakis, Kaplan & Wilson, SIGMETRICS 1999; Performance Evaluation 53(2), 2003',
  params: [
    { name: 'early', type: 'number', default: 0.25, min: 0, max: 1, description: 'early eviction point e = floor(M × early), within 1…M − 1' },
    { name: 'late', type: 'number', default: 2.5, min: 1, description: 'late eviction point l = floor(M × late), at least M + 1 (the recency queue holds l pages)' },
  ],
  create: (setup: PolicySetup, params) => new Eelru(setup.frames, setup.pageCount, params.early, params.late),
};

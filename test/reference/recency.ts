/**
 * Brute-force readings of the recency- and frequency-ordered policies, written from their
 * definitions (docs/policies.md) with plain arrays and linear scans: memory is an array of pages,
 * per-page facts live in Maps, every victim is found by scanning.
 */
import { rng } from '../helpers/random.js';
import { evictWhileOver, removeFrom, type Outcome, type ReferencePolicy } from './driver.js';

type Access = { outcome: Outcome; evicted: number[] };

const hit = (): Access => ({ outcome: 'hit', evicted: [] });

/** LRU-K from Figure 2.1 of O'Neil, O'Neil & Weikum, with the fixes docs/policies.md states. */
export class RefLruK implements ReferencePolicy {
  private readonly hist = new Map<number, number[]>();
  private readonly last = new Map<number, number>();
  private readonly buffer: number[] = [];
  private now = 0;

  constructor(private frames: number, private readonly k: number, private readonly crp: number, private readonly rip: number) {}

  /** Removes and returns the victim at time t. */
  private victim(t: number): number {
    const lastOf = (q: number): number => this.last.get(q)!;
    const kth = (q: number): number => this.hist.get(q)![this.k - 1]!;
    const eligible = this.buffer.filter((q) => t - lastOf(q) > this.crp);
    let victim: number;
    if (eligible.length === 0) {
      victim = this.buffer.reduce((a, b) => (lastOf(b) < lastOf(a) ? b : a));
    } else {
      const infinite = eligible.filter((q) => kth(q) === 0);
      const pool = infinite.length > 0 ? infinite : eligible;
      victim = pool.reduce((a, b) => {
        if (kth(b) !== kth(a)) return kth(b) < kth(a) ? b : a;
        return lastOf(b) < lastOf(a) ? b : a;
      });
    }
    removeFrom(this.buffer, victim);
    return victim;
  }

  /** Victims are the ones the next reference's fault would choose (at time now + 1). */
  resize(frames: number): number[] {
    this.frames = frames;
    return evictWhileOver(frames, () => this.buffer.length, () => this.victim(this.now + 1));
  }

  access(p: number, t: number): Access {
    this.now = t;
    if (this.buffer.includes(p)) {
      const last = this.last.get(p)!;
      const h = this.hist.get(p)!;
      if (t - last > this.crp) {
        const correlated = last - h[0]!;
        for (let i = this.k - 1; i >= 1; i--) h[i] = h[i - 1] === 0 ? 0 : h[i - 1]! + correlated;
        h[0] = t;
      }
      this.last.set(p, t);
      return hit();
    }
    const evicted: number[] = [];
    if (this.buffer.length >= this.frames) evicted.push(this.victim(t));
    let h = this.hist.get(p);
    if (h && t - this.last.get(p)! > this.rip) h = undefined;
    if (!h) {
      h = new Array<number>(this.k).fill(0);
    } else {
      for (let i = this.k - 1; i >= 1; i--) h[i] = h[i - 1]!;
    }
    h[0] = t;
    this.hist.set(p, h);
    this.last.set(p, t);
    this.buffer.push(p);
    return { outcome: 'fault', evicted };
  }

  release(p: number): boolean {
    this.hist.delete(p);
    this.last.delete(p);
    return removeFrom(this.buffer, p);
  }

  resident(): number[] {
    return [...this.buffer];
  }
}

/** LFU with LRU among equal counts; counts kept for all pages or only while resident. */
export class RefLfu implements ReferencePolicy {
  private readonly count = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private readonly memory: number[] = [];

  constructor(private frames: number, private readonly perfect: boolean) {}

  /** Removes and returns the page with the fewest references, least recently referenced among equals. */
  private victim(): number {
    let v = this.memory[0]!;
    for (const q of this.memory) {
      const cq = this.count.get(q)!;
      const cv = this.count.get(v)!;
      if (cq < cv || (cq === cv && this.last.get(q)! < this.last.get(v)!)) v = q;
    }
    removeFrom(this.memory, v);
    return v;
  }

  resize(frames: number): number[] {
    this.frames = frames;
    return evictWhileOver(frames, () => this.memory.length, () => this.victim());
  }

  access(p: number, t: number): Access {
    const before = this.count.get(p) ?? 0;
    this.last.set(p, t);
    if (this.memory.includes(p)) {
      this.count.set(p, before + 1);
      return hit();
    }
    const evicted: number[] = [];
    if (this.memory.length >= this.frames) evicted.push(this.victim());
    this.count.set(p, this.perfect ? before + 1 : 1);
    this.memory.push(p);
    return { outcome: 'fault', evicted };
  }

  release(p: number): boolean {
    this.count.delete(p);
    return removeFrom(this.memory, p);
  }

  resident(): number[] {
    return [...this.memory];
  }
}

/** MRU: the victim is the resident page with the latest last reference. */
export class RefMru implements ReferencePolicy {
  private readonly last = new Map<number, number>();
  private readonly memory: number[] = [];

  constructor(private readonly frames: number) {}

  access(p: number, t: number): Access {
    if (this.memory.includes(p)) {
      this.last.set(p, t);
      return hit();
    }
    const evicted: number[] = [];
    if (this.memory.length >= this.frames) {
      const v = this.memory.reduce((a, b) => (this.last.get(b)! > this.last.get(a)! ? b : a));
      removeFrom(this.memory, v);
      evicted.push(v);
    }
    this.last.set(p, t);
    this.memory.push(p);
    return { outcome: 'fault', evicted };
  }

  release(p: number): boolean {
    return removeFrom(this.memory, p);
  }

  resident(): number[] {
    return [...this.memory];
  }
}

/** RANDOM: frames 0..M−1, fill in order, freed frames reused last-freed first, victim frame floor(u·M). */
export class RefRandom implements ReferencePolicy {
  private readonly slots: number[];
  private readonly freed: number[] = [];
  private readonly r: () => number;
  /** Frames filled at least once (they fill in order). */
  private used = 0;

  constructor(private readonly frames: number, seed: number) {
    this.slots = new Array<number>(frames).fill(-1);
    this.r = rng(seed);
  }

  access(p: number): Access {
    if (this.slots.includes(p)) return hit();
    const evicted: number[] = [];
    let slot: number;
    if (this.freed.length > 0) slot = this.freed.pop()!;
    else if (this.used < this.frames) slot = this.used++;
    else {
      slot = Math.floor(this.r() * this.frames);
      evicted.push(this.slots[slot]!);
    }
    this.slots[slot] = p;
    return { outcome: 'fault', evicted };
  }

  release(p: number): boolean {
    const k = this.slots.indexOf(p);
    if (k < 0) return false;
    this.slots[k] = -1;
    this.freed.push(k);
    return true;
  }

  resident(): number[] {
    return this.slots.filter((p) => p >= 0);
  }
}

/** GCLOCK: a queue whose head is the hand; counts set to init on load and reference. */
export class RefGClock implements ReferencePolicy {
  private readonly queue: { page: number; count: number }[] = [];

  constructor(private frames: number, private readonly init: number) {}

  /** The hand sweeps from the head, decrementing counts, to the first page at zero: removed and returned. */
  private victim(): number {
    while (this.queue[0]!.count > 0) {
      const head = this.queue.shift()!;
      head.count--;
      this.queue.push(head);
    }
    return this.queue.shift()!.page;
  }

  resize(frames: number): number[] {
    this.frames = frames;
    return evictWhileOver(frames, () => this.queue.length, () => this.victim());
  }

  access(p: number): Access {
    const e = this.queue.find((x) => x.page === p);
    if (e) {
      e.count = this.init;
      return hit();
    }
    const evicted: number[] = [];
    if (this.queue.length >= this.frames) evicted.push(this.victim());
    this.queue.push({ page: p, count: this.init });
    return { outcome: 'fault', evicted };
  }

  release(p: number): boolean {
    const k = this.queue.findIndex((x) => x.page === p);
    if (k >= 0) this.queue.splice(k, 1);
    return k >= 0;
  }

  resident(): number[] {
    return this.queue.map((x) => x.page);
  }
}

/** SIEVE: queue index 0 is the tail (oldest); the hand walks towards the head (higher indices). */
export class RefSieve implements ReferencePolicy {
  private readonly queue: number[] = [];
  private readonly visited = new Set<number>();
  private hand: number | undefined;

  constructor(private frames: number) {}

  /** The hand clears visited bits towards the head (wrapping) and stops at the victim: removed and returned. */
  private victim(): number {
    let k = this.hand === undefined ? 0 : this.queue.indexOf(this.hand);
    while (this.visited.has(this.queue[k]!)) {
      this.visited.delete(this.queue[k]!);
      k = (k + 1) % this.queue.length;
    }
    const v = this.queue[k]!;
    this.hand = this.queue[k + 1];
    this.queue.splice(k, 1);
    return v;
  }

  resize(frames: number): number[] {
    this.frames = frames;
    return evictWhileOver(frames, () => this.queue.length, () => this.victim());
  }

  access(p: number): Access {
    if (this.queue.includes(p)) {
      this.visited.add(p);
      return hit();
    }
    const evicted: number[] = [];
    if (this.queue.length >= this.frames) evicted.push(this.victim());
    this.queue.push(p);
    this.visited.delete(p);
    return { outcome: 'fault', evicted };
  }

  release(p: number): boolean {
    const k = this.queue.indexOf(p);
    if (k < 0) return false;
    if (this.hand === p) this.hand = this.queue[k + 1];
    this.queue.splice(k, 1);
    this.visited.delete(p);
    return true;
  }

  resident(): number[] {
    return [...this.queue];
  }
}

/** WS: the resident set is the distinct pages among the last τ references (dead pages excluded). */
export class RefWorkingSet implements ReferencePolicy {
  private readonly refs: { page: number; t: number }[] = [];
  private now = 0;

  constructor(private readonly window: number) {}

  private setAt(t: number): Set<number> {
    return new Set(this.refs.filter((r) => r.t > t - this.window && r.t <= t).map((r) => r.page));
  }

  access(p: number, t: number): Access {
    const before = this.setAt(t - 1);
    this.refs.push({ page: p, t });
    this.now = t;
    const after = this.setAt(t);
    return { outcome: before.has(p) ? 'hit' : 'fault', evicted: [...before].filter((q) => !after.has(q)) };
  }

  release(p: number): boolean {
    const was = this.setAt(this.now).has(p);
    for (let k = this.refs.length - 1; k >= 0; k--) if (this.refs[k]!.page === p) this.refs.splice(k, 1);
    return was;
  }

  resident(): number[] {
    return [...this.setAt(this.now)];
  }
}

/**
 * VMIN: after its reference at time s a page stays until its next use n if n − s ≤ τ. Needs the
 * whole stream: next uses are found by scanning forward (a release ends a page's uses).
 */
export class RefVmin implements ReferencePolicy {
  /** For each resident page, whether it is kept past its last reference. */
  private readonly kept = new Map<number, boolean>();

  constructor(private readonly pages: number[], private readonly codes: number[], private readonly window: number) {}

  private gapAfter(i: number): number {
    let refs = 0;
    for (let j = i + 1; j < this.pages.length; j++) {
      const release = (this.codes[j]! & 4) !== 0;
      if (!release) refs++;
      if (this.pages[j] === this.pages[i]) return release ? Infinity : refs;
    }
    return Infinity;
  }

  access(p: number, _t: number, i: number): Access {
    const evicted = [...this.kept].filter(([, keep]) => !keep).map(([q]) => q).filter((q) => q !== p);
    for (const q of evicted) this.kept.delete(q);
    const outcome: Outcome = this.kept.has(p) ? 'hit' : 'fault';
    this.kept.set(p, this.gapAfter(i) <= this.window);
    return { outcome, evicted };
  }

  release(p: number): boolean {
    return this.kept.delete(p);
  }

  resident(): number[] {
    return [...this.kept.keys()];
  }
}

/**
 * EELRU with one (e, l) pair: recency positions found by scanning a list of the l most recently
 * touched pages; the victim by scanning memory.
 */
export class RefEelru implements ReferencePolicy {
  private readonly queue: number[] = [];
  private readonly memory: number[] = [];
  private readonly last = new Map<number, number>();
  private near = 0;
  private far = 0;
  private readonly e: number;
  private readonly l: number;

  constructor(private readonly frames: number, early: number, late: number) {
    this.e = Math.max(1, Math.min(frames - 1, Math.floor(frames * early)));
    this.l = Math.max(frames + 1, Math.floor(frames * late));
  }

  private depth(p: number): number {
    const k = this.queue.indexOf(p);
    return k < 0 ? Infinity : k + 1;
  }

  access(p: number, t: number): Access {
    const d = this.depth(p);
    if (d > this.e && d <= this.frames) this.near++;
    else if (d > this.frames && d <= this.l) this.far++;
    const evicted: number[] = [];
    const outcome: Outcome = this.memory.includes(p) ? 'hit' : 'fault';
    if (outcome === 'fault' && this.memory.length >= this.frames) {
      const lastOf = (q: number): number => this.last.get(q)!;
      const early = this.near < (this.near + this.far) * ((this.frames - this.e) / (this.l - this.e));
      const deeper = this.memory.filter((q) => this.depth(q) > this.e);
      const v = early && deeper.length > 0
        ? deeper.reduce((a, b) => (lastOf(b) > lastOf(a) ? b : a))
        : this.memory.reduce((a, b) => (lastOf(b) < lastOf(a) ? b : a));
      removeFrom(this.memory, v);
      evicted.push(v);
    }
    if (outcome === 'fault') this.memory.push(p);
    this.last.set(p, t);
    removeFrom(this.queue, p);
    this.queue.unshift(p);
    if (this.queue.length > this.l) this.queue.pop();
    if (t % this.frames === 0) {
      this.near /= 2;
      this.far /= 2;
    }
    return { outcome, evicted };
  }

  release(p: number): boolean {
    removeFrom(this.queue, p);
    return removeFrom(this.memory, p);
  }

  resident(): number[] {
    return [...this.memory];
  }
}

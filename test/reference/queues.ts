/**
 * Brute-force readings of the multi-queue policies (SEGQ, ARC, 2Q, LIRS, S3-FIFO), each queue a
 * plain array with index 0 as its newest end (MRU / head), written from the papers' pseudo-code as
 * docs/policies.md states it, independently of the fast versions' list tricks.
 */
import { removeFrom, type Outcome, type ReferencePolicy } from './driver.js';

type Access = { outcome: Outcome; evicted: number[] };

/** SEGQ per docs/policies.md: active CLOCK/FIFO (array in queue order, head first), inactive LRU. */
export class RefSegq implements ReferencePolicy {
  private readonly active: { page: number; bit: number }[] = [];
  private readonly inactive: number[] = [];
  private activeFrames = 0;
  private inactiveFrames = 0;

  constructor(frames: number, private readonly share: number, private readonly clock: boolean) {
    this.setSegments(frames);
  }

  private setSegments(frames: number): void {
    this.inactiveFrames = Math.min(Math.floor(frames * this.share), frames - 1);
    this.activeFrames = frames - this.inactiveFrames;
  }

  /** Segments recomputed for the new size; active's overflow moves to inactive, inactive's overflow leaves. */
  resize(frames: number): number[] {
    this.setSegments(frames);
    while (this.active.length > this.activeFrames) this.inactive.unshift(this.activeVictim());
    const evicted: number[] = [];
    while (this.inactive.length > this.inactiveFrames) evicted.push(this.inactive.pop()!);
    return evicted;
  }

  private activeVictim(): number {
    while (this.active[0]!.bit === 1) {
      const head = this.active.shift()!;
      head.bit = 0;
      this.active.push(head);
    }
    return this.active.shift()!.page;
  }

  access(p: number): Access {
    const a = this.active.find((e) => e.page === p);
    const bit = this.clock ? 1 : 0;
    if (a) {
      a.bit = bit;
      return { outcome: 'hit', evicted: [] };
    }
    const soft = removeFrom(this.inactive, p);
    const evicted: number[] = [];
    if (this.active.length >= this.activeFrames) this.inactive.unshift(this.activeVictim());
    if (!soft && this.inactive.length > this.inactiveFrames) evicted.push(this.inactive.pop()!);
    this.active.push({ page: p, bit });
    return { outcome: soft ? 'soft' : 'fault', evicted };
  }

  release(p: number): boolean {
    const k = this.active.findIndex((e) => e.page === p);
    if (k >= 0) this.active.splice(k, 1);
    return k >= 0 || removeFrom(this.inactive, p);
  }

  resident(): number[] {
    return [...this.active.map((e) => e.page), ...this.inactive];
  }
}

/** ARC, Figure 1 of Megiddo & Modha; REPLACE only when the cache is full; releases forget. */
export class RefArc implements ReferencePolicy {
  private t1: number[] = [];
  private b1: number[] = [];
  private t2: number[] = [];
  private b2: number[] = [];
  private p = 0;

  constructor(private readonly c: number) {}

  private replace(inB2: boolean, evicted: number[]): void {
    if (this.t1.length + this.t2.length < this.c) return;
    if (this.t1.length >= 1 && ((inB2 && this.t1.length === this.p) || this.t1.length > this.p)) {
      const y = this.t1.pop()!;
      this.b1.unshift(y);
      evicted.push(y);
    } else {
      const y = this.t2.pop()!;
      this.b2.unshift(y);
      evicted.push(y);
    }
  }

  access(x: number): Access {
    const evicted: number[] = [];
    if (removeFrom(this.t1, x) || removeFrom(this.t2, x)) {
      this.t2.unshift(x);
      return { outcome: 'hit', evicted };
    }
    if (this.b1.includes(x)) {
      this.p = Math.min(this.c, this.p + Math.max(this.b2.length / this.b1.length, 1));
      removeFrom(this.b1, x);
      this.replace(false, evicted);
      this.t2.unshift(x);
    } else if (this.b2.includes(x)) {
      this.p = Math.max(0, this.p - Math.max(this.b1.length / this.b2.length, 1));
      removeFrom(this.b2, x);
      this.replace(true, evicted);
      this.t2.unshift(x);
    } else {
      const l1 = this.t1.length + this.b1.length;
      const l2 = this.t2.length + this.b2.length;
      if (l1 === this.c) {
        if (this.t1.length < this.c) {
          this.b1.pop();
          this.replace(false, evicted);
        } else {
          evicted.push(this.t1.pop()!);
        }
      } else if (l1 + l2 >= this.c) {
        if (l1 + l2 === 2 * this.c) this.b2.pop();
        this.replace(false, evicted);
      }
      this.t1.unshift(x);
    }
    return { outcome: 'fault', evicted };
  }

  release(x: number): boolean {
    const was = removeFrom(this.t1, x) || removeFrom(this.t2, x);
    removeFrom(this.b1, x);
    removeFrom(this.b2, x);
    return was;
  }

  resident(): number[] {
    return [...this.t1, ...this.t2];
  }
}

/** Full 2Q as printed, with X leaving A1out before reclaimfor and A1in reclaimed when Am is empty. */
export class Ref2Q implements ReferencePolicy {
  private readonly am: number[] = [];
  private readonly a1in: number[] = [];
  private readonly a1out: number[] = [];
  private readonly kin: number;
  private readonly kout: number;

  constructor(private readonly frames: number, kin: number, kout: number) {
    this.kin = Math.max(1, Math.floor(frames * kin));
    this.kout = Math.max(1, Math.floor(frames * kout));
  }

  private reclaimfor(evicted: number[]): void {
    if (this.am.length + this.a1in.length < this.frames) return;
    if (this.a1in.length > this.kin || this.am.length === 0) {
      const y = this.a1in.pop()!;
      evicted.push(y);
      this.a1out.unshift(y);
      if (this.a1out.length > this.kout) this.a1out.pop();
    } else {
      evicted.push(this.am.pop()!);
    }
  }

  access(x: number): Access {
    const evicted: number[] = [];
    if (removeFrom(this.am, x)) {
      this.am.unshift(x);
      return { outcome: 'hit', evicted };
    }
    if (this.a1in.includes(x)) return { outcome: 'hit', evicted };
    if (removeFrom(this.a1out, x)) {
      this.reclaimfor(evicted);
      this.am.unshift(x);
    } else {
      this.reclaimfor(evicted);
      this.a1in.unshift(x);
    }
    return { outcome: 'fault', evicted };
  }

  release(x: number): boolean {
    removeFrom(this.a1out, x);
    return removeFrom(this.am, x) || removeFrom(this.a1in, x);
  }

  resident(): number[] {
    return [...this.am, ...this.a1in];
  }
}

/** LIRS with an explicit stack of entries (index 0 = top) and the queue Q (index 0 = end). */
export class RefLirs implements ReferencePolicy {
  private s: number[] = [];
  private q: number[] = [];
  private readonly lir = new Set<number>();
  private readonly res = new Set<number>();
  private readonly lirFrames: number;
  private last = -1;

  /** `ignoreRepeats`: a reference to the page referenced just before is a hit that changes nothing. */
  constructor(private readonly frames: number, hir: number, private readonly ignoreRepeats = true) {
    this.lirFrames = frames - Math.min(frames, Math.max(2, Math.floor(frames * hir)));
  }

  private prune(): void {
    while (this.s.length > 0 && !this.lir.has(this.s[this.s.length - 1]!)) this.s.pop();
  }

  access(x: number): Access {
    const evicted: number[] = [];
    const repeat = x === this.last;
    this.last = x;
    if (repeat && this.ignoreRepeats && this.res.has(x)) return { outcome: 'hit', evicted };
    const inS = this.s.includes(x);
    const wasLir = this.lir.has(x);
    const outcome: Outcome = this.res.has(x) ? 'hit' : 'fault';
    if (outcome === 'fault') {
      if (this.res.size >= this.frames) {
        const v = this.q.pop()!;
        this.res.delete(v);
        evicted.push(v);
      }
      this.res.add(x);
    }
    removeFrom(this.s, x);
    this.s.unshift(x);
    if (!wasLir) {
      if (inS || this.lir.size < this.lirFrames) {
        removeFrom(this.q, x);
        this.lir.add(x);
        if (this.lir.size > this.lirFrames) {
          this.prune();
          const b = this.s.pop()!;
          this.lir.delete(b);
          this.q.unshift(b);
        }
      } else {
        removeFrom(this.q, x);
        this.q.unshift(x);
      }
    }
    this.prune();
    return { outcome, evicted };
  }

  release(x: number): boolean {
    if (this.last === x) this.last = -1;
    removeFrom(this.s, x);
    removeFrom(this.q, x);
    this.lir.delete(x);
    const was = this.res.delete(x);
    this.prune();
    return was;
  }

  resident(): number[] {
    return [...this.res];
  }
}

/** S3-FIFO, Algorithm 1: queues S, M, G (index 0 = head), frequencies capped at 3. */
export class RefS3Fifo implements ReferencePolicy {
  private readonly s: number[] = [];
  private readonly m: number[] = [];
  private readonly g: number[] = [];
  private readonly freq = new Map<number, number>();
  private readonly smallFrames: number;
  private readonly mainFrames: number;

  constructor(private readonly frames: number, small: number, private readonly threshold: number) {
    this.smallFrames = Math.max(1, Math.floor(frames * small));
    this.mainFrames = Math.max(1, frames - this.smallFrames);
  }

  private evictM(evicted: number[]): void {
    for (;;) {
      const t = this.m.pop()!;
      const f = this.freq.get(t)!;
      if (f > 0) {
        this.freq.set(t, f - 1);
        this.m.unshift(t);
      } else {
        evicted.push(t);
        return;
      }
    }
  }

  private evictS(evicted: number[]): void {
    while (this.s.length > 0) {
      const t = this.s.pop()!;
      if (this.freq.get(t)! >= this.threshold) {
        if (this.m.length >= this.mainFrames) this.evictM(evicted);
        this.m.unshift(t);
      } else {
        this.g.unshift(t);
        if (this.g.length > this.mainFrames) this.g.pop();
        evicted.push(t);
        return;
      }
    }
  }

  access(x: number): Access {
    const evicted: number[] = [];
    if (this.s.includes(x) || this.m.includes(x)) {
      this.freq.set(x, Math.min(3, this.freq.get(x)! + 1));
      return { outcome: 'hit', evicted };
    }
    while (this.s.length + this.m.length >= this.frames) {
      if (this.s.length >= this.smallFrames) this.evictS(evicted);
      else this.evictM(evicted);
    }
    this.freq.set(x, 0);
    if (removeFrom(this.g, x)) this.m.unshift(x);
    else this.s.unshift(x);
    return { outcome: 'fault', evicted };
  }

  release(x: number): boolean {
    removeFrom(this.g, x);
    return removeFrom(this.s, x) || removeFrom(this.m, x);
  }

  resident(): number[] {
    return [...this.s, ...this.m];
  }
}

interface ProEntry {
  page: number;
  hot: boolean;
  test: boolean;
  resident: boolean;
  ref: boolean;
}

/**
 * CLOCK-Pro as docs/policies.md states it, on an array in ring order whose index 0 is HANDhot (so the
 * list head is the array's end and moving HANDhot forward rotates the array); HANDcold and HANDtest
 * name pages.
 */
export class RefClockPro implements ReferencePolicy {
  private readonly ring: ProEntry[] = [];
  private handCold: number | undefined;
  private handTest: number | undefined;
  private coldTarget: number;
  private readonly maxColdTarget: number;
  private last = -1;

  /**
   * `cold`: the starting cold target max(2, floor(M × cold)) (kept within 1…M − 1); `hotStart`: pages
   * faulting into free frames are hot while fewer than M − mc are; `ignoreRepeats`: an immediate
   * re-reference does not set the bit.
   */
  constructor(private readonly frames: number, cold = 0.05, private readonly hotStart = true, private readonly ignoreRepeats = true) {
    this.maxColdTarget = Math.max(1, frames - 1);
    this.coldTarget = Math.max(1, Math.min(frames - 1, Math.max(2, Math.floor(frames * cold))));
  }

  private count(f: (e: ProEntry) => boolean): number {
    return this.ring.filter(f).length;
  }

  private adapt(d: number): void {
    this.coldTarget = Math.min(this.maxColdTarget, Math.max(1, this.coldTarget + d));
  }

  private at(page: number | undefined): number {
    return this.ring.findIndex((e) => e.page === page);
  }

  private remove(page: number): void {
    const k = this.at(page);
    const next = this.ring.length > 1 ? this.ring[(k + 1) % this.ring.length]!.page : undefined;
    if (this.handCold === page) this.handCold = next;
    if (this.handTest === page) this.handTest = next;
    this.ring.splice(k, 1);
  }

  private pushHead(e: ProEntry): void {
    this.ring.push(e);
    this.handCold ??= e.page;
    this.handTest ??= e.page;
  }

  private passCold(): void {
    const e = this.ring[0]!;
    if (e.test) {
      e.test = false;
      this.adapt(-1);
    }
    if (e.resident) this.ring.push(this.ring.shift()!);
    else this.remove(e.page);
  }

  private handHot(): void {
    while (this.count((e) => e.hot) > this.frames - this.coldTarget) {
      for (;;) {
        const e = this.ring[0]!;
        if (!e.hot) {
          this.passCold();
          continue;
        }
        this.ring.push(this.ring.shift()!);
        if (e.ref) {
          e.ref = false;
          continue;
        }
        e.hot = false;
        break;
      }
      while (this.count((e) => e.hot) > 0 && !this.ring[0]!.hot) this.passCold();
    }
  }

  private handTestRun(): void {
    for (;;) {
      const k = this.at(this.handTest);
      const e = this.ring[k]!;
      if (!e.hot && e.test) {
        e.test = false;
        this.adapt(-1);
        if (!e.resident) {
          this.remove(e.page);
          return;
        }
      }
      this.handTest = this.ring[(k + 1) % this.ring.length]!.page;
    }
  }

  private handColdRun(evicted: number[]): void {
    for (;;) {
      let k = this.at(this.handCold);
      while (!this.ring[k]!.resident || this.ring[k]!.hot) k = (k + 1) % this.ring.length;
      const e = this.ring[k]!;
      this.handCold = e.page;
      if (!e.ref) {
        if (e.test) {
          e.resident = false;
          this.handCold = this.ring[(k + 1) % this.ring.length]!.page;
        } else {
          this.remove(e.page);
        }
        evicted.push(e.page);
        if (this.count((x) => !x.resident) > this.frames) this.handTestRun();
        return;
      }
      e.ref = false;
      this.remove(e.page);
      this.pushHead(e);
      if (e.test) {
        e.test = false;
        e.hot = true;
        this.adapt(1);
        this.handHot();
      } else {
        e.test = true;
      }
    }
  }

  access(x: number): Access {
    const evicted: number[] = [];
    const e = this.ring.find((y) => y.page === x);
    const repeat = x === this.last;
    this.last = x;
    if (e?.resident) {
      if (!repeat || !this.ignoreRepeats) e.ref = true;
      return { outcome: 'hit', evicted };
    }
    const full = this.count((y) => y.resident) >= this.frames;
    if (full) this.handColdRun(evicted);
    if (this.ring.some((y) => y.page === x)) {
      this.remove(x);
      this.pushHead({ page: x, hot: true, test: false, resident: true, ref: false });
      this.adapt(1);
      this.handHot();
    } else if (this.hotStart && !full && this.count((y) => y.hot) < this.frames - this.coldTarget) {
      this.pushHead({ page: x, hot: true, test: false, resident: true, ref: false });
    } else {
      this.pushHead({ page: x, hot: false, test: true, resident: true, ref: false });
    }
    return { outcome: 'fault', evicted };
  }

  release(x: number): boolean {
    if (this.last === x) this.last = -1;
    const e = this.ring.find((y) => y.page === x);
    if (e) this.remove(x);
    return e?.resident ?? false;
  }

  resident(): number[] {
    return this.ring.filter((e) => e.resident).map((e) => e.page);
  }
}

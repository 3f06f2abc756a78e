/**
 * Brute-force references for the kernel's policies, written from the rules in docs/policies.md with
 * plain arrays (index 0 = list head) and sets: obviously correct, slow.
 */
import type { Outcome, ReferencePolicy } from './driver.js';
import { removeFrom } from './driver.js';

interface Access {
  outcome: Outcome;
  evicted: number[];
}

/** The stream's code byte is needed: the reference driver passes the record index, so keep the codes. */
export class RefLinux implements ReferencePolicy {
  /** lists[file ? 1 : 0][active ? 1 : 0], index 0 = head. */
  private readonly lists: number[][][] = [[[], []], [[], []]];
  private readonly referenced = new Set<number>();
  private readonly young = new Set<number>();
  private readonly workingset = new Set<number>();
  private readonly isFile = new Map<number, boolean>();
  private readonly shadows = new Map<number, { age: number; workingset: boolean }>();
  private age = 0;
  private credit = 0;

  constructor(private readonly frames: number, private readonly codes: number[], private readonly swappiness = 60, private readonly refaults = true) {}

  private find(p: number): [number, number] | undefined {
    for (const t of [0, 1]) for (const a of [0, 1]) if (this.lists[t]![a]!.includes(p)) return [t, a];
    return undefined;
  }

  private size(t: number, a: number): number {
    return this.lists[t]![a]!.length;
  }

  private markAccessed(p: number): void {
    const [t, a] = this.find(p)!;
    if (!this.referenced.has(p)) {
      this.referenced.add(p);
    } else if (a === 0) {
      removeFrom(this.lists[t]![0]!, p);
      this.lists[t]![1]!.unshift(p);
      this.referenced.delete(p);
      this.age++;
    }
  }

  access(p: number, _t: number, i: number): Access {
    const code = this.codes[i]!;
    const fs = (code & 2) !== 0;
    const evicted: number[] = [];
    if (this.find(p)) {
      if (fs) this.markAccessed(p);
      else this.young.add(p);
      return { outcome: 'hit', evicted };
    }
    const total = this.size(0, 0) + this.size(0, 1) + this.size(1, 0) + this.size(1, 1);
    if (total >= this.frames) evicted.push(this.reclaim());
    if (!this.isFile.has(p)) this.isFile.set(p, code >> 3 !== 1);
    const t = this.isFile.get(p)! ? 1 : 0;
    let a = 0;
    const sh = this.shadows.get(p);
    if (sh) {
      const ws = this.size(1, 1) + this.size(0, 1) + (t === 1 ? this.size(0, 0) : this.size(1, 0));
      if (this.refaults && this.age - sh.age <= ws) {
        a = 1;
        this.age++;
        if (sh.workingset) this.workingset.add(p);
      }
      this.shadows.delete(p);
    }
    this.lists[t]![a]!.unshift(p);
    if (fs) this.markAccessed(p);
    else this.young.add(p);
    return { outcome: 'fault', evicted };
  }

  private reclaim(): number {
    const anon = this.size(0, 0) + this.size(0, 1);
    const file = this.size(1, 0) + this.size(1, 1);
    let t: number;
    if (anon === 0) t = 1;
    else if (file === 0) t = 0;
    else {
      this.credit += this.swappiness;
      t = this.credit >= 200 ? 0 : 1;
      if (t === 0) this.credit -= 200;
    }
    const inactive = this.lists[t]![0]!;
    const active = this.lists[t]![1]!;
    for (;;) {
      const pages = inactive.length + active.length;
      const gb = Math.floor(pages / 262144);
      const ratio = gb > 0 ? Math.floor(Math.sqrt(10 * gb)) : 1;
      if (active.length > 0 && inactive.length * ratio < active.length) {
        const d = active.pop()!;
        inactive.unshift(d);
        this.young.delete(d);
        this.workingset.add(d);
        continue;
      }
      const p = inactive[inactive.length - 1]!;
      if (this.young.has(p)) {
        this.young.delete(p);
        inactive.pop();
        if (this.referenced.has(p)) {
          active.unshift(p);
          this.age++;
        } else {
          this.referenced.add(p);
          inactive.unshift(p);
        }
        continue;
      }
      inactive.pop();
      this.shadows.set(p, { age: this.age, workingset: this.workingset.has(p) });
      this.age++;
      this.referenced.delete(p);
      this.workingset.delete(p);
      return p;
    }
  }

  release(p: number): boolean {
    const at = this.find(p);
    if (at) removeFrom(this.lists[at[0]]![at[1]]!, p);
    this.referenced.delete(p);
    this.young.delete(p);
    this.workingset.delete(p);
    this.shadows.delete(p);
    this.isFile.delete(p);
    return at !== undefined;
  }

  resident(): number[] {
    return this.lists.flat(2);
  }
}

interface MgPage {
  file: boolean;
  seq: number;
  young: boolean;
  referenced: boolean;
  workingset: boolean;
  counter: number;
}

/** MGLRU: generations as arrays per sequence number and type (index 0 = head), controller counts in plain arrays. */
export class RefMglru implements ReferencePolicy {
  private readonly pages = new Map<number, MgPage>();
  private readonly kinds = new Map<number, boolean>();
  private readonly shadows = new Map<number, { minSeq: number; tok: number; workingset: boolean }>();
  private readonly lists = new Map<string, number[]>();
  private maxSeq = 1;
  private readonly minSeq = [0, 0];
  private readonly refaulted = [[0, 0, 0, 0], [0, 0, 0, 0]];
  private readonly evictedN = [[0, 0, 0, 0], [0, 0, 0, 0]];
  private readonly protectedN = [[0, 0, 0, 0], [0, 0, 0, 0]];
  private readonly avgRefaulted = [[0, 0, 0, 0], [0, 0, 0, 0]];
  private readonly avgTotal = [[0, 0, 0, 0], [0, 0, 0, 0]];

  constructor(private readonly frames: number, private readonly codes: number[], private readonly swappiness = 60) {}

  private list(seq: number, type: number): number[] {
    const key = `${seq}/${type}`;
    if (!this.lists.has(key)) this.lists.set(key, []);
    return this.lists.get(key)!;
  }

  private typeOf(p: number): number {
    return this.pages.get(p)!.file ? 1 : 0;
  }

  private refs(pg: MgPage): number {
    return pg.counter + (pg.workingset ? 1 : 0);
  }

  private tier(refs: number): number {
    return Math.ceil(Math.log2(refs + 1));
  }

  private incRefs(pg: MgPage): void {
    if (!pg.referenced) pg.referenced = true;
    else if (!pg.workingset) pg.workingset = true;
    else pg.counter = Math.min(3, pg.counter + 1);
  }

  access(p: number, _t: number, i: number): Access {
    const code = this.codes[i]!;
    const vm = (code & 2) === 0;
    const evicted: number[] = [];
    const pg = this.pages.get(p);
    if (pg) {
      if (vm) pg.young = true;
      else this.incRefs(pg);
      return { outcome: 'hit', evicted };
    }
    if (this.pages.size >= this.frames) evicted.push(this.evictOne());
    if (!this.kinds.has(p)) this.kinds.set(p, code >> 3 !== 1);
    const file = this.kinds.get(p)!;
    const type = file ? 1 : 0;
    let workingset = false;
    const sh = this.shadows.get(p);
    if (sh && sh.minSeq === this.minSeq[type]) {
      const refs = sh.tok + (sh.workingset ? 1 : 0);
      this.refaulted[type]![this.tier(refs)]++;
      workingset = vm || refs === 4;
    }
    this.shadows.delete(p);
    const seq = vm ? this.maxSeq : this.minSeq[type]! + (file ? 0 : 1);
    const page: MgPage = { file, seq, young: vm, referenced: false, workingset, counter: 0 };
    this.pages.set(p, page);
    this.list(seq, type).unshift(p);
    if (!vm) this.incRefs(page);
    return { outcome: 'fault', evicted };
  }

  private size(seq: number, type: number): number {
    return this.list(seq, type).length;
  }

  private shouldAge(): boolean {
    const min = this.minSeq[this.swappiness === 0 ? 1 : 0]!;
    if (min + 2 > this.maxSeq) return true;
    if (min + 2 < this.maxSeq) return false;
    const total = this.pages.size;
    const young = this.size(this.maxSeq, 0) + this.size(this.maxSeq, 1);
    const old = this.size(this.maxSeq - 2, 0) + this.size(this.maxSeq - 2, 1);
    return young * 2 > total || old * 4 < total;
  }

  private moveToYoungest(p: number): void {
    const pg = this.pages.get(p)!;
    removeFrom(this.list(pg.seq, this.typeOf(p)), p);
    pg.young = false;
    pg.seq = this.maxSeq;
    this.list(pg.seq, this.typeOf(p)).unshift(p);
  }

  private carry(type: number): void {
    for (let t = 0; t < 4; t++) {
      this.avgRefaulted[type]![t] = Math.floor((this.avgRefaulted[type]![t]! + this.refaulted[type]![t]!) / 2);
      this.avgTotal[type]![t] = Math.floor((this.avgTotal[type]![t]! + this.evictedN[type]![t]! + (t > 0 ? this.protectedN[type]![t - 1]! : 0)) / 2);
      this.refaulted[type]![t] = 0;
      this.evictedN[type]![t] = 0;
      this.protectedN[type]![t] = 0;
    }
  }

  private age(): void {
    for (const type of [1, 0]) {
      const min = this.minSeq[type]!;
      if (this.maxSeq - min + 1 < 4) continue;
      const oldest = this.list(min, type);
      while (oldest.length > 0) {
        const p = oldest.pop()!;
        const pg = this.pages.get(p)!;
        pg.referenced = false;
        pg.workingset = false;
        pg.counter = 0;
        pg.seq = min + 1;
        this.list(min + 1, type).push(p);
      }
      this.carry(type);
      this.minSeq[type] = min + 1;
    }
    for (let s = this.minSeq[0]!; s < this.maxSeq; s++) {
      for (const type of [0, 1]) {
        for (const p of [...this.list(s, type)].reverse()) if (this.pages.get(p)!.young) this.moveToYoungest(p);
      }
    }
    for (const type of [0, 1]) for (const p of this.list(this.maxSeq, type)) this.pages.get(p)!.young = false;
    this.maxSeq++;
  }

  private retire(): boolean {
    const next = [...this.minSeq];
    for (const type of [0, 1]) while (next[type]! + 2 <= this.maxSeq && this.size(next[type]!, type) === 0) next[type]!++;
    next[0] = Math.min(next[0]!, next[1]!);
    next[1] = Math.max(next[0]!, this.minSeq[1]!);
    let changed = false;
    for (const type of [0, 1]) {
      if (next[type] === this.minSeq[type]) continue;
      this.carry(type);
      this.minSeq[type] = next[type]!;
      changed = true;
    }
    return changed;
  }

  private pos(type: number, tier: number): [number, number] {
    const refaulted = this.avgRefaulted[type]![tier]! + this.refaulted[type]![tier]!;
    const total = this.avgTotal[type]![tier]! + this.evictedN[type]![tier]! + (tier > 0 ? this.protectedN[type]![tier - 1]! : 0);
    return [refaulted, total];
  }

  private positive(sp: [number, number], spGain: number, pv: [number, number], pvGain: number): boolean {
    return pv[0] < 64 || pv[0] * (sp[1] + 64) * spGain <= (sp[0] + 1) * pv[1] * pvGain;
  }

  private lastTier(type: number, sp: [number, number], spGain: number, pvGain: number): number {
    let tier = 1;
    for (; tier < 4; tier++) if (!this.positive(sp, spGain, this.pos(type, tier), pvGain)) break;
    return tier - 1;
  }

  private evictOne(): number {
    for (;;) {
      if (this.shouldAge()) this.age();
      const s = this.swappiness;
      let type: number;
      let tierIdx = -1;
      if (s === 0) type = 1;
      else if (this.minSeq[0]! < this.minSeq[1]!) type = 0;
      else if (s === 1) type = 1;
      else if (s === 200) type = 0;
      else {
        const gain = [s, 200 - s];
        type = this.positive(this.pos(0, 0), gain[0]!, this.pos(1, 0), gain[1]!) ? 1 : 0;
        tierIdx = this.lastTier(type, this.pos(1 - type, 0), gain[1 - type]!, gain[type]!);
      }
      const fileCount = [...this.pages.values()].filter((x) => x.file).length;
      const mayOther = !(s === 0 && fileCount > 0);
      if (this.size(this.minSeq[type]!, type) === 0 && mayOther) {
        type = 1 - type;
        tierIdx = -1;
      }
      if (tierIdx < 0) tierIdx = this.lastTier(type, this.pos(type, 0), 1, 2);
      const min = this.minSeq[type]!;
      const oldest = this.list(min, type);
      while (oldest.length > 0) {
        const p = oldest[oldest.length - 1]!;
        const pg = this.pages.get(p)!;
        if (pg.young) {
          this.moveToYoungest(p);
          continue;
        }
        const refs = this.refs(pg);
        const tier = this.tier(refs);
        oldest.pop();
        if (tier > tierIdx || refs === 4) {
          pg.referenced = false;
          pg.workingset = false;
          pg.counter = 0;
          pg.seq = min + 1;
          this.list(min + 1, type).push(p);
          if (tier > 0) this.protectedN[type]![tier - 1]++;
          continue;
        }
        this.evictedN[type]![tier]++;
        this.shadows.set(p, { minSeq: min, tok: Math.max(refs - 1, 0), workingset: pg.workingset });
        this.pages.delete(p);
        return p;
      }
      if (!this.retire()) this.age();
    }
  }

  release(p: number): boolean {
    const pg = this.pages.get(p);
    if (pg) removeFrom(this.list(pg.seq, this.typeOf(p)), p);
    this.pages.delete(p);
    this.shadows.delete(p);
    this.kinds.delete(p);
    return pg !== undefined;
  }

  resident(): number[] {
    return [...this.pages.keys()];
  }
}

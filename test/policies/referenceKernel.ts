/**
 * Brute-force references for the kernel's policies, written from the rules in docs/policies.md with
 * plain arrays (index 0 = list head) and sets: obviously correct, slow.
 */
import type { Outcome, ReferencePolicy } from './referenceDriver.js';
import { removeFrom } from './referenceDriver.js';

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

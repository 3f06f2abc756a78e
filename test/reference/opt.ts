/** The brute-force side of the OPT differential tests. */
import { evictWhileOver, removeFrom, type ReferencePolicy } from './driver.js';

/** Belady's MIN by brute force: scan the residents for the farthest next use (never used again: lowest page first). */
export class BruteOpt implements ReferencePolicy {
  private readonly held: number[] = [];
  /** `codes` (optional) marks release records: a page released before its next reference is never used again. */
  constructor(private frames: number, private readonly pages: number[], private readonly codes?: number[]) {}

  private nextUse(p: number, i: number): number {
    for (let j = i + 1; j < this.pages.length; j++) {
      if (this.pages[j] !== p) continue;
      if (this.codes && this.codes[j]! & 4) break;
      return j;
    }
    return this.pages.length + 1e6 - p;
  }

  access(p: number, _t: number, i: number): { outcome: 'hit' | 'fault'; evicted: number[] } {
    if (this.held.includes(p)) return { outcome: 'hit', evicted: [] };
    const evicted: number[] = [];
    if (this.held.length >= this.frames) evicted.push(this.victim(i));
    this.held.push(p);
    return { outcome: 'fault', evicted };
  }

  /** Removes and returns the resident page used farthest after record i. */
  private victim(i: number): number {
    let worst = 0;
    for (let k = 1; k < this.held.length; k++) if (this.nextUse(this.held[k]!, i) > this.nextUse(this.held[worst]!, i)) worst = k;
    return this.held.splice(worst, 1)[0]!;
  }

  resize(frames: number, i: number): number[] {
    this.frames = frames;
    return evictWhileOver(frames, () => this.held.length, () => this.victim(i));
  }

  release(p: number): boolean {
    return removeFrom(this.held, p);
  }

  resident(): number[] {
    return this.held;
  }
}

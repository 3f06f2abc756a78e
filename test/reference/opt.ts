/** The brute-force side of the OPT differential tests. */
import type { ReferencePolicy } from './driver.js';

/** Belady's MIN by brute force: scan the residents for the farthest next use (never used again: lowest page first). */
export class BruteOpt implements ReferencePolicy {
  private readonly held: number[] = [];
  constructor(private readonly frames: number, private readonly pages: number[]) {}

  private nextUse(p: number, i: number): number {
    for (let j = i + 1; j < this.pages.length; j++) if (this.pages[j] === p) return j;
    return this.pages.length + 1e6 - p;
  }

  access(p: number, _t: number, i: number): { outcome: 'hit' | 'fault'; evicted: number[] } {
    if (this.held.includes(p)) return { outcome: 'hit', evicted: [] };
    const evicted: number[] = [];
    if (this.held.length >= this.frames) {
      let worst = 0;
      for (let k = 1; k < this.held.length; k++) if (this.nextUse(this.held[k]!, i) > this.nextUse(this.held[worst]!, i)) worst = k;
      evicted.push(...this.held.splice(worst, 1));
    }
    this.held.push(p);
    return { outcome: 'fault', evicted };
  }

  release(): boolean {
    throw new Error('no releases in these streams');
  }

  resident(): number[] {
    return this.held;
  }
}

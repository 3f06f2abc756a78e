/**
 * The brute-force model of kVMTrace's reference filter (EVMS, docs/workloads.md, "The reference filter"): entries are
 * objects in plain arrays, segment 1 a queue; and the reordering window a sequence of serials needs,
 * by counting. Compared with workloads/referenceFilter.ts and workloads/latenessMeter.ts.
 */
/** A naive EVMS: entries are objects in plain arrays; segment 1 is a queue (CLOCK as in docs/policies.md). */
export class NaiveFilter {
  seg0: NEntry[] = [];
  seg1: NEntry[] = [];
  out: string[] = [];
  serials: number[] = [];
  constructor(private readonly n0: number, private readonly n1: number, private readonly clock: boolean) {}
  private live(c: number, v: number): NEntry | undefined {
    return [...this.seg0, ...this.seg1].find((e) => !e.deleted && e.c === c && e.v === v);
  }
  private emit(e: NEntry): void {
    const multi = e.seg0Ref && e.seg1Ref;
    this.out.push(`${e.dirty ? (multi ? 'W' : 'w') : multi ? 'R' : 'r'} ${e.c}:${e.v}@${e.cycle}`);
    this.serials.push(e.serial);
  }
  private serial = 0;
  reference(c: number, v: number, write: boolean, cycle: number): void {
    const e = this.live(c, v);
    if (e) {
      e.young = true;
      if (write) e.dirty = true;
      if (this.seg1.includes(e)) e.seg1Ref = true;
      return;
    }
    if (this.seg0.length === this.n0) {
      const moved = this.seg0.shift()!;
      if (this.n1 === 0) this.emit(moved);
      else {
        moved.seg0Ref = moved.young;
        moved.young = false;
        if (this.seg1.length === this.n1) {
          for (;;) {
            const head = this.seg1.shift()!;
            if (this.clock && head.young) {
              head.young = false;
              this.seg1.push(head);
            } else {
              this.emit(head);
              break;
            }
          }
        }
        this.seg1.push(moved);
      }
    }
    this.seg0.push({ c, v, cycle, young: true, dirty: write, seg0Ref: false, seg1Ref: false, deleted: false, serial: this.serial++ });
  }
  delete(test: (e: NEntry) => boolean): void {
    for (const e of [...this.seg0, ...this.seg1]) if (test(e)) e.deleted = true;
  }
  flush(): void {
    for (const e of [...this.seg1, ...this.seg0]) this.emit(e);
    this.seg0 = [];
    this.seg1 = [];
  }
}
export interface NEntry {
  c: number;
  v: number;
  cycle: number;
  young: boolean;
  dirty: boolean;
  seg0Ref: boolean;
  seg1Ref: boolean;
  deleted: boolean;
  serial: number;
}

export function naiveWindow(serials: number[]): number {
  let worst = 0;
  serials.forEach((s, i) => (worst = Math.max(worst, serials.slice(0, i).filter((t) => t > s).length)));
  return worst;
}

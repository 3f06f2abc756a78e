/**
 * One address space (a kVMTrace context): its mappings and its page table of anonymous page
 * identities (pages first touched in anonymous regions, copy-on-write copies, pages shared from
 * the parent by `D`). File and shm pages are not in the page table: they are found through the
 * mapping, so that every mapping of a file page reaches the same page.
 */
import type { AnonPages } from './anonPages.js';
import { RegionMap } from './regions.js';
import type { ProcessState, TaskState } from './tasks.js';

export class AddressSpace {
  readonly regions = new RegionMap();
  /** vpn → anonymous identity slot. */
  readonly pages = new Map<number, number>();
  /** The task that last ran in it, for attributing references when the schedule says otherwise. */
  lastTask: TaskState | undefined;
  torndown = false;

  constructor(
    readonly context: number,
    public process: ProcessState | undefined,
  ) {}

  /** Calls `fn` for each page-table entry in [start, end), looping over whichever is smaller. */
  private entriesIn(start: number, end: number, fn: (vpn: number, slot: number) => void): void {
    if (end - start <= this.pages.size) {
      for (let v = start; v < end; v++) {
        const slot = this.pages.get(v);
        if (slot !== undefined) fn(v, slot);
      }
    } else {
      for (const [v, slot] of this.pages) if (v >= start && v < end) fn(v, slot);
    }
  }

  /** Removes the entries in [start, end) that `keep` rejects, adding the pages that die to `dying`. */
  dropRange(anon: AnonPages, start: number, end: number, dying: number[], keep?: (vpn: number) => boolean): void {
    const doomed: number[] = [];
    this.entriesIn(start, end, (v) => {
      if (!keep || !keep(v)) doomed.push(v);
    });
    for (const v of doomed) this.dropEntry(anon, v, dying);
  }

  /** Removes the entry at `vpn` (if any); its page dies if this was its last entry. */
  dropEntry(anon: AnonPages, vpn: number, dying: number[]): void {
    const slot = this.pages.get(vpn);
    if (slot === undefined) return;
    this.pages.delete(vpn);
    const page = anon.drop(slot);
    if (page >= 0) dying.push(page);
  }

  /** Removes and returns the entries in [start, end) without dropping them (for a move). */
  takeRange(start: number, end: number): [number, number][] {
    const taken: [number, number][] = [];
    this.entriesIn(start, end, (v, slot) => taken.push([v, slot]));
    for (const [v] of taken) this.pages.delete(v);
    return taken;
  }

  /** Shares the entries of `from` in [start, end) into this space (fork's page-table copy). */
  copyRange(from: AddressSpace, anon: AnonPages, start: number, end: number, dying: number[]): void {
    from.entriesIn(start, end, (v, slot) => {
      this.dropEntry(anon, v, dying);
      anon.retain(slot);
      this.pages.set(v, slot);
    });
  }

  /** Drops every entry and mapping (exit_mmap). */
  teardown(anon: AnonPages, dying: number[]): void {
    for (const slot of this.pages.values()) {
      const page = anon.drop(slot);
      if (page >= 0) dying.push(page);
    }
    this.pages.clear();
    this.regions.clear();
    this.torndown = true;
  }
}

/**
 * One address space (a kVMTrace context): its mappings and its page table of anonymous page
 * identities (pages first touched in anonymous regions, copy-on-write copies, pages shared from
 * the parent by `D`). File and shm pages are not in the page table: they are found through the
 * mapping, so that every mapping of a file page reaches the same page.
 */
import type { AnonPages } from './anonPages.js';
import { PageTable } from './pageTable.js';
import { RegionMap } from './regions.js';
import type { ProcessState, TaskState } from './tasks.js';

export class AddressSpace {
  readonly regions = new RegionMap();
  /** vpn → anonymous identity slot. */
  readonly pages = new PageTable();
  /** The task that last ran in it, for attributing references when the schedule says otherwise. */
  lastTask: TaskState | undefined;

  constructor(
    readonly context: number,
    public process: ProcessState | undefined,
  ) {}

  /** Removes the entries in [start, end) that `keep` rejects, adding the pages that die to `dying`. */
  dropRange(anon: AnonPages, start: number, end: number, dying: number[], keep?: (vpn: number) => boolean): void {
    for (const [v] of this.pages.entriesIn(start, end)) if (!keep || !keep(v)) this.dropEntry(anon, v, dying);
  }

  /** Removes the entry at `vpn` (if any); its page dies if this was its last entry. */
  dropEntry(anon: AnonPages, vpn: number, dying: number[]): void {
    const slot = this.pages.delete(vpn);
    if (slot < 0) return;
    const page = anon.drop(slot);
    if (page >= 0) dying.push(page);
  }

  /** Removes and returns the entries in [start, end) without dropping them (for a move). */
  takeRange(start: number, end: number): [number, number][] {
    const taken = this.pages.entriesIn(start, end);
    for (const [v] of taken) this.pages.delete(v);
    return taken;
  }

  /** Shares the entries of `from` in [start, end) into this space (fork's page-table copy). */
  copyRange(from: AddressSpace, anon: AnonPages, start: number, end: number, dying: number[]): void {
    for (const [v, slot] of from.pages.entriesIn(start, end)) {
      this.dropEntry(anon, v, dying);
      anon.retain(slot);
      this.pages.set(v, slot);
    }
  }

  /** Drops every entry and mapping (exit_mmap). */
  teardown(anon: AnonPages, dying: number[]): void {
    for (const slot of this.pages.slots()) {
      const page = anon.drop(slot);
      if (page >= 0) dying.push(page);
    }
    this.pages.clear();
    this.regions.clear();
  }
}

/**
 * The collector's model of one address space, kept so that it can tell when a write is a
 * copy-on-write break (kernel record `C`) and which references to leave out. It mirrors what the
 * merger will rebuild from the trace (docs/merger.md): mappings, and an *anonymous page identity*
 * per page that has one — created at the page's first reference in an anonymous mapping, shared
 * with the child at fork (the merger's `D`), given anew by a `C`.
 *
 * A write needs a `C` when the page's identity is shared with another address space (after a
 * fork), or when it is the first write to a page of a private file mapping (the writer gets an
 * anonymous copy). Shared file mappings and shared anonymous memory never copy.
 */

/** Anonymous private memory (also brk, stacks, mappings of devices). */
export const REGION_ANON = 0;
export const REGION_FILE_PRIVATE = 1;
export const REGION_FILE_SHARED = 2;
/** Shared anonymous memory: written to the trace as a shm segment of its own. */
export const REGION_SHM = 3;
/** valgrind's pages the program can see (its trampoline, its preload library): left out. */
export const REGION_EXCLUDED = 4;
export type RegionKind = 0 | 1 | 2 | 3 | 4;

export interface Region {
  /** Pages [start, end). */
  start: number;
  end: number;
  kind: RegionKind;
  /** The file's key (file regions), for telling whether two regions show the same pages. */
  file: object | undefined;
  /** Page of the file shown at `start`. */
  pageOffset: number;
  /** Segment id (shm regions). */
  shm: number;
}

/** The piece of `r` over [start, end), moved by `shift` pages. */
function piece(r: Region, start: number, end: number, shift = 0): Region {
  return { ...r, start: start + shift, end: end + shift, pageOffset: r.pageOffset + (start - r.start) };
}

/** What a reference means for the trace. */
export const TOUCH_OK = 0;
/** a write that first breaks copy-on-write (emit `C`, then the write) */
export const TOUCH_COW = 1;
/** no mapping covers the page: left out */
export const TOUCH_OUTSIDE = 2;
/** valgrind's page: left out */
export const TOUCH_EXCLUDED = 3;

class Identity {
  /** Address spaces whose page table holds this identity. */
  sharers = 1;
}

export class AddressSpace {
  private regions: Region[] = [];
  private readonly pages = new Map<number, Identity>();
  private lastRegion: Region | undefined;
  private lastVpn = -1;
  private lastPage: Identity | undefined;

  constructor(readonly context: number) {}

  /** The mappings, in address order. */
  get mappings(): readonly Region[] {
    return this.regions;
  }

  find(vpn: number): Region | undefined {
    const last = this.lastRegion;
    if (last && vpn >= last.start && vpn < last.end) return last;
    let lo = 0;
    let hi = this.regions.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = this.regions[mid]!;
      if (vpn < r.start) hi = mid - 1;
      else if (vpn >= r.end) lo = mid + 1;
      else return (this.lastRegion = r);
    }
    return undefined;
  }

  /** A reference to page `vpn`: TOUCH_OK, TOUCH_COW, TOUCH_OUTSIDE or TOUCH_EXCLUDED. */
  touch(vpn: number, write: boolean): number {
    if (vpn === this.lastVpn && (!write || this.lastPage!.sharers === 1)) return TOUCH_OK;
    const r = this.find(vpn);
    if (r === undefined) return TOUCH_OUTSIDE;
    if (r.kind === REGION_EXCLUDED) return TOUCH_EXCLUDED;
    if (r.kind === REGION_FILE_SHARED || r.kind === REGION_SHM) return TOUCH_OK;
    let page = this.pages.get(vpn);
    let result = TOUCH_OK;
    if (page === undefined) {
      // A private file page stays the file's until its first write.
      if (r.kind === REGION_FILE_PRIVATE && !write) return TOUCH_OK;
      page = new Identity();
      this.pages.set(vpn, page);
      if (r.kind === REGION_FILE_PRIVATE) result = TOUCH_COW;
    } else if (write && page.sharers > 1) {
      page.sharers--;
      page = new Identity();
      this.pages.set(vpn, page);
      result = TOUCH_COW;
    }
    this.lastVpn = vpn;
    this.lastPage = page;
    return result;
  }

  private changed(): void {
    this.lastRegion = undefined;
    this.lastVpn = -1;
    this.lastPage = undefined;
  }

  /** True when some mapping covers a page of [start, end). */
  overlaps(start: number, end: number): boolean {
    return this.regions.some((r) => r.start < end && r.end > start);
  }

  /** The page identities in [start, end), by whichever is shorter to walk: the range or the table. */
  private pagesIn(start: number, end: number): [number, Identity][] {
    const found: [number, Identity][] = [];
    if (end - start <= this.pages.size) {
      for (let vpn = start; vpn < end; vpn++) {
        const page = this.pages.get(vpn);
        if (page) found.push([vpn, page]);
      }
    } else {
      for (const [vpn, page] of this.pages) if (vpn >= start && vpn < end) found.push([vpn, page]);
    }
    return found;
  }

  /** Drops the page identities in [start, end). */
  private dropPages(start: number, end: number): void {
    for (const [vpn, page] of this.pagesIn(start, end)) {
      page.sharers--;
      this.pages.delete(vpn);
    }
  }

  /** Removes [start, end) from the mappings; returns the pieces removed. */
  private cut(start: number, end: number): Region[] {
    const kept: Region[] = [];
    const removed: Region[] = [];
    for (const r of this.regions) {
      if (r.end <= start || r.start >= end) {
        kept.push(r);
        continue;
      }
      if (r.start < start) kept.push(piece(r, r.start, start));
      removed.push(piece(r, Math.max(r.start, start), Math.min(r.end, end)));
      if (r.end > end) kept.push(piece(r, end, r.end));
    }
    this.regions = kept;
    this.changed();
    return removed;
  }

  private insert(region: Region): void {
    if (region.end <= region.start) return;
    let i = this.regions.length;
    while (i > 0 && this.regions[i - 1]!.start > region.start) i--;
    this.regions.splice(i, 0, region);
    this.changed();
  }

  /** A new mapping over a range no mapping covers (callers unmap first, as the trace does). */
  map(region: Region): void {
    this.cut(region.start, region.end);
    this.insert(region);
  }

  /** munmap: the mappings and page identities of [start, end) go; returns the pieces removed. */
  unmap(start: number, end: number): Region[] {
    this.dropPages(start, end);
    return this.cut(start, end);
  }

  /**
   * mremap, as the merger applies `@`: the mappings and page identities of the old range move to
   * the new one; whatever was mapped there goes; a shrink drops the tail; a growth extends the
   * last moved mapping. Returns the pieces that were removed (not moved).
   */
  move(oldStart: number, oldEnd: number, newStart: number, newEnd: number): Region[] {
    const shift = newStart - oldStart;
    const pieces = this.regions.filter((r) => r.start < oldEnd && r.end > oldStart).map((r) => piece(r, Math.max(r.start, oldStart), Math.min(r.end, oldEnd)));
    const moving = this.pagesIn(oldStart, oldEnd);
    for (const [vpn] of moving) this.pages.delete(vpn);
    this.cut(oldStart, oldEnd);
    const removed = this.unmap(newStart, newEnd);
    for (const p of pieces) {
      const end = Math.min(p.end + shift, newEnd);
      if (p.start + shift < end) this.insert(piece(p, p.start, end - shift, shift));
      else removed.push(p);
    }
    const last = pieces[pieces.length - 1];
    if (last && last.end === oldEnd && oldEnd + shift < newEnd) this.insert(piece(last, last.end, last.end + (newEnd - oldEnd - shift), shift));
    for (const [vpn, page] of moving) {
      if (vpn + shift < newEnd) this.pages.set(vpn + shift, page);
      else page.sharers--;
    }
    return removed;
  }

  /** fork: a new space with the same mappings, sharing every page identity. */
  fork(context: number): AddressSpace {
    const child = new AddressSpace(context);
    child.regions = this.regions.map((r) => ({ ...r }));
    for (const [vpn, page] of this.pages) {
      page.sharers++;
      child.pages.set(vpn, page);
    }
    return child;
  }

  /** The space is torn down (exit, exec); returns its mappings. */
  teardown(): Region[] {
    for (const page of this.pages.values()) page.sharers--;
    this.pages.clear();
    const all = this.regions;
    this.regions = [];
    this.changed();
    return all;
  }
}

/**
 * The mappings of one address space: non-overlapping page ranges [start, end) in virtual page
 * numbers, sorted, each anonymous, a window on a file, or a window on a System V shm segment.
 */
import type { FileState } from './files.js';
import type { ShmSegment } from './shm.js';

export const REGION_ANON = 0;
export const REGION_FILE = 1;
export const REGION_SHM = 2;
export type RegionKind = typeof REGION_ANON | typeof REGION_FILE | typeof REGION_SHM;

export interface Region {
  start: number;
  end: number;
  kind: RegionKind;
  /** The backing object (file regions and shm regions). */
  file: FileState | undefined;
  segment: ShmSegment | undefined;
  /** Page index, in the file or segment, of the page at `start`. */
  pageOffset: number;
}

export function anonRegion(start: number, end: number): Region {
  return { start, end, kind: REGION_ANON, file: undefined, segment: undefined, pageOffset: 0 };
}

/** A copy of `r` restricted to [start, end) (which must lie inside it), moved by `shift` pages. */
export function slice(r: Region, start: number, end: number, shift = 0): Region {
  return { ...r, start: start + shift, end: end + shift, pageOffset: r.pageOffset + (start - r.start) };
}

/**
 * Two regions show the same pages at the same addresses, so one can extend the other: both
 * anonymous, or the same file (segment) at the same position relative to the address.
 */
export function sameBacking(a: Region, b: Region): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === REGION_ANON) return true;
  return a.file === b.file && a.segment === b.segment && a.pageOffset - a.start === b.pageOffset - b.start;
}

export class RegionMap {
  private list: Region[] = [];
  private last: Region | undefined;

  get regions(): readonly Region[] {
    return this.list;
  }

  /** The region covering page `vpn`, if any. */
  find(vpn: number): Region | undefined {
    const hit = this.last;
    if (hit && vpn >= hit.start && vpn < hit.end) return hit;
    const list = this.list;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = list[mid]!;
      if (vpn < r.start) hi = mid - 1;
      else if (vpn >= r.end) lo = mid + 1;
      else return (this.last = r);
    }
    return undefined;
  }

  /** The parts of regions inside [start, end), clipped, in address order. */
  overlapping(start: number, end: number): Region[] {
    const out: Region[] = [];
    for (const r of this.list) {
      if (r.end <= start || r.start >= end) continue;
      out.push(slice(r, Math.max(r.start, start), Math.min(r.end, end)));
    }
    return out;
  }

  /** Removes [start, end) from every region (splitting those that straddle it). */
  cut(start: number, end: number): void {
    if (end <= start) return;
    const kept: Region[] = [];
    for (const r of this.list) {
      if (r.end <= start || r.start >= end) kept.push(r);
      else {
        if (r.start < start) kept.push(slice(r, r.start, start));
        if (r.end > end) kept.push(slice(r, end, r.end));
      }
    }
    this.list = kept;
    this.last = undefined;
  }

  /** Adds a region over a range that `cut` has cleared. */
  insert(region: Region): void {
    if (region.end <= region.start) return;
    let i = this.list.length;
    while (i > 0 && this.list[i - 1]!.start > region.start) i--;
    this.list.splice(i, 0, region);
  }

  /** The region ending exactly at `vpn`, if any. */
  endingAt(vpn: number): Region | undefined {
    return this.list.find((r) => r.end === vpn);
  }

  clear(): void {
    this.list = [];
    this.last = undefined;
  }

  /** Replaces the contents with copies of another map's regions (fork). */
  copyFrom(other: RegionMap): void {
    this.list = other.list.map((r) => ({ ...r }));
    this.last = undefined;
  }
}

/**
 * The generator's own model of address spaces (it does not use the merger's): named regions in
 * virtual pages, each anonymous, a window on a file (shared or private) or on a System V shm
 * segment, with the true identity of every anonymous page it holds. i386 layout: program text at
 * 0x08048000 with data and heap after it, mappings first-fit from 0x40000000, the stack below
 * 0xc0000000.
 */
import { PAGE_SIZE } from '../../traces/memoryAmounts.js';
import type { SimFile } from './files.js';

export const PAGE = PAGE_SIZE;
export const TEXT_BASE = 0x08048;
export const MMAP_BASE = 0x40000;
export const STACK_TOP = 0xc0000;
/** Pages below the stack top kept free for the stack to grow into. */
export const STACK_RESERVE = 16384;

export const ANON = 0;
export const FILE = 1;
export const SHM = 2;
export type RegionKind = typeof ANON | typeof FILE | typeof SHM;

/** A System V shared memory segment: its pages' identities, by page index. */
export interface Segment {
  key: string;
  shmId: number;
  pages: number;
  ids: Map<number, number>;
  attaches: number;
  removed: boolean;
}

export interface Region {
  name: string;
  /** First virtual page. */
  start: number;
  pages: number;
  kind: RegionKind;
  file: SimFile | undefined;
  /** File page shown at `start`. */
  pageOffset: number;
  /** A private file mapping: a write makes an anonymous copy (copy-on-write). */
  private: boolean;
  segment: Segment | undefined;
  /** Anonymous identity of each page (anonymous regions; copies in private file regions); -1: none yet. */
  anon: Int32Array | undefined;
  /** Zipf ranks count from the top (stacks). */
  fromTop: boolean;
}

export function newRegion(name: string, start: number, pages: number, kind: RegionKind, fields: Partial<Region> = {}): Region {
  return {
    name,
    start,
    pages,
    kind,
    file: undefined,
    pageOffset: 0,
    private: false,
    segment: undefined,
    anon: kind === ANON || fields.private ? new Int32Array(pages).fill(-1) : undefined,
    fromTop: false,
    ...fields,
  };
}

/** Resizes a region's identity array: `front` pages added (or removed, if negative) before, `back` after. */
export function resizeAnon(r: Region, front: number, back: number): void {
  if (!r.anon) return;
  const grown = new Int32Array(r.pages + front + back).fill(-1);
  const from = Math.max(0, -front);
  const to = Math.min(r.pages, r.pages + back);
  if (to > from) grown.set(r.anon.subarray(from, to), Math.max(0, front));
  r.anon = grown;
}

export class Space {
  /** Sorted by start. */
  readonly regions: Region[] = [];
  readonly byName = new Map<string, Region>();
  /** Tasks using the space. */
  users = 0;

  constructor(readonly context: number) {}

  add(r: Region): void {
    if (this.byName.has(r.name)) throw new Error(`space: region ${r.name} exists`);
    this.byName.set(r.name, r);
    let i = this.regions.length;
    while (i > 0 && this.regions[i - 1]!.start > r.start) i--;
    this.regions.splice(i, 0, r);
  }

  remove(r: Region): void {
    this.byName.delete(r.name);
    this.regions.splice(this.regions.indexOf(r), 1);
  }

  /** Pages [start, start + pages) overlap no region (other than `except`). */
  free(start: number, pages: number, except?: Region): boolean {
    return this.regions.every((r) => r === except || r.start + r.pages <= start || r.start >= start + pages);
  }

  /** First fit for `pages` pages in the mapping area, or -1 when it is full. */
  findArea(pages: number): number {
    let at = MMAP_BASE;
    for (const r of this.regions) {
      if (r.start + r.pages <= at) continue;
      if (r.start >= at + pages) break;
      at = Math.max(at, r.start + r.pages);
    }
    return at + pages <= STACK_TOP - STACK_RESERVE ? at : -1;
  }
}

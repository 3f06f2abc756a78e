/**
 * The memory side of the reconstruction: address spaces and their mappings, anonymous page
 * identities, files, shm segments; canonical page numbering; references and releases.
 * docs/merger.md states every rule implemented here.
 */
import { KIND_ANON, KIND_FILE, OP_FS_READ, OP_FS_WRITE, OP_VM_READ, OP_VM_WRITE, PAGE_SIZE, makeCode, type Kind } from '../traces/index.js';
import type { EventBus } from './events.js';
import type { MappingEvent, PageClass, ReleaseCause } from './consumer.js';
import type { RecordPosition } from './position.js';
import { isWriteTag, isMultipleTag } from './raw/index.js';
import { AddressSpace } from './state/addressSpace.js';
import { AnonPages } from './state/anonPages.js';
import { FileTable, type FileState } from './state/files.js';
import { REGION_ANON, REGION_FILE, REGION_SHM, sameBacking, slice, type Region } from './state/regions.js';
import { ShmTable } from './state/shm.js';
import type { ProcessState, TaskState } from './state/tasks.js';
import type { Warnings } from './warnings.js';


export const CLASS_ANON = 0;
export const CLASS_FILE = 1;
export const CLASS_SHM = 2;
type ClassId = typeof CLASS_ANON | typeof CLASS_FILE | typeof CLASS_SHM;
export const PAGE_CLASSES: readonly PageClass[] = ['anonymous', 'file', 'shared-memory'];
const KIND_OF_CLASS: readonly Kind[] = [KIND_ANON, KIND_FILE, KIND_ANON];

/** First page of a byte range. */
export function firstPage(address: number): number {
  return Math.floor(address / PAGE_SIZE);
}

/** Page after the last page of the byte range [address, address + length). */
export function endPage(address: number, length: number): number {
  return Math.ceil((address + length) / PAGE_SIZE);
}

/** Picks the task a reference in `space` is attributed to. */
export type Attribution = (space: AddressSpace) => TaskState | undefined;

export class MemoryState {
  readonly anon = new AnonPages();
  readonly files = new FileTable();
  readonly shm = new ShmTable();
  private readonly spaces = new Map<number, AddressSpace>();
  /** Spaces made up for references to unknown contexts (kept apart: they are never "known"). */
  private readonly unknownSpaces = new Map<number, AddressSpace>();
  private lastContext = -1;
  private lastSpace: AddressSpace | undefined;
  private readonly dying: number[] = [];
  private first = false;
  nextPage = 0;
  /** References by op (0–3) × class (0–2). */
  readonly referenceCounts = new Float64Array(12);
  readonly pageCounts = new Float64Array(3);
  releases = 0;
  nonFileIo = 0;

  constructor(
    private readonly bus: EventBus,
    private readonly warnings: Warnings,
    private readonly pos: RecordPosition,
  ) {}

  private allocate(cls: ClassId): number {
    this.pageCounts[cls]!++;
    this.first = true;
    return this.nextPage++;
  }

  private filePage(file: FileState, index: number): number {
    let page = file.pages.get(index);
    if (page === undefined) {
      page = this.allocate(CLASS_FILE);
      file.pages.set(index, page);
    }
    return page;
  }

  // ---- address spaces ----

  space(context: number): AddressSpace | undefined {
    return this.spaces.get(context);
  }

  /** A new, empty address space for `context`; a live space of that context is torn down first. */
  newSpace(context: number, process: ProcessState | undefined, cycle: number): AddressSpace {
    const old = this.spaces.get(context);
    if (old) {
      this.warnings.warn('context-reused', this.pos.where, () => `context 0x${context.toString(16)} is assigned again before its u record`);
      this.teardown(context, cycle);
    }
    const space = new AddressSpace(context, process);
    this.spaces.set(context, space);
    this.unknownSpaces.delete(context);
    return space;
  }

  private unknownContext(context: number): void {
    this.warnings.warn('unknown-context', this.pos.where, () => `context 0x${context.toString(16)} is not a live address space`);
  }

  /** `u`: the whole space goes; its anonymous pages die unless shared with another space. */
  teardown(context: number, cycle: number): void {
    const space = this.spaces.get(context);
    if (!space) return this.unknownContext(context);
    space.teardown(this.anon, this.dying);
    this.spaces.delete(context);
    if (this.lastSpace === space) {
      this.lastContext = -1;
      this.lastSpace = undefined;
    }
    this.emitReleases(CLASS_ANON, 'teardown', cycle, undefined);
    if (this.bus.wantsMappings) this.announce('teardown', cycle, space, undefined, {});
  }

  /** `D`: the child space shares the parent's anonymous pages in [start, end) (bytes). */
  duplicate(context: number, dupContext: number, start: number, end: number, cycle: number): void {
    const from = this.spaces.get(context);
    const to = this.spaces.get(dupContext);
    if (!from) return this.unknownContext(context);
    if (!to) return this.unknownContext(dupContext);
    to.copyRange(from, this.anon, firstPage(start), Math.ceil(end / PAGE_SIZE), this.dying);
    this.emitReleases(CLASS_ANON, 'remap', cycle, undefined);
  }

  // ---- mappings ----

  /**
   * `M`, `m`, `s`: maps a region. Where it overlaps a region with the same backing (anonymous
   * over anonymous, the same file or segment at the same position) it extends it and keeps its
   * pages — in-place mremap growth, stack growth. Elsewhere the old mapping is replaced as mmap
   * MAP_FIXED would: its anonymous pages there die. Anonymous pages in unmapped holes are kept
   * under a new anonymous mapping.
   */
  map(space: AddressSpace, region: Region, task: TaskState | undefined, cycle: number): void {
    const { start, end } = region;
    const pieces = space.regions.overlapping(start, end);
    const same = pieces.filter((p) => sameBacking(p, region));
    const differing = pieces.filter((p) => !sameBacking(p, region));
    const inside = (list: Region[]) => (v: number) => list.some((p) => v >= p.start && v < p.end);
    if (region.kind === REGION_ANON) {
      if (differing.length) space.dropRange(this.anon, start, end, this.dying, (v) => !inside(differing)(v));
    } else {
      space.dropRange(this.anon, start, end, this.dying, same.length ? inside(same) : undefined);
    }
    space.regions.cut(start, end);
    space.regions.insert(region);
    this.emitReleases(CLASS_ANON, 'remap', cycle, undefined);
    if (this.bus.wantsMappings) {
      this.announce('map', cycle, space, task, {
        address: start * PAGE_SIZE,
        length: (end - start) * PAGE_SIZE,
        backing: PAGE_CLASSES[region.kind],
        file: region.file,
        pageOffset: region.pageOffset,
      });
    }
  }

  mapFile(space: AddressSpace, file: FileState, address: number, length: number, pageOffset: number, task: TaskState | undefined, cycle: number): void {
    const start = firstPage(address);
    this.map(space, { start, end: endPage(address, length), kind: REGION_FILE, file, segment: undefined, pageOffset }, task, cycle);
  }

  mapAnonymous(space: AddressSpace, address: number, length: number, task: TaskState | undefined, cycle: number): void {
    const start = firstPage(address);
    this.map(space, { start, end: endPage(address, length), kind: REGION_ANON, file: undefined, segment: undefined, pageOffset: 0 }, task, cycle);
  }

  attachShm(space: AddressSpace, shmId: number, address: number, length: number, task: TaskState | undefined, cycle: number): void {
    const segment = this.shm.get(shmId);
    this.map(space, { start: firstPage(address), end: endPage(address, length), kind: REGION_SHM, file: undefined, segment, pageOffset: 0 }, task, cycle);
  }

  /** `U`: the range is unmapped; its anonymous pages die unless another space shares them. */
  unmap(space: AddressSpace, address: number, length: number, task: TaskState | undefined, cycle: number): void {
    const start = firstPage(address);
    const end = endPage(address, length);
    space.dropRange(this.anon, start, end, this.dying);
    space.regions.cut(start, end);
    this.emitReleases(CLASS_ANON, 'munmap', cycle, undefined);
    if (this.bus.wantsMappings) this.announce('unmap', cycle, space, task, { address, length });
  }

  /**
   * `@`: the mappings and pages of the old range move to the new address and keep their identity.
   * Whatever was mapped at the destination is replaced; a shrink drops the tail; a growth extends
   * the last moved region.
   */
  move(space: AddressSpace, newAddress: number, newLength: number, oldAddress: number, oldLength: number, task: TaskState | undefined, cycle: number): void {
    const oldStart = firstPage(oldAddress);
    const oldEnd = endPage(oldAddress, oldLength);
    const newStart = firstPage(newAddress);
    const newEnd = endPage(newAddress, newLength);
    const shift = newStart - oldStart;
    const pieces = space.regions.overlapping(oldStart, oldEnd);
    const entries = space.takeRange(oldStart, oldEnd);
    space.regions.cut(oldStart, oldEnd);
    space.dropRange(this.anon, newStart, newEnd, this.dying);
    space.regions.cut(newStart, newEnd);
    for (const p of pieces) {
      const end = Math.min(p.end + shift, newEnd);
      if (p.start + shift < end) space.regions.insert(slice(p, p.start, end - shift, shift));
    }
    const last = pieces[pieces.length - 1];
    if (last && last.end === oldEnd && oldEnd + shift < newEnd) {
      space.regions.insert(slice(last, last.end, last.end + (newEnd - oldEnd - shift), shift));
    }
    for (const [v, slot] of entries) {
      if (v + shift < newEnd) space.pages.set(v + shift, slot);
      else {
        const page = this.anon.drop(slot);
        if (page >= 0) this.dying.push(page);
      }
    }
    this.emitReleases(CLASS_ANON, 'mremap', cycle, undefined);
    if (this.bus.wantsMappings) this.announce('move', cycle, space, task, { address: newAddress, length: newLength, oldAddress, oldLength });
  }

  /** `C`: the writer gets a new anonymous page at the address; the old one dies if no one else maps it. */
  copyOnWrite(space: AddressSpace, address: number, task: TaskState | undefined, cycle: number): void {
    const vpn = firstPage(address);
    space.dropEntry(this.anon, vpn, this.dying);
    if (!space.regions.find(vpn)) {
      this.warnings.warn('cow-unmapped', this.pos.where, () => `copy-on-write at 0x${address.toString(16)}, which no mapping of context 0x${space.context.toString(16)} covers`);
    }
    space.pages.set(vpn, this.anon.create());
    this.emitReleases(CLASS_ANON, 'cow', cycle, undefined);
    if (this.bus.wantsMappings) this.announce('cow', cycle, space, task, { address: vpn * PAGE_SIZE, length: PAGE_SIZE });
  }

  /** `/`: the segment's pages die. */
  destroyShm(shmId: number, cycle: number): void {
    const segment = this.shm.destroy(shmId);
    if (!segment) {
      this.warnings.warn('unknown-shm', this.pos.where, () => `shared memory segment 0x${shmId.toString(16)} was never attached`);
      return;
    }
    for (const page of segment.pages.values()) this.dying.push(page);
    // A mapping still showing the segment (the trace says it is gone) would reach new pages.
    segment.pages.clear();
    this.emitReleases(CLASS_SHM, 'shm-destroy', cycle, undefined);
  }

  /** `-`: every page of the file dies; its identity may name a new file later. */
  deleteFile(file: FileState, cycle: number): void {
    for (const page of file.pages.values()) this.dying.push(page);
    file.pages.clear();
    this.files.remove(file);
    this.emitReleases(CLASS_FILE, 'delete', cycle, file);
  }

  /** `t`: pages wholly beyond the new size die (a later reference there is a new page). */
  truncateFile(file: FileState, size: number, cycle: number): void {
    const keep = Math.ceil(size / PAGE_SIZE);
    for (const [index, page] of file.pages) {
      if (index >= keep) {
        this.dying.push(page);
        file.pages.delete(index);
      }
    }
    this.emitReleases(CLASS_FILE, 'truncate', cycle, file);
  }

  // ---- references ----

  /** One reference record, attributed by `attribute`. */
  vmReference(tag: number, cycle: number, reftime: number, context: number, vpn: number, attribute: Attribution): void {
    let space = context === this.lastContext ? this.lastSpace : this.spaces.get(context);
    let known = true;
    if (space === undefined) {
      this.unknownContext(context);
      known = false;
      space = this.unknownSpaces.get(context);
      if (!space) {
        space = new AddressSpace(context, undefined);
        this.unknownSpaces.set(context, space);
      }
    } else {
      this.lastContext = context;
      this.lastSpace = space;
    }
    const ev = this.bus.ref;
    this.first = false;
    let cls: ClassId = CLASS_ANON;
    let page: number;
    ev.file = undefined;
    ev.filePage = -1;
    let slot = space.pages.get(vpn);
    if (slot < 0) {
      const region = space.regions.find(vpn);
      if (region === undefined || region.kind === REGION_ANON) {
        if (region === undefined && known) {
          this.warnings.warn('unmapped-page', this.pos.where, () => `page 0x${vpn.toString(16)} is not mapped in context 0x${context.toString(16)}`);
        }
        slot = this.anon.create();
        space.pages.set(vpn, slot);
      } else {
        const index = region.pageOffset + (vpn - region.start);
        if (region.kind === REGION_FILE) {
          cls = CLASS_FILE;
          page = this.filePage(region.file!, index);
          ev.file = region.file;
          ev.filePage = index;
        } else {
          cls = CLASS_SHM;
          const pages = region.segment!.pages;
          page = pages.get(index) ?? -1;
          if (page < 0) {
            page = this.allocate(CLASS_SHM);
            pages.set(index, page);
          }
        }
      }
    }
    if (slot >= 0) {
      page = this.anon.canon[slot]!;
      if (page < 0) {
        page = this.allocate(CLASS_ANON);
        this.anon.canon[slot] = page;
      }
    }
    const task = known ? attribute(space) : undefined;
    const op = isWriteTag(tag) ? OP_VM_WRITE : OP_VM_READ;
    ev.multiple = isMultipleTag(tag);
    ev.context = context;
    ev.vpn = vpn;
    this.emitReference(op, page!, cls, task, cycle, reftime);
  }

  /** `<` `>`: one FS reference per page the bytes [offset, offset + length) touch, in page order. */
  fsReferences(write: boolean, file: FileState, offset: number, length: number, task: TaskState | undefined, cycle: number, reftime: number): void {
    if (file.type !== undefined && file.type !== 'f') {
      this.nonFileIo++;
      return;
    }
    if (length <= 0) return;
    const ev = this.bus.ref;
    const op = write ? OP_FS_WRITE : OP_FS_READ;
    const last = Math.floor((offset + length - 1) / PAGE_SIZE);
    for (let index = Math.floor(offset / PAGE_SIZE); index <= last; index++) {
      this.first = false;
      const page = this.filePage(file, index);
      ev.file = file;
      ev.filePage = index;
      ev.multiple = false;
      ev.context = -1;
      ev.vpn = -1;
      this.emitReference(op, page, CLASS_FILE, task, cycle, reftime);
    }
  }

  private emitReference(op: typeof OP_VM_READ | typeof OP_VM_WRITE | typeof OP_FS_READ | typeof OP_FS_WRITE, page: number, cls: ClassId, task: TaskState | undefined, cycle: number, reftime: number): void {
    const ev = this.bus.ref;
    const kind = KIND_OF_CLASS[cls]!;
    ev.op = op;
    ev.page = page;
    ev.kind = kind;
    ev.code = makeCode(op, kind);
    ev.pageClass = PAGE_CLASSES[cls]!;
    ev.first = this.first;
    ev.task = task;
    ev.process = task?.process;
    ev.cycle = cycle;
    ev.reftime = reftime;
    this.referenceCounts[op * 3 + cls]!++;
    this.bus.reference();
  }

  /** Releases the pages collected in `dying`, in ascending canonical order. */
  private emitReleases(cls: ClassId, cause: ReleaseCause, cycle: number, file: FileState | undefined): void {
    const dying = this.dying;
    if (dying.length === 0) return;
    if (dying.length > 1) dying.sort((a, b) => a - b);
    const ev = this.bus.rel;
    ev.kind = KIND_OF_CLASS[cls]!;
    ev.pageClass = PAGE_CLASSES[cls]!;
    ev.cause = cause;
    ev.cycle = cycle;
    ev.file = file;
    for (const page of dying) {
      ev.page = page;
      this.releases++;
      this.bus.release();
    }
    dying.length = 0;
  }

  private announce(change: MappingEvent['change'], cycle: number, space: AddressSpace, task: TaskState | undefined, fields: Partial<MappingEvent>): void {
    this.bus.mapping({
      change,
      cycle,
      context: space.context,
      process: space.process,
      task,
      address: 0,
      length: 0,
      oldAddress: 0,
      oldLength: 0,
      backing: undefined,
      file: undefined,
      pageOffset: 0,
      ...fields,
    });
  }
}

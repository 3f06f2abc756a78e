/**
 * kVMTrace's reference filter, the EVMS ("evicted virtual mapping set"), emulated in software
 * (docs/workloads.md, "The reference filter"; kVMTrace change log v0.4.3 and v0.5pre2, `kernel/kvmtrace.c`
 * `emit_reference_record`). kVMTrace kept a small pool of page-table entries enabled; a touch on
 * any other page trapped, was logged, and entered the pool. Only the pool's *evictions* were
 * written, each stamped with the time its page entered:
 *
 * - Segment 0 (`segment0` entries, FIFO) takes every new entry. When full, its oldest entry
 *   moves to segment 1, and the entry's referenced bit is tested and cleared on the way.
 * - Segment 1 (`segment1` entries, FIFO or CLOCK) evicts out of the filter. CLOCK gives an entry
 *   whose referenced bit is set a second chance (the bit is cleared, the hand moves on).
 * - An entry is keyed by (context, virtual page). The first reference inserts it and stamps the
 *   cycle and reference timestamps; later references while it is in the filter only set its
 *   referenced and dirty bits.
 * - When an entry leaves the filter, one record is emitted with the insertion stamps and a tag
 *   from (multiple, dirty): `r`, `R`, `w`, `W`. Dirty: written at any time during its stay.
 *   Multiple: referenced in segment 0 (the bit tested at the move) and again in segment 1.
 * - `delete` (the mapping went: munmap, COW break, address space torn down) marks an entry
 *   deleted: it no longer matches its page, its bits are frozen, and its record is still emitted
 *   at its normal eviction point, so that the order of records is kept (kVMTrace v0.4.3).
 * - `flush` empties the filter at the end of tracing: segment 1 in eviction order, then segment 0.
 *
 * With `segment0 = 0` nothing is filtered: every reference is emitted at once as `r` or `w`.
 *
 * With FIFO in both segments records leave in insertion order. CLOCK keeps a page that is
 * referenced on every sweep for as long as that goes on, so its record can come out much later
 * than records inserted after it; `requiredWindow` measures how late, in records — the window a
 * merger needs (`faultline merge --window`) to put the output back in order.
 *
 * Entries live in typed arrays and the (context, page) index is an open-addressing hash table:
 * no allocation per reference.
 */
import type { ReferenceTag } from '../merger/index.js';
import { LatenessMeter } from './latenessMeter.js';

export type SegmentPolicy = 'fifo' | 'clock';

export interface ReferenceFilterOptions {
  /** Entries of segment 0 (FIFO); 0 turns filtering off. */
  segment0: number;
  /** Entries of segment 1. */
  segment1: number;
  /** Replacement in segment 1 (default fifo). */
  policy?: SegmentPolicy;
}

/**
 * Receives each record as it leaves the filter. `token` is the number given with the reference
 * that inserted the entry (a caller's handle on it, e.g. an index into its own bookkeeping).
 */
export type FilterSink = (tag: ReferenceTag, cycle: number, reftime: number, context: number, vpn: number, token: number) => void;

export const FILTER_LIMIT = 1 << 24;

const YOUNG = 1;
const DIRTY = 2;
const MULTI = 4;
const DELETED = 8;
const SEG0_REFERENCED = 16;
/** The entry is in segment 1. */
const MOVED = 32;

const TAGS: readonly ReferenceTag[] = ['r', 'R', 'w', 'W'];
const EMPTY = -1;

function checkSize(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min || value > FILTER_LIMIT) {
    throw new RangeError(`reference filter: ${name} must be a whole number from ${min} to ${FILTER_LIMIT}, got ${value}`);
  }
}

/** Mixes a (context, vpn) pair into a table index (both are integers below 2^53). */
function hashOf(context: number, vpn: number, mask: number): number {
  const lo = (vpn | 0) ^ Math.imul((vpn / 4294967296) | 0, 0x27d4eb2d);
  const c = (context | 0) ^ Math.imul((context / 4294967296) | 0, 0x165667b1);
  let h = Math.imul(lo ^ Math.imul(c, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  return h & mask;
}

export class ReferenceFilter {
  readonly segment0: number;
  readonly segment1: number;
  readonly policy: SegmentPolicy;
  private readonly sink: FilterSink;

  // Entry e (0 … capacity-1) of the pool.
  private readonly contexts: Float64Array;
  private readonly vpns: Float64Array;
  private readonly cycles: Float64Array;
  private readonly reftimes: Float64Array;
  private readonly tokens: Float64Array;
  /** Insertion number of each entry (for requiredWindow). */
  private readonly serials: Float64Array;
  private readonly flags: Uint8Array;
  /** Hash slot that indexes the entry, or EMPTY once deleted. */
  private readonly slotOf: Int32Array;
  private readonly freeEntries: Int32Array;
  private freeCount: number;

  // Segment 0: a ring, oldest at head0.
  private readonly ring0: Int32Array;
  private head0 = 0;
  private size0 = 0;
  // Segment 1: a ring of slots with a hand; while not full, slots fill in order.
  private readonly ring1: Int32Array;
  private hand = 0;
  private size1 = 0;

  // (context, vpn) → entry: open addressing, linear probing, backward-shift deletion.
  private readonly table: Int32Array;
  private readonly mask: number;

  private inserted = 0;
  private emittedCount = 0;
  private readonly late = new LatenessMeter();

  constructor(options: ReferenceFilterOptions, sink: FilterSink) {
    checkSize('segment0', options.segment0, 0);
    checkSize('segment1', options.segment1, 0);
    this.segment0 = options.segment0;
    this.segment1 = options.segment0 === 0 ? 0 : options.segment1;
    this.policy = options.policy ?? 'fifo';
    if (this.policy !== 'fifo' && this.policy !== 'clock') throw new RangeError(`reference filter: policy must be fifo or clock, got ${String(this.policy)}`);
    this.sink = sink;
    const capacity = this.segment0 + this.segment1;
    this.contexts = new Float64Array(capacity);
    this.vpns = new Float64Array(capacity);
    this.cycles = new Float64Array(capacity);
    this.reftimes = new Float64Array(capacity);
    this.tokens = new Float64Array(capacity);
    this.serials = new Float64Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.slotOf = new Int32Array(capacity).fill(EMPTY);
    this.freeEntries = new Int32Array(capacity);
    for (let i = 0; i < capacity; i++) this.freeEntries[i] = capacity - 1 - i;
    this.freeCount = capacity;
    this.ring0 = new Int32Array(Math.max(1, this.segment0));
    this.ring1 = new Int32Array(Math.max(1, this.segment1));
    let tableSize = 16;
    while (tableSize < capacity * 2) tableSize *= 2;
    this.table = new Int32Array(tableSize).fill(EMPTY);
    this.mask = tableSize - 1;
  }

  /** Entries in the filter now (deleted ones included: they still wait for their eviction). */
  get resident(): number {
    return this.size0 + this.size1;
  }

  /** Records emitted so far. */
  get emitted(): number {
    return this.emittedCount;
  }

  /**
   * The smallest reorder window (in records) with which a merger puts the records emitted so far
   * back in stamp order: the most records emitted before one record that were inserted after it.
   */
  get requiredWindow(): number {
    return this.late.worst;
  }

  /**
   * One reference by the task running in `context` to virtual page `vpn`. Returns true when it
   * inserted a new entry (a record carrying `token` will be emitted for it), false when it only
   * set the bits of an entry already there.
   */
  reference(context: number, vpn: number, write: boolean, cycle: number, reftime: number, token = 0): boolean {
    if (this.segment0 === 0) {
      this.emit(write ? 'w' : 'r', cycle, reftime, context, vpn, token, this.inserted++);
      return true;
    }
    const e = this.find(context, vpn);
    if (e !== EMPTY) {
      // In segment 1 a reference counts towards "multiple"; in segment 0 the move tests the bit.
      this.flags[e]! |= YOUNG | (write ? DIRTY : 0) | (this.inSegment1(e) ? MULTI : 0);
      return false;
    }
    if (this.size0 === this.segment0) this.moveOldestOfSegment0();
    const n = this.freeEntries[--this.freeCount]!;
    this.contexts[n] = context;
    this.vpns[n] = vpn;
    this.cycles[n] = cycle;
    this.reftimes[n] = reftime;
    this.tokens[n] = token;
    this.serials[n] = this.inserted++;
    this.flags[n] = YOUNG | (write ? DIRTY : 0);
    this.index(n);
    this.ring0[(this.head0 + this.size0) % this.segment0] = n;
    this.size0++;
    return true;
  }

  /** True when (context, vpn) is in the filter and not deleted. */
  has(context: number, vpn: number): boolean {
    return this.segment0 > 0 && this.find(context, vpn) !== EMPTY;
  }

  /** The mapping of one page went away: its entry (if any) is deleted, its record kept in place. */
  delete(context: number, vpn: number): void {
    if (this.segment0 === 0) return;
    const e = this.find(context, vpn);
    if (e !== EMPTY) this.markDeleted(e);
  }

  /** Deletes the entries of pages [start, end) of `context` (munmap, mremap). */
  deleteRange(context: number, start: number, end: number): void {
    if (this.segment0 === 0 || end <= start) return;
    if (end - start <= this.segment0 + this.segment1) {
      for (let v = start; v < end; v++) this.delete(context, v);
      return;
    }
    this.deleteWhere((e) => this.contexts[e] === context && this.vpns[e]! >= start && this.vpns[e]! < end);
  }

  /** Deletes every entry of `context` (the address space is torn down). */
  deleteContext(context: number): void {
    if (this.segment0 === 0) return;
    this.deleteWhere((e) => this.contexts[e] === context);
  }

  /** Emits every entry still in the filter: segment 1 in eviction order, then segment 0 oldest first. */
  flush(): void {
    for (let i = 0; i < this.size1; i++) {
      const slot = this.size1 < this.segment1 ? i : (this.hand + i) % this.segment1;
      this.evict(this.ring1[slot]!);
    }
    this.size1 = 0;
    this.hand = 0;
    for (let i = 0; i < this.size0; i++) this.evict(this.ring0[(this.head0 + i) % this.segment0]!);
    this.size0 = 0;
    this.head0 = 0;
  }

  // ---- internals ----

  private inSegment1(e: number): boolean {
    return (this.flags[e]! & MOVED) !== 0;
  }

  private deleteWhere(match: (e: number) => boolean): void {
    const visit = (e: number): void => {
      if (this.slotOf[e] !== EMPTY && match(e)) this.markDeleted(e);
    };
    for (let i = 0; i < this.size0; i++) visit(this.ring0[(this.head0 + i) % this.segment0]!);
    for (let i = 0; i < this.size1; i++) visit(this.ring1[i]!);
  }

  private markDeleted(e: number): void {
    this.unindex(e);
    this.flags[e]! |= DELETED;
  }

  /** Segment 0 is full: its oldest entry moves to segment 1 (which may first evict one). */
  private moveOldestOfSegment0(): void {
    const e = this.ring0[this.head0]!;
    this.head0 = (this.head0 + 1) % this.segment0;
    this.size0--;
    if (this.segment1 === 0) {
      this.evict(e);
      return;
    }
    // ptep_test_and_clear_young on the way in, so that a later re-reference shows.
    const f = this.flags[e]!;
    this.flags[e] = (f & ~YOUNG) | ((f & YOUNG) !== 0 ? SEG0_REFERENCED : 0) | MOVED;
    if (this.size1 < this.segment1) {
      this.ring1[this.size1++] = e;
      return;
    }
    const ring = this.ring1;
    if (this.policy === 'clock') {
      // Second chance: a set bit is cleared and the hand moves on; the first clear bit is the victim.
      for (;;) {
        const v = ring[this.hand]!;
        if ((this.flags[v]! & YOUNG) === 0) break;
        this.flags[v]! &= ~YOUNG;
        this.hand = (this.hand + 1) % this.segment1;
      }
    }
    this.evict(ring[this.hand]!);
    ring[this.hand] = e;
    this.hand = (this.hand + 1) % this.segment1;
  }

  /** The entry leaves the filter: its record is emitted and the entry is free again. */
  private evict(e: number): void {
    const f = this.flags[e]!;
    const multi = (f & MULTI) !== 0 && (f & SEG0_REFERENCED) !== 0;
    const tag = TAGS[((f & DIRTY) !== 0 ? 2 : 0) + (multi ? 1 : 0)]!;
    if (this.slotOf[e] !== EMPTY) this.unindex(e);
    this.freeEntries[this.freeCount++] = e;
    this.emit(tag, this.cycles[e]!, this.reftimes[e]!, this.contexts[e]!, this.vpns[e]!, this.tokens[e]!, this.serials[e]!);
  }

  private emit(tag: ReferenceTag, cycle: number, reftime: number, context: number, vpn: number, token: number, serial: number): void {
    this.late.record(serial);
    this.emittedCount++;
    this.sink(tag, cycle, reftime, context, vpn, token);
  }

  private find(context: number, vpn: number): number {
    const table = this.table;
    let s = hashOf(context, vpn, this.mask);
    for (;;) {
      const e = table[s]!;
      if (e === EMPTY) return EMPTY;
      if (this.vpns[e] === vpn && this.contexts[e] === context) return e;
      s = (s + 1) & this.mask;
    }
  }

  private index(e: number): void {
    let s = hashOf(this.contexts[e]!, this.vpns[e]!, this.mask);
    while (this.table[s] !== EMPTY) s = (s + 1) & this.mask;
    this.table[s] = e;
    this.slotOf[e] = s;
  }

  /** Removes the entry from the hash table, shifting later members of its probe run back. */
  private unindex(e: number): void {
    const table = this.table;
    const mask = this.mask;
    let hole = this.slotOf[e]!;
    this.slotOf[e] = EMPTY;
    table[hole] = EMPTY;
    let s = (hole + 1) & mask;
    while (table[s] !== EMPTY) {
      const m = table[s]!;
      const home = hashOf(this.contexts[m]!, this.vpns[m]!, mask);
      // m may fill the hole when its home is not cyclically inside (hole, s].
      if (((s - home) & mask) >= ((s - hole) & mask)) {
        table[hole] = m;
        this.slotOf[m] = hole;
        table[s] = EMPTY;
        hole = s;
      }
      s = (s + 1) & mask;
    }
  }
}

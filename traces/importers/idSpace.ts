/**
 * Dense canonical pages for foreign ids. Every importer maps the ids of its format (64-bit object
 * ids, block numbers, virtual addresses) to pages 0, 1, 2, … in order of first appearance. The map
 * grows with the distinct ids, never with the trace length.
 *
 * A 64-bit id is keyed exactly as its two 32-bit halves in an open-addressing table of typed
 * arrays: no BigInt, no string and no allocation per lookup.
 */
import { InputError } from '../errors.js';

/** The largest page number a stream can hold is 0xfffffffe; 0xffffffff marks an empty slot. */
const EMPTY = 0xffffffff;
const INITIAL_BITS = 12;
const SLOT_WORDS = 4;
/** The direct array's first length (64 KiB), which it may take whatever the ids; then at most 8 entries (32 bytes) per id numbered. */
const DIRECT_MIN = 1 << 14;
const DIRECT_ENTRIES_PER_ID = 8;

/** Hands out canonical page numbers, shared by every id space of one import. */
export class DensePages {
  count = 0;
  constructor(private readonly file: string) {}

  take(): number {
    if (this.count === EMPTY) throw new InputError(this.file, '', `more than ${EMPTY} distinct pages: a stream cannot number them`);
    return this.count++;
  }

  /** A fresh id space (one per disk or volume of a block trace) numbered from this counter. */
  space(): IdSpace {
    return new IdSpace(this);
  }
}

/**
 * One namespace of 64-bit ids (hi, lo: unsigned 32-bit halves) → canonical pages: linear probing
 * in one Uint32Array of 4-word slots (hi, lo, page, unused), so that a probe reads one cache line
 * for key and page together, four slots to a line. Filled to at most three quarters before it
 * doubles: a larger table is fresh memory, whose first touch costs more than the longer probes.
 *
 * Small ids (high half 0, low half below the direct array's length) skip the table: their page is
 * read from a plain array indexed by the id, 4 bytes an entry where the table's slots take 16 and
 * no probe, so that the lookups of a trace whose ids are small (object numbers, pages, blocks of one
 * disk) mostly hit the caches. The array doubles to cover a larger id only while it stays at most
 * DIRECT_ENTRIES_PER_ID entries per id numbered (or is small), so sparse ids never make it large;
 * ids the table numbered before the array covered them move into it when it grows.
 */
export class IdSpace {
  private bits = INITIAL_BITS;
  private table = IdSpace.emptyTable(INITIAL_BITS);
  private direct = new Uint32Array(0);
  private used = 0;

  constructor(private readonly numbering: DensePages) {}

  private static emptyTable(bits: number): Uint32Array {
    return new Uint32Array(SLOT_WORDS << bits).fill(EMPTY);
  }

  /** Fibonacci hashing of both halves; the top bits index the table. */
  private slot(hi: number, lo: number): number {
    return Math.imul(lo ^ Math.imul(hi, 0x27d4eb2d), 0x9e3779b1) >>> (32 - this.bits);
  }

  /** Distinct ids numbered so far. */
  get size(): number {
    return this.used;
  }

  /** The canonical page of id hi·2³² + lo, numbering it on first sight. */
  page(hi: number, lo: number): number {
    const direct = this.direct;
    if (hi === 0 && lo < direct.length) {
      const p = direct[lo]!;
      if (p !== EMPTY) return p;
      this.used++;
      return (direct[lo] = this.numbering.take());
    }
    if (hi === 0 && this.widenDirect(lo)) return this.page(hi, lo);
    const table = this.table;
    const mask = table.length - 1;
    let o = this.slot(hi, lo) * SLOT_WORDS;
    for (;;) {
      const p = table[o + 2]!;
      if (p === EMPTY) break;
      if (table[o + 1] === lo && table[o] === hi) return p;
      o = (o + SLOT_WORDS) & mask;
    }
    const p = this.numbering.take();
    table[o] = hi;
    table[o + 1] = lo;
    table[o + 2] = p;
    if (++this.used * 4 > (table.length / SLOT_WORDS) * 3) this.grow();
    return p;
  }

  /** Widens the direct array to cover `lo` if that keeps it small for the ids numbered; says whether it does. */
  private widenDirect(lo: number): boolean {
    let length = Math.max(DIRECT_MIN, this.direct.length);
    while (length <= lo) length *= 2;
    if (length > DIRECT_MIN && length > DIRECT_ENTRIES_PER_ID * this.used) return false;
    const direct = new Uint32Array(length).fill(EMPTY);
    direct.set(this.direct);
    // Ids of the table that the array now covers are looked up there from now on.
    const table = this.table;
    for (let o = 0; o < table.length; o += SLOT_WORDS) {
      if (table[o + 2] !== EMPTY && table[o] === 0 && table[o + 1]! < length) direct[table[o + 1]!] = table[o + 2]!;
    }
    this.direct = direct;
    return true;
  }

  /** The canonical page of a non-negative integer id below 2⁵³. */
  pageOfNumber(id: number): number {
    const hi = Math.floor(id / 0x100000000);
    return this.page(hi, id - hi * 0x100000000);
  }

  private grow(): void {
    const old = this.table;
    this.bits++;
    const table = (this.table = IdSpace.emptyTable(this.bits));
    const mask = table.length - 1;
    for (let j = 0; j < old.length; j += SLOT_WORDS) {
      const p = old[j + 2]!;
      if (p === EMPTY) continue;
      const hi = old[j]!;
      const lo = old[j + 1]!;
      let o = this.slot(hi, lo) * SLOT_WORDS;
      while (table[o + 2] !== EMPTY) o = (o + SLOT_WORDS) & mask;
      table[o] = hi;
      table[o + 1] = lo;
      table[o + 2] = p;
    }
  }
}

/** Id spaces by a small key (a disk number, a host and volume), remembering the last one used. */
export class SpacesByKey<K> {
  private readonly spaces = new Map<K, IdSpace>();
  private lastKey: K | undefined;
  private last: IdSpace | undefined;

  constructor(private readonly numbering: DensePages) {}

  get(key: K): IdSpace {
    if (key === this.lastKey && this.last) return this.last;
    let space = this.spaces.get(key);
    if (!space) {
      space = this.numbering.space();
      this.spaces.set(key, space);
    }
    this.lastKey = key;
    this.last = space;
    return space;
  }
}

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

/** One namespace of 64-bit ids (hi, lo: unsigned 32-bit halves) → canonical pages. */
export class IdSpace {
  private bits = INITIAL_BITS;
  private mask = (1 << INITIAL_BITS) - 1;
  /** Key halves interleaved: keys[2i] = hi, keys[2i + 1] = lo. */
  private keys = new Uint32Array(2 << INITIAL_BITS);
  private pages = new Uint32Array(1 << INITIAL_BITS).fill(EMPTY);
  private used = 0;

  constructor(private readonly numbering: DensePages) {}

  /** Fibonacci hashing of both halves; the top bits index the table. */
  private slot(hi: number, lo: number): number {
    return Math.imul(lo ^ Math.imul(hi, 0x27d4eb2d), 0x9e3779b1) >>> (32 - this.bits);
  }

  /** The canonical page of id hi·2³² + lo, numbering it on first sight. */
  page(hi: number, lo: number): number {
    const keys = this.keys;
    const pages = this.pages;
    let i = this.slot(hi, lo);
    for (;;) {
      const p = pages[i]!;
      if (p === EMPTY) break;
      if (keys[2 * i + 1] === lo && keys[2 * i] === hi) return p;
      i = (i + 1) & this.mask;
    }
    const p = this.numbering.take();
    keys[2 * i] = hi;
    keys[2 * i + 1] = lo;
    pages[i] = p;
    if (++this.used * 2 > pages.length) this.grow();
    return p;
  }

  /** The canonical page of a non-negative integer id below 2⁵³. */
  pageOfNumber(id: number): number {
    const hi = Math.floor(id / 0x100000000);
    return this.page(hi, id - hi * 0x100000000);
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldPages = this.pages;
    this.bits++;
    this.mask = (1 << this.bits) - 1;
    this.keys = new Uint32Array(2 << this.bits);
    this.pages = new Uint32Array(1 << this.bits).fill(EMPTY);
    for (let j = 0; j < oldPages.length; j++) {
      const p = oldPages[j]!;
      if (p === EMPTY) continue;
      const hi = oldKeys[2 * j]!;
      const lo = oldKeys[2 * j + 1]!;
      let i = this.slot(hi, lo);
      while (this.pages[i] !== EMPTY) i = (i + 1) & this.mask;
      this.keys[2 * i] = hi;
      this.keys[2 * i + 1] = lo;
      this.pages[i] = p;
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

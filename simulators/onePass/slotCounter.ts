/**
 * A set of marked time slots that counts the marks at or after a slot: the counting structure of
 * the LRU stack-distance engine (Bennett & Kruskal, "LRU stack processing", IBM J. R&D 19(4),
 * 1975, use a tree over time for the same count). A Fenwick tree over millions of slots misses
 * the cache on every level; this is a shallow, wide tree instead — a bitmap, counts per block of
 * 16 words (512 slots) and per super-block of 32 blocks (16,384 slots) — so a count is a short
 * run of popcounts and additions over adjacent memory, and recent slots (small distances, the
 * common case) are counted without leaving the top block.
 */
const WORD_SHIFT = 5;
const BLOCK_WORDS_SHIFT = 4;
const SUPER_BLOCKS_SHIFT = 5;
const BLOCK_SHIFT = WORD_SHIFT + BLOCK_WORDS_SHIFT;
const SUPER_SHIFT = BLOCK_SHIFT + SUPER_BLOCKS_SHIFT;
export const SLOT_GRANULE = 1 << SUPER_SHIFT;

export function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

export class SlotCounter {
  readonly bits: Int32Array;
  private readonly blocks: Int32Array;
  private readonly supers: Int32Array;

  constructor(readonly capacity: number) {
    const levels = (shift: number): Int32Array => new Int32Array(((capacity - 1) >>> shift) + 1);
    this.bits = levels(WORD_SHIFT);
    this.blocks = levels(BLOCK_SHIFT);
    this.supers = levels(SUPER_SHIFT);
  }

  mark(slot: number): void {
    this.bits[slot >>> WORD_SHIFT]! |= 1 << (slot & 31);
    this.blocks[slot >>> BLOCK_SHIFT]!++;
    this.supers[slot >>> SUPER_SHIFT]!++;
  }

  unmark(slot: number): void {
    this.bits[slot >>> WORD_SHIFT]! &= ~(1 << (slot & 31));
    this.blocks[slot >>> BLOCK_SHIFT]!--;
    this.supers[slot >>> SUPER_SHIFT]!--;
  }

  /** Marks in [slot, top]; no slot after `top` is marked. */
  countFrom(slot: number, top: number): number {
    const bits = this.bits;
    let w = slot >>> WORD_SHIFT;
    let n = popcount(bits[w]! >>> (slot & 31));
    const topWord = top >>> WORD_SHIFT;
    const blockEnd = ((w >>> BLOCK_WORDS_SHIFT) + 1) << BLOCK_WORDS_SHIFT;
    const wordEnd = topWord < blockEnd ? topWord + 1 : blockEnd;
    for (w++; w < wordEnd; w++) n += popcount(bits[w]!);
    if (topWord < blockEnd) return n;
    const blocks = this.blocks;
    let b = blockEnd >>> BLOCK_WORDS_SHIFT;
    const topBlock = top >>> BLOCK_SHIFT;
    const superEnd = (((b - 1) >>> SUPER_BLOCKS_SHIFT) + 1) << SUPER_BLOCKS_SHIFT;
    const blockStop = topBlock < superEnd ? topBlock + 1 : superEnd;
    for (; b < blockStop; b++) n += blocks[b]!;
    if (topBlock < superEnd) return n;
    const supers = this.supers;
    const topSuper = top >>> SUPER_SHIFT;
    for (let s = superEnd >>> SUPER_BLOCKS_SHIFT; s <= topSuper; s++) n += supers[s]!;
    return n;
  }

  /** Calls `fn` for each marked slot, oldest first. */
  forEachMarked(fn: (slot: number) => void): void {
    const bits = this.bits;
    for (let w = 0; w < bits.length; w++) {
      let x = bits[w]!;
      while (x !== 0) {
        const low = x & -x;
        fn((w << WORD_SHIFT) + 31 - Math.clz32(low));
        x ^= low;
      }
    }
  }

  clear(): void {
    this.bits.fill(0);
    this.blocks.fill(0);
    this.supers.fill(0);
  }
}

/**
 * A set of page numbers: a growable bitmap for the dense range, a Set for stray huge numbers. The
 * one page set of the code base (stream statistics, the compulsory floor, which pages an output
 * stream has shown).
 */
const BITMAP_LIMIT = 1 << 28;

export class PageSet {
  private bits = new Uint32Array(1024);
  private readonly overflow = new Set<number>();
  size = 0;

  /** Adds `page`; returns true when it was not present. */
  add(page: number): boolean {
    if (page >= BITMAP_LIMIT) {
      if (this.overflow.has(page)) return false;
      this.overflow.add(page);
      this.size++;
      return true;
    }
    const word = page >>> 5;
    if (word >= this.bits.length) {
      const grown = new Uint32Array(Math.max(word + 1, this.bits.length * 2));
      grown.set(this.bits);
      this.bits = grown;
    }
    const mask = 1 << (page & 31);
    if (this.bits[word]! & mask) return false;
    this.bits[word]! |= mask;
    this.size++;
    return true;
  }

  has(page: number): boolean {
    if (page >= BITMAP_LIMIT) return this.overflow.has(page);
    const word = page >>> 5;
    return word < this.bits.length && (this.bits[word]! & (1 << (page & 31))) !== 0;
  }
}

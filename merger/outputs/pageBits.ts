/** A growable bitmap of canonical pages (which pages one output stream has shown). */
export class PageBits {
  private bits = new Uint32Array(256);

  add(page: number): void {
    const word = page >>> 5;
    if (word >= this.bits.length) {
      const grown = new Uint32Array(Math.max(word + 1, this.bits.length * 2));
      grown.set(this.bits);
      this.bits = grown;
    }
    this.bits[word]! |= 1 << (page & 31);
  }

  has(page: number): boolean {
    const word = page >>> 5;
    return word < this.bits.length && (this.bits[word]! & (1 << (page & 31))) !== 0;
  }
}

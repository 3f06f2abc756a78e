/**
 * A two-level page table, vpn → anonymous identity slot, like the hardware's: a directory of
 * 1024-entry leaves (Int32Array, slot + 1, 0 = empty). The leaf of the previous lookup is cached,
 * so the common case — the next reference near the last one — costs two array reads and no
 * hashing; range operations visit only the leaves that exist.
 */
const LEAF_BITS = 10;
const LEAF = 1 << LEAF_BITS;

class Leaf {
  readonly slots = new Int32Array(LEAF);
  used = 0;
}

export class PageTable {
  private readonly leaves = new Map<number, Leaf>();
  private lastKey = -1;
  private lastLeaf: Leaf | undefined;
  size = 0;

  private leafOf(key: number): Leaf | undefined {
    if (key === this.lastKey) return this.lastLeaf;
    const leaf = this.leaves.get(key);
    if (leaf) {
      this.lastKey = key;
      this.lastLeaf = leaf;
    }
    return leaf;
  }

  /** The slot mapped at `vpn`, or -1. */
  get(vpn: number): number {
    const key = Math.floor(vpn / LEAF);
    const leaf = this.leafOf(key);
    return leaf === undefined ? -1 : leaf.slots[vpn - key * LEAF]! - 1;
  }

  /** Maps `vpn` to `slot`; returns the slot it replaces, or -1. */
  set(vpn: number, slot: number): number {
    const key = Math.floor(vpn / LEAF);
    let leaf = this.leafOf(key);
    if (leaf === undefined) {
      leaf = new Leaf();
      this.leaves.set(key, leaf);
      this.lastKey = key;
      this.lastLeaf = leaf;
    }
    const i = vpn - key * LEAF;
    const old = leaf.slots[i]! - 1;
    if (old < 0) {
      leaf.used++;
      this.size++;
    }
    leaf.slots[i] = slot + 1;
    return old;
  }

  /** Unmaps `vpn`; returns the slot it had, or -1. */
  delete(vpn: number): number {
    const key = Math.floor(vpn / LEAF);
    const leaf = this.leafOf(key);
    if (leaf === undefined) return -1;
    const i = vpn - key * LEAF;
    const old = leaf.slots[i]! - 1;
    if (old >= 0) {
      leaf.slots[i] = 0;
      this.size--;
      if (--leaf.used === 0) {
        this.leaves.delete(key);
        if (this.lastKey === key) this.lastKey = -1;
      }
    }
    return old;
  }

  /** Every entry in [start, end), in vpn order within each leaf. */
  entriesIn(start: number, end: number): [vpn: number, slot: number][] {
    const out: [number, number][] = [];
    const first = Math.floor(start / LEAF);
    const last = Math.floor((end - 1) / LEAF);
    const keys = last - first + 1 <= this.leaves.size ? Array.from({ length: Math.max(0, last - first + 1) }, (_, k) => first + k) : [...this.leaves.keys()];
    for (const key of keys) {
      if (key < first || key > last) continue;
      const leaf = this.leaves.get(key);
      if (!leaf) continue;
      const base = key * LEAF;
      const from = Math.max(start, base) - base;
      const to = Math.min(end, base + LEAF) - base;
      for (let i = from; i < to; i++) {
        const s = leaf.slots[i]!;
        if (s !== 0) out.push([base + i, s - 1]);
      }
    }
    return out;
  }

  /** Every slot (with repetitions, one per entry). */
  slots(): number[] {
    const out: number[] = [];
    for (const leaf of this.leaves.values()) for (const s of leaf.slots) if (s !== 0) out.push(s - 1);
    return out;
  }

  clear(): void {
    this.leaves.clear();
    this.lastKey = -1;
    this.lastLeaf = undefined;
    this.size = 0;
  }
}

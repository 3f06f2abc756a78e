/**
 * How far out of order a sequence of numbered items arrives: for each item, the count of items
 * that arrived before it with a larger number; `worst` is the largest such count — the window a
 * merger that always takes the smallest waiting item needs to restore the order.
 *
 * A Fenwick tree over the numbers not yet settled: every number below `base` has arrived, so
 * memory follows the spread of the late items, not the length of the sequence.
 */
export class LatenessMeter {
  private tree = new Int32Array(1025);
  private marks = new Uint8Array(1024);
  /** Every number below base has arrived. */
  private base = 0;
  /** Items arrived with a number ≥ base. */
  private count = 0;
  worst = 0;

  /** Item number `n` (each number at most once) arrives. */
  record(n: number): void {
    let i = n - this.base;
    if (i >= this.marks.length) {
      this.rebase(n);
      i = n - this.base;
    }
    // Arrived items with a number ≤ n (n itself has not arrived).
    let below = 0;
    for (let j = i + 1; j > 0; j -= j & -j) below += this.tree[j]!;
    const late = this.count - below;
    if (late > this.worst) this.worst = late;
    this.marks[i] = 1;
    this.count++;
    for (let j = i + 1; j < this.tree.length; j += j & -j) this.tree[j]!++;
  }

  /** Moves base past every arrived prefix and makes room up to `n`, rebuilding the tree. */
  private rebase(n: number): void {
    const old = this.marks;
    let skip = 0;
    while (skip < old.length && old[skip] === 1) skip++;
    this.base += skip;
    this.count -= skip;
    let size = old.length;
    while (size < 2 * (n - this.base + 1)) size *= 2;
    const marks = new Uint8Array(size);
    marks.set(old.subarray(skip));
    const tree = new Int32Array(size + 1);
    for (let i = 1; i <= size; i++) {
      tree[i]! += marks[i - 1]!;
      const j = i + (i & -i);
      if (j <= size) tree[j]! += tree[i]!;
    }
    this.marks = marks;
    this.tree = tree;
  }
}

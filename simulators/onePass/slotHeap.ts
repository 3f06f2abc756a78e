/** A growable max-heap of integers (time slots or stack positions of holes). */
export class MaxHeap {
  private items = new Float64Array(16);
  size = 0;

  top(): number {
    return this.items[0]!;
  }

  push(v: number): void {
    if (this.size === this.items.length) {
      const bigger = new Float64Array(this.size * 2);
      bigger.set(this.items);
      this.items = bigger;
    }
    const a = this.items;
    let k = this.size++;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (a[parent]! >= v) break;
      a[k] = a[parent]!;
      k = parent;
    }
    a[k] = v;
  }

  pop(): number {
    const a = this.items;
    const out = a[0]!;
    const v = a[--this.size]!;
    const n = this.size;
    let k = 0;
    for (;;) {
      let child = 2 * k + 1;
      if (child >= n) break;
      if (child + 1 < n && a[child + 1]! > a[child]!) child++;
      if (a[child]! <= v) break;
      a[k] = a[child]!;
      k = child;
    }
    if (n > 0) a[k] = v;
    return out;
  }

  /** Replaces the contents with `values` sorted ascending (a reversed ascending array is a heap). */
  resetSorted(values: ArrayLike<number>, count: number): void {
    if (this.items.length < count) this.items = new Float64Array(count);
    for (let k = 0; k < count; k++) this.items[k] = values[count - 1 - k]!;
    this.size = count;
  }
}

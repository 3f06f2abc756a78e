/**
 * The last W reference records not yet merged, as a binary min-heap on (cycle, record number) in
 * typed arrays: kVMTrace emitted records when a page left its tracing pool, so they arrive up to a
 * bounded distance out of cycle order. Popping the minimum whenever more than W records wait
 * repairs any displacement of at most W records.
 */
export class ReorderWindow {
  readonly tags: Uint8Array;
  readonly cycles: Float64Array;
  readonly reftimes: Float64Array;
  readonly contexts: Float64Array;
  readonly vpns: Float64Array;
  /** 1-based record number and (text traces) line of each slot. */
  readonly records: Float64Array;
  readonly lines: Float64Array;
  private readonly heap: Int32Array;
  private readonly free: Int32Array;
  private freeCount: number;
  size = 0;

  constructor(capacity: number) {
    this.tags = new Uint8Array(capacity);
    this.cycles = new Float64Array(capacity);
    this.reftimes = new Float64Array(capacity);
    this.contexts = new Float64Array(capacity);
    this.vpns = new Float64Array(capacity);
    this.records = new Float64Array(capacity);
    this.lines = new Float64Array(capacity);
    this.heap = new Int32Array(capacity);
    this.free = new Int32Array(capacity);
    for (let i = 0; i < capacity; i++) this.free[i] = capacity - 1 - i;
    this.freeCount = capacity;
  }

  private less(a: number, b: number): boolean {
    const ca = this.cycles[a]!;
    const cb = this.cycles[b]!;
    return ca < cb || (ca === cb && this.records[a]! < this.records[b]!);
  }

  push(tag: number, cycle: number, reftime: number, context: number, vpn: number, record: number, line: number): void {
    const slot = this.free[--this.freeCount]!;
    this.tags[slot] = tag;
    this.cycles[slot] = cycle;
    this.reftimes[slot] = reftime;
    this.contexts[slot] = context;
    this.vpns[slot] = vpn;
    this.records[slot] = record;
    this.lines[slot] = line;
    const heap = this.heap;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(slot, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = slot;
  }

  /** Cycle of the earliest waiting record (size must be > 0). */
  minCycle(): number {
    return this.cycles[this.heap[0]!]!;
  }

  /** Removes the earliest record and returns its slot, whose fields stay valid until the next push. */
  pop(): number {
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap[--this.size]!;
    const n = this.size;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && this.less(heap[r]!, heap[l]!) ? r : l;
      if (!this.less(heap[child]!, last)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    if (n > 0) heap[i] = last;
    this.free[this.freeCount++] = top;
    return top;
  }
}

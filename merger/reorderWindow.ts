/**
 * The last W reference records not yet merged, so that records arriving up to W positions late
 * are merged in cycle order: kVMTrace wrote a record when its page left the tracing pool, so most
 * records arrive in order and some (pages that stayed longer) late. Records in order go to a
 * FIFO run (O(1)); late ones to a binary min-heap on (cycle, record number). The earliest
 * waiting record is the smaller of the run's head and the heap's top.
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
  private readonly free: Int32Array;
  private freeCount: number;
  /** The run: a ring of slots in (cycle, record) order. */
  private readonly run: Int32Array;
  private runHead = 0;
  private runCount = 0;
  private runLastCycle = -Infinity;
  /** The heap, by position: the slot and, next to it, its key (cycle, then record number). */
  private readonly heapSlot: Int32Array;
  private readonly heapCycle: Float64Array;
  private readonly heapRecord: Float64Array;
  private heapSize = 0;

  constructor(private readonly capacity: number) {
    this.tags = new Uint8Array(capacity);
    this.cycles = new Float64Array(capacity);
    this.reftimes = new Float64Array(capacity);
    this.contexts = new Float64Array(capacity);
    this.vpns = new Float64Array(capacity);
    this.records = new Float64Array(capacity);
    this.lines = new Float64Array(capacity);
    this.free = new Int32Array(capacity);
    for (let i = 0; i < capacity; i++) this.free[i] = capacity - 1 - i;
    this.freeCount = capacity;
    this.run = new Int32Array(capacity);
    this.heapSlot = new Int32Array(capacity);
    this.heapCycle = new Float64Array(capacity);
    this.heapRecord = new Float64Array(capacity);
  }

  get size(): number {
    return this.runCount + this.heapSize;
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
    if (cycle >= this.runLastCycle || this.runCount === 0) {
      // Record numbers grow with arrival, so the run stays in (cycle, record) order.
      let end = this.runHead + this.runCount;
      if (end >= this.capacity) end -= this.capacity;
      this.run[end] = slot;
      this.runCount++;
      this.runLastCycle = cycle;
      return;
    }
    const { heapSlot, heapCycle, heapRecord } = this;
    let i = this.heapSize++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pc = heapCycle[parent]!;
      if (pc < cycle || (pc === cycle && heapRecord[parent]! < record)) break;
      heapSlot[i] = heapSlot[parent]!;
      heapCycle[i] = pc;
      heapRecord[i] = heapRecord[parent]!;
      i = parent;
    }
    heapSlot[i] = slot;
    heapCycle[i] = cycle;
    heapRecord[i] = record;
  }

  /** The earliest record comes from the heap rather than the run. */
  private heapFirst(): boolean {
    if (this.heapSize === 0) return false;
    if (this.runCount === 0) return true;
    const runSlot = this.run[this.runHead]!;
    const rc = this.cycles[runSlot]!;
    const hc = this.heapCycle[0]!;
    return hc < rc || (hc === rc && this.heapRecord[0]! < this.records[runSlot]!);
  }

  /** Cycle of the earliest waiting record (size must be > 0). */
  minCycle(): number {
    return this.heapFirst() ? this.heapCycle[0]! : this.cycles[this.run[this.runHead]!]!;
  }

  /** Removes the earliest record and returns its slot, whose fields stay valid until the next push. */
  pop(): number {
    const slot = this.heapFirst() ? this.popHeap() : this.popRun();
    this.free[this.freeCount++] = slot;
    return slot;
  }

  private popRun(): number {
    const slot = this.run[this.runHead]!;
    if (++this.runHead === this.capacity) this.runHead = 0;
    if (--this.runCount === 0) this.runLastCycle = -Infinity;
    return slot;
  }

  private popHeap(): number {
    const { heapSlot, heapCycle, heapRecord } = this;
    const top = heapSlot[0]!;
    const n = --this.heapSize;
    const lastSlot = heapSlot[n]!;
    const lastCycle = heapCycle[n]!;
    const lastRecord = heapRecord[n]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const r = child + 1;
      if (r < n) {
        const rc = heapCycle[r]!;
        const lc = heapCycle[child]!;
        if (rc < lc || (rc === lc && heapRecord[r]! < heapRecord[child]!)) child = r;
      }
      const cc = heapCycle[child]!;
      if (lastCycle < cc || (lastCycle === cc && lastRecord < heapRecord[child]!)) break;
      heapSlot[i] = heapSlot[child]!;
      heapCycle[i] = cc;
      heapRecord[i] = heapRecord[child]!;
      i = child;
    }
    heapSlot[i] = lastSlot;
    heapCycle[i] = lastCycle;
    heapRecord[i] = lastRecord;
    return top;
  }
}

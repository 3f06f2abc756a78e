/**
 * Fixed-size binary records across chunk boundaries, without joining chunks: the few bytes of a
 * record that a boundary cuts are held back and completed from the start of the next chunk.
 * Joining instead (copying every chunk behind its predecessor's tail) costs a fresh megabyte and a
 * copy per chunk, which on a large trace is a large share of its whole load.
 */
export class RecordCarry {
  /** The record being completed; whole when `held` reaches the record size. */
  readonly record: Uint8Array;
  private held = 0;

  constructor(readonly recordBytes: number) {
    this.record = new Uint8Array(recordBytes);
  }

  /** Bytes of a partial record held back (0 when the last chunk ended on a record boundary). */
  get pending(): number {
    return this.held;
  }

  /**
   * Completes the held record from the start of `chunk`; returns how many bytes of `chunk` it used.
   * When the result is less than `chunk.length` or the record is whole (`pending` then reads 0 and
   * `record` holds it), the caller decodes `record` before the rest of the chunk.
   */
  complete(chunk: Uint8Array): { used: number; whole: boolean } {
    if (this.held === 0) return { used: 0, whole: false };
    const used = Math.min(this.recordBytes - this.held, chunk.length);
    this.record.set(chunk.subarray(0, used), this.held);
    this.held += used;
    const whole = this.held === this.recordBytes;
    if (whole) this.held = 0;
    return { used, whole };
  }

  /**
   * Holds back `chunk[from…]`, less than a record (copied: the chunk may be reused); nothing when
   * `from` is the chunk's end, so a partial record still being completed stays held.
   */
  keep(chunk: Uint8Array, from: number): void {
    if (from >= chunk.length) return;
    this.record.set(chunk.subarray(from), 0);
    this.held = chunk.length - from;
  }
}

/**
 * Splitting a byte stream into lines, for every text decoder: feed chunks in order, get each
 * complete line as a byte range with its 1-based line number. A final CR is dropped, so CRLF files
 * read too. Decoders that must stop in the middle of a chunk (the importers' reader hands out full
 * record chunks) keep their own loop and share the carrying of a partial line (`joinCarry`).
 */

/** `chunk` after the bytes of a partial line carried over from the previous one (no copy when none). */
export function joinCarry(carry: Uint8Array, chunk: Uint8Array): Uint8Array {
  if (carry.length === 0) return chunk;
  const data = new Uint8Array(carry.length + chunk.length);
  data.set(carry, 0);
  data.set(chunk, carry.length);
  return data;
}

export type LineHandler = (bytes: Uint8Array, start: number, end: number, line: number) => void;

export class LineSplitter {
  private carry: Uint8Array = new Uint8Array(0);
  private line = 0;

  /** Bytes of an incomplete last line held back until the next chunk. */
  get pendingBytes(): number {
    return this.carry.length;
  }

  push(chunk: Uint8Array, onLine: LineHandler): void {
    const data = joinCarry(this.carry, chunk);
    let start = 0;
    let nl = data.indexOf(0x0a, start);
    while (nl !== -1) {
      this.emit(data, start, nl, onLine);
      start = nl + 1;
      nl = data.indexOf(0x0a, start);
    }
    this.carry = data.slice(start);
  }

  /** Delivers a last line that has no newline. */
  finish(onLine: LineHandler): void {
    if (this.carry.length) this.emit(this.carry, 0, this.carry.length, onLine);
    this.carry = new Uint8Array(0);
  }

  private emit(data: Uint8Array, start: number, end: number, onLine: LineHandler): void {
    this.line++;
    onLine(data, start, end > start && data[end - 1] === 0x0d ? end - 1 : end, this.line);
  }
}

/**
 * Splits a byte stream into lines for the raw text readers: feed chunks in order, get each complete
 * line as a byte range with its 1-based line number. A final CR is dropped, so CRLF files read too.
 */
export type LineHandler = (bytes: Uint8Array, start: number, end: number, line: number) => void;

export class LineSplitter {
  private carry: Uint8Array = new Uint8Array(0);
  private line = 0;

  /** Bytes of an incomplete last line held back until the next chunk. */
  get pendingBytes(): number {
    return this.carry.length;
  }

  push(chunk: Uint8Array, onLine: LineHandler): void {
    let data = chunk;
    if (this.carry.length) {
      data = new Uint8Array(this.carry.length + chunk.length);
      data.set(this.carry, 0);
      data.set(chunk, this.carry.length);
    }
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

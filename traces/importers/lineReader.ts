/**
 * Reading a text trace line by line from byte chunks, in constant memory: the shared loop of every
 * text importer. A format supplies `parseLine`, which decodes one line's bytes into the chunk
 * (directly with `add`, or as a run of pages with `addRun`).
 */
import { InputError, quoteFound } from '../errors.js';
import type { TraceChunk } from '../streamReader.js';
import { ChunkBuilder } from './chunkBuilder.js';
import { decimalField } from './fields.js';
import type { ImportCounts } from './importer.js';
import type { ImportSettings } from './importSettings.js';
import { OP_VM_READ, OP_VM_WRITE, makeCode } from '../operations.js';

const NEWLINE = 0x0a;
const CR = 0x0d;
/** Longer lines mean the file is not a text trace of the format at all. */
const MAX_LINE_BYTES = 1 << 20;

export abstract class LineFormat {
  /** The current line, 1-based, for error messages. */
  line = 0;
  readonly out = new ChunkBuilder();
  /** The codes of a read and a write of a page of the settings' kind. */
  protected readonly read: number;
  protected readonly write: number;

  constructor(
    readonly file: string,
    protected readonly settings: ImportSettings,
  ) {
    this.read = makeCode(OP_VM_READ, settings.kind);
    this.write = makeCode(OP_VM_WRITE, settings.kind);
  }

  /**
   * Decodes bytes [s, e) of `b`: one line without its line ending (blank lines never reach it).
   * Returns false for a line that is not a request (a comment or header the format skips).
   */
  abstract parseLine(b: Uint8Array, s: number, e: number): boolean;

  /** Bytes [fs, fe) of the line [s, e) as a decimal integer below 2⁵³, or the error naming the field. */
  decimal(b: Uint8Array, s: number, e: number, fs: number, fe: number, name: string): number {
    const v = decimalField(b, fs, fe);
    if (v < 0) this.fail(b, s, e, `${name} is not a decimal integer below 2^53`);
    return v;
  }

  /** Throws the error for the current line, quoting it. */
  fail(b: Uint8Array, s: number, e: number, expected: string): never {
    const found = Buffer.from(b.subarray(s, e)).toString('latin1');
    throw new InputError(this.file, `line ${this.line}`, `${expected}; found ${quoteFound(found)}`);
  }
}

function isBlank(b: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (b[i] !== 0x20 && b[i] !== 0x09) return false;
  return true;
}

/** The records of a text trace, a chunk at a time (the chunk is reused: copy what must outlive it). */
export async function* lineChunks(source: AsyncIterable<Uint8Array>, format: LineFormat, counts: ImportCounts): AsyncGenerator<TraceChunk> {
  const out = format.out;
  let carry = new Uint8Array(0);
  let data: Uint8Array | undefined;
  const iterator = source[Symbol.asyncIterator]();
  for (;;) {
    const next = await iterator.next();
    if (next.done) {
      // A last line without a newline ends the file.
      if (!carry.length) break;
      data = carry;
      carry = new Uint8Array(0);
    } else if (carry.length) {
      data = new Uint8Array(carry.length + next.value.length);
      data.set(carry, 0);
      data.set(next.value, carry.length);
    } else {
      data = next.value;
    }
    let start = 0;
    for (;;) {
      let end = data.indexOf(NEWLINE, start);
      if (end === -1) {
        if (!next.done) break;
        end = data.length;
      }
      const stop = end;
      format.line++;
      if (end > start && data[end - 1] === CR) end--;
      if (!isBlank(data, start, end) && format.parseLine(data, start, end)) counts.requests++;
      start = stop + 1;
      while (!out.drain()) {
        yield out;
        out.length = 0;
      }
      if (out.nearlyFull) {
        yield out;
        out.length = 0;
      }
      if (start >= data.length) break;
    }
    if (next.done) break;
    carry = data.slice(start);
    if (carry.length > MAX_LINE_BYTES) {
      throw new InputError(format.file, `line ${format.line + 1}`, `line longer than ${MAX_LINE_BYTES} bytes: not a text trace of this format`);
    }
  }
  if (out.length) yield out;
}

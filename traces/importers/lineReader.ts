/**
 * Reading a text trace line by line from byte chunks, in constant memory: the shared loop of every
 * text importer. A format supplies `parseLine`, which decodes one line's bytes into the chunk
 * (directly with `add`, or as a run of pages with `addRun`).
 */
import { InputError, quoteFound } from '../errors.js';
import type { TraceChunk } from '../streamReader.js';
import { joinCarry } from '../bytes/lines.js';
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

/**
 * Parses the lines of `data` from `start` until the chunk must be handed out (`out.mustYield`) or
 * no complete line is left (with `final`, the unterminated last line is complete too). Returns
 * where it stopped. A plain function, not the generator, so that V8 optimises the hot loop.
 */
function parseLines(format: LineFormat, data: Uint8Array, start: number, final: boolean, counts: ImportCounts): number {
  const out = format.out;
  const n = data.length;
  while (out.drain() && !out.nearlyFull && start < n) {
    let end = start;
    while (end < n && data[end] !== NEWLINE) end++;
    if (end === n && !final) break;
    format.line++;
    const e = end > start && data[end - 1] === CR ? end - 1 : end;
    if (!isBlank(data, start, e) && format.parseLine(data, start, e)) counts.requests++;
    start = end + 1;
  }
  return start;
}

/** The records of a text trace, a chunk at a time (the chunk is reused: copy what must outlive it). */
export async function* lineChunks(source: AsyncIterable<Uint8Array>, format: LineFormat, counts: ImportCounts): AsyncGenerator<TraceChunk> {
  const out = format.out;
  let carry: Uint8Array = new Uint8Array(0);
  const iterator = source[Symbol.asyncIterator]();
  try {
    for (let final = false; !final; ) {
      const next = await iterator.next();
      final = next.done === true;
      const data = next.done ? carry : joinCarry(carry, next.value);
      let start = 0;
      for (;;) {
        start = parseLines(format, data, start, final, counts);
        if (!out.mustYield) break;
        yield out;
        out.length = 0;
      }
      carry = data.slice(start);
      if (carry.length > MAX_LINE_BYTES) {
        throw new InputError(format.file, `line ${format.line + 1}`, `line longer than ${MAX_LINE_BYTES} bytes: not a text trace of this format`);
      }
    }
  } finally {
    // Closes the file when the reader stops early (`faultline cat … | head`) or fails.
    await iterator.return?.();
  }
  if (out.length) yield out;
}

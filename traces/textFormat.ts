/**
 * The text form of reference streams: an optional header line `#faultline FORMAT page-size=N
 * [releases]`, then one record per line: `OP PAGE` (basic), `OP PAGE KIND` (basic-named) or
 * `x PAGE` (release). PAGE is lower-case hex; `#` lines and blank lines are comments.
 * The parser works on bytes, not strings, so that text streams decode at tens of MB/s.
 */
import { isValidPageSize } from './binaryFormat.js';
import { InputError, quoteFound } from './errors.js';
import { HEX_VALUE } from './bytes/hex.js';
import { LineSplitter } from './bytes/lines.js';
import { PAGE_SIZE } from './memoryAmounts.js';
import {
  KIND_ANON,
  KIND_FILE,
  KIND_LETTERS,
  KIND_SHIFT,
  OP_LETTERS,
  OP_MASK,
  OP_RELEASE,
  type StreamFormat,
} from './operations.js';
import { TableLineReader } from './taggedFormat.js';

export interface TextHeader {
  format: StreamFormat;
  pageSize: number;
  releases: boolean;
  /** A tagged stream (taggedFormat.ts): basic-named records plus process and thread. */
  tagged?: boolean;
}

/** The page size a text stream without one in its header declares. */
export const DEFAULT_PAGE_SIZE = PAGE_SIZE;
const HEADER_TAG = '#faultline';

export function formatTextHeader(h: TextHeader): string {
  return `${HEADER_TAG} ${h.tagged ? 'tagged' : h.format} page-size=${h.pageSize}${h.releases ? ' releases' : ''}\n`;
}

/** Parses a `#faultline …` header line, or returns undefined when the line is not one. */
export function parseTextHeader(line: string, file: string): TextHeader | undefined {
  const words = line.trim().split(/\s+/);
  if (words[0] !== HEADER_TAG) return undefined;
  const header: TextHeader = { format: 'basic', pageSize: DEFAULT_PAGE_SIZE, releases: false };
  for (const word of words.slice(1)) {
    if (word === 'basic' || word === 'basic-named') header.format = word;
    else if (word === 'tagged') {
      header.format = 'basic-named';
      header.tagged = true;
    }
    else if (word === 'releases') header.releases = true;
    else if (word.startsWith('page-size=') && /^[1-9][0-9]{0,9}$/.test(word.slice(10))) {
      header.pageSize = Number(word.slice(10));
      if (!isValidPageSize(header.pageSize)) throw new InputError(file, 'line 1', `page size ${header.pageSize}: expected a power of two from 1 to 2^30`);
    }
    else throw new InputError(file, 'line 1', `unknown header word ${quoteFound(word)} (expected basic, basic-named, tagged, page-size=N or releases)`);
  }
  return header;
}

const OP_BY_BYTE = new Int8Array(256).fill(-1);
OP_LETTERS.forEach((letter, op) => (OP_BY_BYTE[letter.charCodeAt(0)] = op));
const SPACE = 0x20;
const TAB = 0x09;
const HASH = 0x23;
const KIND_A = 'a'.charCodeAt(0);
const KIND_F = 'f'.charCodeAt(0);

/** Where decoded records go: plain arrays with room for the caller's chunk. */
export interface RecordSink {
  pages: Uint32Array;
  codes: Uint8Array;
  length: number;
  /** Tagged streams: the process and thread of each record. */
  processes?: Uint32Array;
  threads?: Uint32Array;
}

/** Counts the fields of a record line, for inferring the format of a header-less stream. */
export function countFields(line: string): number {
  const t = line.trim();
  return t === '' ? 0 : t.split(/[ \t]+/).length;
}

/**
 * Parses complete lines. Feed it byte chunks in order (`push`) and `finish()` at the end; it keeps
 * a partial last line between chunks and counts lines for error messages.
 */
export class TextRecordParser {
  private readonly splitter = new LineSplitter();
  private line = 0;
  private readonly fields: number;
  /** Tagged streams: the `#process` / `#thread` lines. */
  readonly table: TableLineReader | undefined;

  constructor(
    private readonly file: string,
    format: StreamFormat,
    tagged = false,
  ) {
    this.fields = format === 'basic' ? 2 : 3;
    if (tagged) this.table = new TableLineReader(file);
  }

  /** Lines read so far (where a truncated stream ended). */
  get lines(): number {
    return this.line;
  }

  /** Decodes every complete line of `bytes` (after any carried partial line) into `sink`. */
  push(bytes: Uint8Array, sink: RecordSink): void {
    this.splitter.push(bytes, (b, s, e, line) => this.parseLine(b, s, e, line, sink));
  }

  /** Decodes a last line without a newline. */
  finish(sink: RecordSink): void {
    this.splitter.finish((b, s, e, line) => this.parseLine(b, s, e, line, sink));
  }

  /** An upper bound of the records `bytes` can produce (a record line has at least 3 bytes + newline). */
  static maxRecords(bytes: number): number {
    return (bytes >> 2) + 2;
  }

  private fail(b: Uint8Array, s: number, e: number, detail: string): never {
    const text = Buffer.from(b.subarray(s, e)).toString('latin1');
    throw new InputError(this.file, `line ${this.line}`, `${detail}; found ${quoteFound(text)}`);
  }

  /** Decodes line number `line`, bytes [s, e) without the line ending. */
  private parseLine(b: Uint8Array, s: number, e: number, line: number, sink: RecordSink): void {
    this.line = line;
    let i = s;
    while (i < e && (b[i] === SPACE || b[i] === TAB)) i++;
    if (i === e) return;
    if (b[i] === HASH) {
      if (this.table) this.table.take(Buffer.from(b.subarray(i, e)).toString('utf8'), this.line);
      return;
    }
    const op = OP_BY_BYTE[b[i]!]!;
    i++;
    if (op < 0 || (i < e && b[i] !== SPACE && b[i] !== TAB)) {
      this.fail(b, s, e, `unknown operation (expected r, w, <, > or x)`);
    }
    while (i < e && (b[i] === SPACE || b[i] === TAB)) i++;
    if (i === e) this.fail(b, s, e, this.fieldCountMessage(op));
    let page = 0;
    let digits = 0;
    while (i < e && b[i] !== SPACE && b[i] !== TAB) {
      const v = HEX_VALUE[b[i]!]!;
      if (v < 0) this.fail(b, s, e, 'page is not a hexadecimal number');
      page = page * 16 + v;
      digits++;
      i++;
    }
    if (page > 0xffffffff || digits > 16) this.fail(b, s, e, 'page number exceeds 32 bits (ffffffff)');
    while (i < e && (b[i] === SPACE || b[i] === TAB)) i++;
    let code = op;
    if (op !== OP_RELEASE && this.fields === 3) {
      if (i === e) this.fail(b, s, e, this.fieldCountMessage(op));
      const k = b[i]!;
      i++;
      if ((k !== KIND_A && k !== KIND_F) || (i < e && b[i] !== SPACE && b[i] !== TAB)) {
        this.fail(b, s, e, `unknown kind (expected a for anonymous or f for file)`);
      }
      code |= (k === KIND_A ? KIND_ANON : KIND_FILE) << KIND_SHIFT;
      while (i < e && (b[i] === SPACE || b[i] === TAB)) i++;
    }
    const n = sink.length;
    if (this.table) {
      i = this.decimalField(b, s, e, i, op, sink.processes!, n);
      i = this.decimalField(b, s, e, i, op, sink.threads!, n);
    }
    if (i !== e) this.fail(b, s, e, this.fieldCountMessage(op));
    sink.pages[n] = page;
    sink.codes[n] = code;
    sink.length = n + 1;
  }

  /** Parses a decimal process or thread number at `i` into `into[n]`; returns the index after it and its spaces. */
  private decimalField(b: Uint8Array, s: number, e: number, i: number, op: number, into: Uint32Array, n: number): number {
    if (i === e) this.fail(b, s, e, this.fieldCountMessage(op));
    let v = 0;
    while (i < e && b[i] !== SPACE && b[i] !== TAB) {
      const d = b[i]! - 0x30;
      if (d < 0 || d > 9) this.fail(b, s, e, 'process and thread must be decimal numbers');
      v = v * 10 + d;
      i++;
    }
    if (v > 0xffffffff) this.fail(b, s, e, 'process or thread number exceeds 32 bits');
    into[n] = v;
    while (i < e && (b[i] === SPACE || b[i] === TAB)) i++;
    return i;
  }

  private fieldCountMessage(op: number): string {
    if (this.table) {
      return op === OP_RELEASE
        ? 'wrong number of fields: expected "x PAGE PROCESS THREAD" (4 fields) in a tagged stream'
        : 'wrong number of fields: expected "OP PAGE KIND PROCESS THREAD" (5 fields) in a tagged stream';
    }
    if (op === OP_RELEASE) return 'wrong number of fields: expected "x PAGE" (2 fields)';
    return this.fields === 3
      ? `wrong number of fields: expected "OP PAGE KIND" (3 fields) in a basic-named stream`
      : `wrong number of fields: expected "OP PAGE" (2 fields) in a basic stream`;
  }
}

/** The process and thread of each record, for writing a tagged stream. */
export interface RecordTags {
  processes: Uint32Array;
  threads: Uint32Array;
}

/** Formats records [from, to) of a chunk as text lines (with their tags when `tags` is given). */
export function formatTextRecords(pages: Uint32Array, codes: Uint8Array, from: number, to: number, format: StreamFormat, tags?: RecordTags): string {
  const named = format === 'basic-named';
  let out = '';
  for (let i = from; i < to; i++) {
    const c = codes[i]!;
    const op = c & OP_MASK;
    out += OP_LETTERS[op] + ' ' + pages[i]!.toString(16);
    if (named && op !== OP_RELEASE) out += ' ' + KIND_LETTERS[c >> KIND_SHIFT];
    if (tags) out += ' ' + tags.processes[i]! + ' ' + tags.threads[i]!;
    out += '\n';
  }
  return out;
}

/**
 * The text form of reference streams: an optional header line `#faultline FORMAT page-size=N
 * [releases]`, then one record per line: `OP PAGE` (basic), `OP PAGE KIND` (basic-named) or
 * `x PAGE` (release). PAGE is lower-case hex; `#` lines and blank lines are comments.
 * The parser works on bytes, not strings, so that text streams decode at tens of MB/s.
 */
import { InputError, quoteFound } from './errors.js';
import { HEX_VALUE } from './bytes/hex.js';
import { joinCarry } from './bytes/lines.js';
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

export interface TextHeader {
  format: StreamFormat;
  pageSize: number;
  releases: boolean;
}

/** The page size a text stream without one in its header declares. */
export const DEFAULT_PAGE_SIZE = PAGE_SIZE;
const HEADER_TAG = '#faultline';

export function formatTextHeader(h: TextHeader): string {
  return `${HEADER_TAG} ${h.format} page-size=${h.pageSize}${h.releases ? ' releases' : ''}\n`;
}

/** Parses a `#faultline …` header line, or returns undefined when the line is not one. */
export function parseTextHeader(line: string, file: string): TextHeader | undefined {
  const words = line.trim().split(/\s+/);
  if (words[0] !== HEADER_TAG) return undefined;
  const header: TextHeader = { format: 'basic', pageSize: DEFAULT_PAGE_SIZE, releases: false };
  for (const word of words.slice(1)) {
    if (word === 'basic' || word === 'basic-named') header.format = word;
    else if (word === 'releases') header.releases = true;
    else if (word.startsWith('page-size=') && /^[1-9][0-9]*$/.test(word.slice(10))) header.pageSize = Number(word.slice(10));
    else throw new InputError(file, 'line 1', `unknown header word ${quoteFound(word)} (expected basic, basic-named, page-size=N or releases)`);
  }
  return header;
}

const OP_BY_BYTE = new Int8Array(256).fill(-1);
OP_LETTERS.forEach((letter, op) => (OP_BY_BYTE[letter.charCodeAt(0)] = op));
const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const HASH = 0x23;
const KIND_A = 'a'.charCodeAt(0);
const KIND_F = 'f'.charCodeAt(0);

/** Where decoded records go: plain arrays with room for the caller's chunk. */
export interface RecordSink {
  pages: Uint32Array;
  codes: Uint8Array;
  length: number;
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
  private carry: Uint8Array = new Uint8Array(0);
  private line = 0;
  private readonly fields: number;

  constructor(
    private readonly file: string,
    format: StreamFormat,
  ) {
    this.fields = format === 'basic' ? 2 : 3;
  }

  /** Decodes every complete line of `bytes` (after any carried partial line) into `sink`. */
  push(bytes: Uint8Array, sink: RecordSink): void {
    const data = joinCarry(this.carry, bytes);
    let start = 0;
    let nl = data.indexOf(0x0a, start);
    while (nl !== -1) {
      this.parseLine(data, start, nl, sink);
      start = nl + 1;
      nl = data.indexOf(0x0a, start);
    }
    this.carry = data.slice(start);
  }

  /** Decodes a last line without a newline. */
  finish(sink: RecordSink): void {
    if (this.carry.length) this.parseLine(this.carry, 0, this.carry.length, sink);
    this.carry = new Uint8Array(0);
  }

  /** An upper bound of the records `bytes` can produce (a record line has at least 3 bytes + newline). */
  static maxRecords(bytes: number): number {
    return (bytes >> 2) + 2;
  }

  private fail(b: Uint8Array, s: number, e: number, detail: string): never {
    const text = Buffer.from(b.subarray(s, e)).toString('latin1');
    throw new InputError(this.file, `line ${this.line}`, `${detail}; found ${quoteFound(text)}`);
  }

  private parseLine(b: Uint8Array, s: number, e: number, sink: RecordSink): void {
    this.line++;
    if (e > s && b[e - 1] === CR) e--;
    let i = s;
    while (i < e && (b[i] === SPACE || b[i] === TAB)) i++;
    if (i === e || b[i] === HASH) return;
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
    if (i !== e) this.fail(b, s, e, this.fieldCountMessage(op));
    const n = sink.length;
    sink.pages[n] = page;
    sink.codes[n] = code;
    sink.length = n + 1;
  }

  private fieldCountMessage(op: number): string {
    if (op === OP_RELEASE) return 'wrong number of fields: expected "x PAGE" (2 fields)';
    return this.fields === 3
      ? `wrong number of fields: expected "OP PAGE KIND" (3 fields) in a basic-named stream`
      : `wrong number of fields: expected "OP PAGE" (2 fields) in a basic stream`;
  }
}

/** Formats records [0, length) of a chunk as text lines. */
export function formatTextRecords(pages: Uint32Array, codes: Uint8Array, from: number, to: number, format: StreamFormat): string {
  const named = format === 'basic-named';
  let out = '';
  for (let i = from; i < to; i++) {
    const c = codes[i]!;
    const op = c & OP_MASK;
    out += OP_LETTERS[op] + ' ' + pages[i]!.toString(16);
    if (named && op !== OP_RELEASE) out += ' ' + KIND_LETTERS[c >> KIND_SHIFT];
    out += '\n';
  }
  return out;
}

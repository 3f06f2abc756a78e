/**
 * Streaming access to a reference stream of any form (binary or text, plain or gzip): chunks of
 * decoded records in constant memory, for traces larger than RAM.
 */
import * as fs from 'node:fs';
import { HEADER_BYTES, RECORD_BYTES, decodeHeader, hasBinaryMagic, validCodeTable, type BinaryHeader } from './binaryFormat.js';
import { DEFAULT_GUNZIP, openBytes, type GunzipEngine } from './byteSource.js';
import { RecordCarry } from './bytes/records.js';
import { InputError, UsageError } from './errors.js';
import type { StreamFormat } from './operations.js';
import { DEFAULT_PAGE_SIZE, TextRecordParser, countFields, parseTextHeader, type RecordSink } from './textFormat.js';
import { taggedBinaryChunks } from './taggedReader.js';
import { TAGGED_RECORD_BYTES, TagRange, type ProcessTable } from './taggedFormat.js';

export type StreamForm = 'binary' | 'text';

export interface StreamInfo {
  /** The file as the user named it. */
  file: string;
  form: StreamForm;
  gzip: boolean;
  format: StreamFormat;
  pageSize: number;
  /** The stream may contain release records. */
  releases: boolean;
  /** Distinct pages and records, when the header knows them (plain binary streams). */
  pageCount?: number;
  records?: number;
  /** Records the stream should hold, when its size tells (a plain file of fixed-size records): sizes a load's buffer, checks nothing. */
  expectedRecords?: number;
  /** A tagged stream: chunks carry each record's process and thread (taggedFormat.ts). */
  tagged?: boolean;
  /** A tagged stream's process table, set once its chunks have been read to the end. */
  processTable?: ProcessTable;
}

/** Decoded records. The arrays are reused by the next chunk: copy what must outlive it. */
export interface TraceChunk {
  pages: Uint32Array;
  codes: Uint8Array;
  length: number;
  /** Tagged streams: each record's process and thread. */
  processes?: Uint32Array;
  threads?: Uint32Array;
}

export interface TraceStream {
  info: StreamInfo;
  /** The records in order; can be iterated once. */
  chunks(): AsyncGenerator<TraceChunk>;
  /** Closes the file, for a caller that will not iterate the chunks (iterating closes it at the end). */
  close(): Promise<void>;
}

export interface OpenOptions {
  gunzip?: GunzipEngine;
}

/**
 * A stream source other than a faultline file (importers register here, keyed by name);
 * `settings` is the text between the brackets of `NAME[SETTINGS]:FILE`, if any.
 */
export type StreamOpener = (file: string, options: OpenOptions, settings?: string) => Promise<TraceStream>;
const prefixedOpeners = new Map<string, StreamOpener>();

/**
 * Lets `NAME:FILE` name a stream wherever one is read (used by traces/importers, whose module
 * registers every importer when it loads: `openTraceStream` loads it the first time it meets a
 * prefix, so that reading a faultline stream never loads the importers).
 */
export function registerStreamOpener(name: string, opener: StreamOpener): void {
  prefixedOpeners.set(name, opener);
}

export class ChunkBuffer implements RecordSink {
  pages = new Uint32Array(0);
  codes = new Uint8Array(0);
  length = 0;
  processes: Uint32Array | undefined;
  threads: Uint32Array | undefined;
  constructor(private readonly tagged = false) {}
  reserve(records: number): void {
    this.length = 0;
    if (this.pages.length < records) {
      this.pages = new Uint32Array(records);
      this.codes = new Uint8Array(records);
      if (this.tagged) {
        this.processes = new Uint32Array(records);
        this.threads = new Uint32Array(records);
      }
    }
  }
}

/** The first bytes of a source, read ahead to decide its form, and the generator of the rest. */
class ReadAhead {
  head = new Uint8Array(0);
  private ended = false;
  constructor(readonly rest: AsyncGenerator<Uint8Array>) {}

  /** Reads until `enough(head)` holds or the source ends. */
  async fill(enough: (head: Uint8Array) => boolean): Promise<Uint8Array> {
    while (!this.ended && !enough(this.head)) {
      const next = await this.rest.next();
      if (next.done) {
        this.ended = true;
        break;
      }
      const joined = new Uint8Array(this.head.length + next.value.length);
      joined.set(this.head, 0);
      joined.set(next.value, this.head.length);
      this.head = joined;
    }
    return this.head;
  }
}

/** Where record `index` (0-based) of a binary stream starts, for error messages. */
function recordAt(index: number): string {
  return `record ${index + 1} (byte ${HEADER_BYTES + index * RECORD_BYTES})`;
}

/**
 * Decodes `n` records of `data` from byte `from` into `out` from index `at`; `first` is the index of
 * the first one in the stream. A plain function, not the generator, so that V8 optimises it.
 */
function decodeBinaryRecords(file: string, header: BinaryHeader, valid: Uint8Array, data: Uint8Array, from: number, n: number, out: ChunkBuffer, at: number, first: number): void {
  const pageLimit = header.pageCount ?? 2 ** 32;
  const pages = out.pages;
  const codes = out.codes;
  for (let i = 0, o = from; i < n; i++, o += RECORD_BYTES) {
    const code = data[o]!;
    if (valid[code] === 0) throw new InputError(file, recordAt(first + i), `invalid record code 0x${code.toString(16)} for a ${header.format} stream`);
    codes[at + i] = code;
    const page = (data[o + 1]! | (data[o + 2]! << 8) | (data[o + 3]! << 16)) + data[o + 4]! * 0x1000000;
    if (page >= pageLimit) throw new InputError(file, recordAt(first + i), `page 0x${page.toString(16)} is not below the header's page count ${pageLimit}`);
    pages[at + i] = page;
  }
}

/**
 * The records of a binary stream. When the header declares its counts, every page must be below the
 * declared page count and the records must number exactly as declared (a file cut at a record
 * boundary is caught here; a plain file's size was checked against the count when it was opened).
 */
async function* binaryChunks(file: string, head: Uint8Array, rest: AsyncGenerator<Uint8Array>, header: BinaryHeader): AsyncGenerator<TraceChunk> {
  try {
    const valid = validCodeTable(header.format);
    const out = new ChunkBuffer();
    const carry = new RecordCarry(RECORD_BYTES);
    let record = 0; // records decoded so far
    let data: Uint8Array | undefined = head.subarray(HEADER_BYTES);
    while (data) {
      const { used, whole } = carry.complete(data);
      const n = Math.floor((data.length - used) / RECORD_BYTES);
      out.reserve(n + 1);
      if (whole) decodeBinaryRecords(file, header, valid, carry.record, 0, 1, out, 0, record);
      const at = whole ? 1 : 0;
      decodeBinaryRecords(file, header, valid, data, used, n, out, at, record + at);
      out.length = at + n;
      record += out.length;
      carry.keep(data, used + n * RECORD_BYTES);
      if (out.length) yield out;
      const next = await rest.next();
      data = next.done ? undefined : next.value;
    }
    if (carry.pending) throw new InputError(file, recordAt(record), `truncated record: expected ${RECORD_BYTES} bytes, found ${carry.pending}`);
    if (header.records !== undefined && record !== header.records) {
      throw new InputError(file, `byte ${HEADER_BYTES + record * RECORD_BYTES}`, `the header declares ${header.records} records, the stream holds ${record}`);
    }
  } finally {
    // Stopped early or failed: close the file.
    await rest.return(undefined);
  }
}

async function* textChunks(file: string, head: Uint8Array, rest: AsyncGenerator<Uint8Array>, info: StreamInfo): AsyncGenerator<TraceChunk> {
  try {
    const parser = new TextRecordParser(file, info.format, info.tagged);
    const out = new ChunkBuffer(info.tagged);
    let records = 0;
    const range = new TagRange();
    let data: Uint8Array | undefined = head;
    while (data) {
      out.reserve(TextRecordParser.maxRecords(data.length) + 1);
      parser.push(data, out);
      records += out.length;
      if (info.tagged) range.add(out.processes!, out.threads!, out.length);
      if (out.length) yield out;
      const next = await rest.next();
      data = next.done ? undefined : next.value;
    }
    out.reserve(2);
    parser.finish(out);
    records += out.length;
    if (info.tagged) range.add(out.processes!, out.threads!, out.length);
    if (out.length) yield out;
    if (parser.table) info.processTable = range.check(parser.table.finish(records, `line ${parser.lines}`), file, `line ${parser.lines}`);
  } finally {
    await rest.return(undefined);
  }
}

/** Control bytes in the first line mean a binary file (one with a wrong magic), not text. */
function looksBinary(head: Uint8Array): boolean {
  const end = Math.min(head.length, HEADER_BYTES);
  for (let i = 0; i < end; i++) {
    const b = head[i]!;
    if (b === 0x0a) return false;
    if (b < 0x09 || (b > 0x0d && b < 0x20) || b === 0x7f) return true;
  }
  return false;
}

const hasRecordLine = (b: Uint8Array): boolean => firstRecordLine(b) !== undefined;

function firstRecordLine(b: Uint8Array): string | undefined {
  let start = 0;
  for (;;) {
    const nl = b.indexOf(0x0a, start);
    if (nl === -1) return undefined;
    const line = Buffer.from(b.subarray(start, nl)).toString('latin1').trim();
    if (line !== '' && !line.startsWith('#')) return line;
    start = nl + 1;
  }
}

/** `NAME:FILE` or `NAME[SETTINGS]:FILE`; FILE is the rest, whatever it holds. */
const PREFIXED = /^([A-Za-z][\w-]*)(?:\[([^\]]*)\])?:(.*)$/s;

/** Opens a stream: a faultline file (form detected from its bytes), or `NAME:FILE` for an importer. */
export async function openTraceStream(file: string, options: OpenOptions = {}): Promise<TraceStream> {
  const prefixed = PREFIXED.exec(file);
  if (prefixed && !prefixedOpeners.has(prefixed[1]!)) await import('./importers/index.js');
  const opener = prefixed ? prefixedOpeners.get(prefixed[1]!) : undefined;
  if (opener) return opener(prefixed![3]!, options, prefixed![2]);
  if (prefixed && !fs.existsSync(file)) {
    throw new UsageError(`${file}: unknown format ${JSON.stringify(prefixed[1])} before ':' (formats: ${[...prefixedOpeners.keys()].sort().join(', ')}), and no file of that name`);
  }
  const bytes = await openBytes(file, options.gunzip ?? DEFAULT_GUNZIP);
  const { gzip, chunks: source } = bytes;
  try {
    return await openFaultlineStream(file, gzip, source, gzip ? undefined : bytes.position().size, bytes.recycle);
  } catch (err) {
    await source.return(undefined);
    throw err;
  }
}

/** A binary stream's declared record count must match the size of a plain file before anything trusts it. */
function checkDeclaredSize(file: string, h: BinaryHeader, size: number | undefined): void {
  if (h.records === undefined || size === undefined) return;
  // A tagged stream's records are followed by its process table (a trailer record, then JSON).
  const expected = h.tagged ? HEADER_BYTES + (h.records + 1) * TAGGED_RECORD_BYTES : HEADER_BYTES + h.records * RECORD_BYTES;
  if (h.tagged ? size < expected : size !== expected) {
    throw new InputError(file, 'byte 16', `the header declares ${h.records} records (${expected} bytes), but the file has ${size} bytes${size < expected ? ': truncated?' : ''}`);
  }
}

/**
 * @param size the file's size in bytes when it is not compressed (the header's counts are checked
 *   against it)
 */
async function openFaultlineStream(file: string, gzip: boolean, source: AsyncGenerator<Uint8Array>, size: number | undefined, recycle: () => void): Promise<TraceStream> {
  const ahead = new ReadAhead(source);
  const close = async (): Promise<void> => void (await source.return(undefined));
  const start = await ahead.fill((b) => b.length >= HEADER_BYTES);
  if (start.length === 0) throw new InputError(file, '', `empty ${gzip ? 'after gunzip' : 'file'}: expected a faultline stream (binary, or text with at least a header line)`);
  if (hasBinaryMagic(start)) {
    const h = decodeHeader(start, file);
    checkDeclaredSize(file, h, size);
    const info: StreamInfo = { file, form: 'binary', gzip, ...h };
    if (h.tagged) return { info, chunks: () => taggedBinaryChunks(info, start, source), close };
    // The read-ahead copied the start; binaryChunks keeps nothing of a chunk but a copied carry.
    recycle();
    return { info, chunks: () => binaryChunks(file, start, source, h), close };
  }
  if (looksBinary(start)) decodeHeader(start, file);
  const head = await ahead.fill(hasRecordLine);
  const firstLine = Buffer.from(head.subarray(0, Math.max(0, head.indexOf(0x0a)))).toString('latin1');
  const declared = parseTextHeader(firstLine, file);
  let format: StreamFormat = declared?.format ?? 'basic';
  let tagged = declared?.tagged ?? false;
  if (!declared) {
    const line = firstRecordLine(head) ?? Buffer.from(head).toString('latin1').trim();
    const fields = line.startsWith('#') ? 0 : countFields(line);
    if (fields >= 3) format = 'basic-named';
    // `OP PAGE KIND PROCESS THREAD`, or a release `x PAGE PROCESS THREAD`.
    if (fields === 5 || (fields === 4 && line.startsWith('x'))) tagged = true;
  }
  const info: StreamInfo = {
    file,
    form: 'text',
    gzip,
    format,
    pageSize: declared?.pageSize ?? DEFAULT_PAGE_SIZE,
    releases: declared?.releases ?? false,
  };
  if (tagged) info.tagged = true;
  return { info, chunks: () => textChunks(file, head, source, info), close };
}

/**
 * Writes reference streams in any form (by file extension: `.bin`, `.txt`, each optionally `.gz`),
 * atomically. The writer enforces the density rule (docs/formats.md): canonical pages are dense integers
 * assigned in order of first appearance; it refuses other streams, or renumbers them on request.
 */
import { RECORD_BYTES, encodeHeader, validCodeTable } from './binaryFormat.js';
import { InputError, UsageError } from './errors.js';
import { OP_MASK, OP_RELEASE, type StreamFormat } from './operations.js';
import { OutputSink, fillThenClose } from './outputSink.js';
import type { StreamForm } from './streamReader.js';
import { formatTextHeader, formatTextRecords } from './textFormat.js';
import { TAGGED_RECORD_BYTES, TagRange, emptyProcessTable, encodeTrailer, formatTableLines, validateProcessTable, type ProcessTable } from './taggedFormat.js';

export interface WriterOptions {
  format: StreamFormat;
  pageSize: number;
  /** Declare in the header that release records may appear. */
  releases?: boolean;
  /** Renumber pages densely in first-appearance order instead of refusing a non-dense stream. */
  renumber?: boolean;
  /**
   * Pages are numbers shared by several streams (the per-process files of one merge), so they
   * are not dense within this one: accept any page; the header's page count is max page + 1.
   */
  globalPages?: boolean;
  /** Named in errors about the records written (the input they come from). */
  source?: string;
  /** gzip level, 1 (fast) to 9 (small). */
  level?: number;
  /** Write the tagged form (format must be basic-named): `append` takes process and thread, `close` writes the table. */
  tagged?: boolean;
}

export interface OutputForm {
  form: StreamForm;
  gzip: boolean;
}

/** The form a path asks for: `.bin` or `.txt`, then optionally `.gz`. */
export function formOfPath(file: string): OutputForm {
  const gzip = file.endsWith('.gz');
  const base = gzip ? file.slice(0, -3) : file;
  if (base.endsWith('.bin')) return { form: 'binary', gzip };
  if (base.endsWith('.txt')) return { form: 'text', gzip };
  throw new UsageError(`${file}: cannot tell the output form from the name: use .bin or .txt, optionally followed by .gz`);
}

const BATCH = 1 << 16;

export class TraceWriter {
  private readonly out: OutputSink;
  private readonly valid: Uint8Array;
  private readonly binary: boolean;
  private readonly batchPages = new Uint32Array(BATCH);
  private readonly batchCodes = new Uint8Array(BATCH);
  private readonly batchTags: { processes: Uint32Array; threads: Uint32Array } | undefined;
  private table: ProcessTable | undefined;
  private readonly tagRange = new TagRange();
  private batched = 0;
  private nextPage = 0;
  private renumbering: Map<number, number> | undefined;
  /** Records written. */
  records = 0;

  constructor(
    readonly path: string,
    private readonly options: WriterOptions,
  ) {
    const { form, gzip } = formOfPath(path);
    this.binary = form === 'binary';
    this.valid = validCodeTable(options.format);
    if (options.renumber) this.renumbering = new Map();
    if (options.tagged) {
      if (options.format !== 'basic-named') throw new UsageError(`${path}: a tagged stream is basic-named (pages have kinds); found format ${options.format}`);
      this.batchTags = { processes: new Uint32Array(BATCH), threads: new Uint32Array(BATCH) };
    }
    this.out = new OutputSink(path, gzip, { level: options.level });
    const header = { format: options.format, pageSize: options.pageSize, releases: options.releases ?? false, tagged: options.tagged };
    this.emit(this.binary ? encodeHeader(header) : Buffer.from(formatTextHeader(header)));
  }

  /** Distinct pages written so far. */
  get pageCount(): number {
    return this.nextPage;
  }

  private emit(bytes: Uint8Array): void {
    this.out.write(bytes);
  }

  private refuse(detail: string): never {
    throw new InputError(this.options.source ?? this.path, `record ${this.records + 1}`, detail);
  }

  /** Applies the density rule to one page, returning the page to write. */
  private canonical(code: number, page: number): number {
    if (this.options.globalPages) {
      if (page >= this.nextPage) this.nextPage = page + 1;
      return page;
    }
    if (this.renumbering) {
      let q = this.renumbering.get(page);
      if (q === undefined) {
        if ((code & OP_MASK) === OP_RELEASE) this.refuse(`release of page 0x${page.toString(16)}, which has not appeared`);
        q = this.renumbering.size;
        this.renumbering.set(page, q);
        this.nextPage = q + 1;
      }
      return q;
    }
    if (page >= this.nextPage) {
      if ((code & OP_MASK) === OP_RELEASE) this.refuse(`release of page 0x${page.toString(16)}, which has not appeared`);
      if (page !== this.nextPage) {
        this.refuse(`pages are not dense in first-appearance order: new page 0x${page.toString(16)}, expected 0x${this.nextPage.toString(16)} (renumber to convert such a stream)`);
      }
      this.nextPage++;
    }
    return page;
  }

  /** Appends one record; `process` and `thread` are written only to tagged streams. */
  append(code: number, page: number, process = 0, thread = 0): void {
    if (this.valid[code] === 0) this.refuse(`code 0x${code.toString(16)} is not valid in a ${this.options.format} stream`);
    const n = this.batched;
    this.batchPages[n] = this.canonical(code, page);
    this.batchCodes[n] = code;
    if (this.batchTags) {
      this.batchTags.processes[n] = process;
      this.batchTags.threads[n] = thread;
    }
    this.records++;
    this.batched = n + 1;
    if (this.batched === BATCH) this.flush();
  }

  /** Appends a chunk's records, with their tags when the chunk has them (a tagged output needs them). */
  appendChunk(pages: Uint32Array, codes: Uint8Array, length: number, processes?: Uint32Array, threads?: Uint32Array): void {
    if (this.batchTags && processes && threads) {
      for (let i = 0; i < length; i++) this.append(codes[i]!, pages[i]!, processes[i]!, threads[i]!);
    } else {
      for (let i = 0; i < length; i++) this.append(codes[i]!, pages[i]!);
    }
  }

  /** The process table a tagged stream ends with (checked against the records written when closing). */
  setProcessTable(table: ProcessTable): void {
    this.table = table;
  }

  private flush(): void {
    const n = this.batched;
    if (n === 0) return;
    if (this.batchTags) this.tagRange.add(this.batchTags.processes, this.batchTags.threads, n);
    if (this.binary && this.batchTags) {
      const bytes = new Uint8Array(n * TAGGED_RECORD_BYTES);
      const view = new DataView(bytes.buffer);
      const { processes, threads } = this.batchTags;
      for (let i = 0, o = 0; i < n; i++, o += TAGGED_RECORD_BYTES) {
        bytes[o] = this.batchCodes[i]!;
        view.setUint32(o + 1, this.batchPages[i]!, true);
        view.setUint32(o + 5, processes[i]!, true);
        view.setUint32(o + 9, threads[i]!, true);
      }
      this.emit(bytes);
    } else if (this.binary) {
      const bytes = new Uint8Array(n * RECORD_BYTES);
      for (let i = 0, o = 0; i < n; i++, o += RECORD_BYTES) {
        const p = this.batchPages[i]!;
        bytes[o] = this.batchCodes[i]!;
        bytes[o + 1] = p & 0xff;
        bytes[o + 2] = (p >>> 8) & 0xff;
        bytes[o + 3] = (p >>> 16) & 0xff;
        bytes[o + 4] = p >>> 24;
      }
      this.emit(bytes);
    } else {
      this.emit(Buffer.from(formatTextRecords(this.batchPages, this.batchCodes, 0, n, this.options.format, this.batchTags), 'latin1'));
    }
    this.batched = 0;
  }

  /** Finishes the file and renames it into place. */
  close(): void {
    this.flush();
    if (this.batchTags) {
      const table = this.tagRange.check(validateProcessTable(this.table ?? emptyProcessTable(), this.records, this.path, ''), this.path, '');
      this.emit(this.binary ? encodeTrailer(table) : Buffer.from(formatTableLines(table), 'utf8'));
    }
    if (this.binary && !this.out.compressed) {
      const header = {
        format: this.options.format,
        pageSize: this.options.pageSize,
        releases: this.options.releases ?? false,
        tagged: this.options.tagged,
        pageCount: this.nextPage,
        records: this.records,
      };
      this.out.writeAt(encodeHeader(header), 0);
    }
    this.out.commit();
  }

  /** Drops the partial output. */
  abort(): void {
    this.out.abort();
  }
}

/** Runs `fill` with a new writer, committing on success and removing the output on any error. */
export function withTraceWriter<T>(path: string, options: WriterOptions, fill: (w: TraceWriter) => Promise<T> | T): Promise<T> {
  return fillThenClose(new TraceWriter(path, options), fill);
}

/**
 * Writes a reference trace in any layout (i386, x86_64 or text), atomically, gzipped when the
 * path ends in `.gz`. `write` allocates nothing per record, so generators can emit millions.
 */
import { InputError } from '../../traces/index.js';
import { hex, isFieldValue } from './hex.js';
import { OutputSink, fillThenClose, type OutputSinkOptions } from '../../traces/index.js';
import { BINARY_LAYOUTS, IS_REFERENCE_TAG, type BinaryLayout, type ReferenceLayout, type ReferenceRecord, type ReferenceTag } from './referenceRecords.js';

export interface ReferenceWriterOptions extends OutputSinkOptions {
  layout: ReferenceLayout;
}

const BATCH_RECORDS = 8192;
const TEXT_FLUSH_CHARS = 1 << 16;
const TWO_32 = 4294967296;

export class ReferenceTraceWriter {
  private readonly out: OutputSink;
  private readonly binary: BinaryLayout | undefined;
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private batched = 0;
  private text = '';
  /** Records written so far. */
  records = 0;

  constructor(readonly path: string, options: ReferenceWriterOptions) {
    this.binary = options.layout === 'text' ? undefined : BINARY_LAYOUTS[options.layout];
    this.bytes = new Uint8Array(this.binary ? this.binary.size * BATCH_RECORDS : 0);
    this.view = new DataView(this.bytes.buffer);
    this.out = new OutputSink(path, path.endsWith('.gz'), options);
  }

  private refuse(detail: string): never {
    throw new InputError(this.path, `record ${this.records + 1}`, detail);
  }

  private check(tagCode: number, cycle: number, reftime: number, context: number, vpn: number): void {
    if (!IS_REFERENCE_TAG[tagCode]) this.refuse(`tag must be r, R, w or W, got ${JSON.stringify(String.fromCharCode(tagCode))}`);
    if (!isFieldValue(cycle)) this.refuse(`cycle must be an integer in [0, 2^53-1], got ${cycle}`);
    if (!isFieldValue(reftime)) this.refuse(`reftime must be an integer in [0, 2^53-1], got ${reftime}`);
    const limit = this.binary?.wordBytes === 4 ? 0xffffffff : Number.MAX_SAFE_INTEGER;
    if (!isFieldValue(context) || context > limit) this.refuse(`context must be an integer in [0, ${limit.toString(16)}] for the ${this.binary?.name ?? 'text'} layout, got ${context}`);
    if (!isFieldValue(vpn) || vpn > limit) this.refuse(`vpn must be an integer in [0, ${limit.toString(16)}] for the ${this.binary?.name ?? 'text'} layout, got ${vpn}`);
  }

  /** Appends one record. A value the layout cannot hold throws an InputError naming the record. */
  write(tag: ReferenceTag, cycle: number, reftime: number, context: number, vpn: number): void {
    const tagCode = tag.length === 1 ? tag.charCodeAt(0) : 0;
    this.check(tagCode, cycle, reftime, context, vpn);
    this.records++;
    const layout = this.binary;
    if (!layout) {
      this.text += `${tag} ${hex(cycle)} ${hex(reftime)} ${hex(context)} ${hex(vpn)}\n`;
      if (this.text.length >= TEXT_FLUSH_CHARS) this.flush();
      return;
    }
    const o = this.batched * layout.size;
    const view = this.view;
    this.bytes.fill(0, o, o + layout.size);
    this.bytes[o] = tagCode;
    view.setUint32(o + layout.cycleAt, cycle % TWO_32, true);
    view.setUint32(o + layout.cycleAt + 4, Math.floor(cycle / TWO_32), true);
    view.setUint32(o + layout.reftimeAt, reftime % TWO_32, true);
    view.setUint32(o + layout.reftimeAt + 4, Math.floor(reftime / TWO_32), true);
    view.setUint32(o + layout.contextAt, context % TWO_32, true);
    view.setUint32(o + layout.vpnAt, vpn % TWO_32, true);
    if (layout.wordBytes === 8) {
      view.setUint32(o + layout.contextAt + 4, Math.floor(context / TWO_32), true);
      view.setUint32(o + layout.vpnAt + 4, Math.floor(vpn / TWO_32), true);
    }
    if (++this.batched === BATCH_RECORDS) this.flush();
  }

  writeRecord(r: ReferenceRecord): void {
    this.write(r.tag, r.cycle, r.reftime, r.context, r.vpn);
  }

  private flush(): void {
    if (this.binary) {
      if (this.batched) this.out.write(this.bytes.slice(0, this.batched * this.binary.size));
      this.batched = 0;
    } else {
      if (this.text) this.out.write(Buffer.from(this.text, 'latin1'));
      this.text = '';
    }
  }

  /** Finishes the file and renames it into place. */
  close(): void {
    this.flush();
    this.out.commit();
  }

  /** Drops the partial output. */
  abort(): void {
    this.out.abort();
  }
}

/** Runs `fill` with a new writer, committing on success and removing the output on any error. */
export function withReferenceTraceWriter<T>(path: string, options: ReferenceWriterOptions, fill: (w: ReferenceTraceWriter) => Promise<T> | T): Promise<T> {
  return fillThenClose(new ReferenceTraceWriter(path, options), fill);
}

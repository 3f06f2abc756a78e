/**
 * Streams a reference trace — binary `i386` or `x86_64` records, or the text form; plain or gzip;
 * layout given or detected (referenceLayout.ts) — as columnar chunks in constant memory.
 */
import { InputError, openBytes, quoteFound } from '../../traces/index.js';
import { HEX_VALUE } from '../../traces/bytes/hex.js';
import { LineSplitter } from '../../traces/bytes/lines.js';
import { DETECT_SAMPLE_BYTES, detectReferenceLayout } from './referenceLayout.js';
import {
  BINARY_LAYOUTS,
  IS_REFERENCE_TAG,
  ReferenceChunkBuffer,
  type BinaryLayout,
  type ReferenceChunk,
  type ReferenceLayout,
  type ReferenceRecord,
  type ReferenceTag,
} from './referenceRecords.js';

export type LayoutChoice = ReferenceLayout | 'auto';

export interface ReferenceTraceInfo {
  /** The file as the user named it. */
  file: string;
  layout: ReferenceLayout;
  gzip: boolean;
}

export interface ReferenceTrace {
  info: ReferenceTraceInfo;
  /** The records in file order; can be iterated once. */
  chunks(): AsyncGenerator<ReferenceChunk>;
  /** Where a record is, for messages: `record N (byte B)` (binary) or `line L` (text). */
  location(record: number, line: number): string;
  /** Closes the file without reading the records (reading them to the end closes it too). */
  close(): Promise<void>;
  /** Bytes of the file read so far, of its size (compressed bytes for gzip): how far the merge has got. */
  position(): { read: number; size: number };
}

export interface ReferenceOpenOptions {
  /** Default `auto`. */
  layout?: LayoutChoice;
}

const SPACE = 0x20;
const TAB = 0x09;
const HASH = 0x23;
const TWO_32 = 4294967296;
/** The high 32-bit word of a u64 must stay below this for the value to be exact (2^53). */
const HIGH_LIMIT = 0x200000;

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function binaryLocation(layout: BinaryLayout, record: number): string {
  return `record ${record} (byte ${(record - 1) * layout.size})`;
}

async function* binaryChunks(file: string, source: AsyncIterable<Uint8Array>, layout: BinaryLayout): AsyncGenerator<ReferenceChunk> {
  const out = new ReferenceChunkBuffer();
  const { size, cycleAt, reftimeAt, contextAt, vpnAt, wordBytes } = layout;
  let carry: Uint8Array = new Uint8Array(0);
  let done = 0;
  const fail = (record: number, detail: string): never => {
    throw new InputError(file, binaryLocation(layout, record), detail);
  };
  for await (const piece of source) {
    const data = carry.length ? concat(carry, piece) : piece;
    const n = Math.floor(data.length / size);
    out.reset(n, done + 1);
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const { tags, cycles, reftimes, contexts, vpns } = out;
    for (let i = 0, o = 0; i < n; i++, o += size) {
      const tag = data[o]!;
      if (!IS_REFERENCE_TAG[tag]) fail(done + i + 1, `unknown reference tag 0x${tag.toString(16)} (expected r, R, w or W)`);
      tags[i] = tag;
      const cHigh = view.getUint32(o + cycleAt + 4, true);
      const tHigh = view.getUint32(o + reftimeAt + 4, true);
      const xHigh = wordBytes === 8 ? view.getUint32(o + contextAt + 4, true) : 0;
      const vHigh = wordBytes === 8 ? view.getUint32(o + vpnAt + 4, true) : 0;
      if ((cHigh | tHigh | xHigh | vHigh) >>> 0 >= HIGH_LIMIT) {
        const field = cHigh >= HIGH_LIMIT ? 'cycle' : tHigh >= HIGH_LIMIT ? 'reftime' : xHigh >= HIGH_LIMIT ? 'context' : 'vpn';
        fail(done + i + 1, `${field} exceeds 2^53-1, the largest value faultline keeps exactly`);
      }
      cycles[i] = cHigh * TWO_32 + view.getUint32(o + cycleAt, true);
      reftimes[i] = tHigh * TWO_32 + view.getUint32(o + reftimeAt, true);
      contexts[i] = xHigh * TWO_32 + view.getUint32(o + contextAt, true);
      vpns[i] = vHigh * TWO_32 + view.getUint32(o + vpnAt, true);
    }
    out.length = n;
    done += n;
    carry = data.subarray(n * size);
    if (n) yield out;
  }
  if (carry.length) fail(done + 1, `truncated record: expected ${size} bytes, found ${carry.length}`);
}

const FIELD_NAMES = ['cycle', 'reftime', 'context', 'vpn'] as const;
const TEXT_SHAPE = 'wrong number of fields: expected "tag cycle reftime context vpn" (5 fields)';

/** Parses one text line into `out` (or nothing for a blank or comment line). */
function parseTextLine(file: string, b: Uint8Array, s: number, e: number, line: number, out: ReferenceChunkBuffer): void {
  let i = s;
  while (i < e && (b[i] === SPACE || b[i] === TAB)) i++;
  if (i === e || b[i] === HASH) return;
  const fail = (detail: string): never => {
    throw new InputError(file, `line ${line}`, `${detail}; found ${quoteFound(Buffer.from(b.subarray(s, e)).toString('latin1'), 60)}`);
  };
  const tag = b[i]!;
  i++;
  if (!IS_REFERENCE_TAG[tag] || (i < e && b[i] !== SPACE && b[i] !== TAB)) fail('unknown reference tag (expected r, R, w or W)');
  const n = out.length;
  for (let f = 0; f < 4; f++) {
    if (i === e) fail(TEXT_SHAPE);
    while (i < e && (b[i] === SPACE || b[i] === TAB)) i++;
    if (i === e) fail(TEXT_SHAPE);
    let v = 0;
    while (i < e && b[i] !== SPACE && b[i] !== TAB) {
      const d = HEX_VALUE[b[i]!]!;
      if (d < 0) fail(`field ${FIELD_NAMES[f]} is not a hexadecimal number`);
      v = v * 16 + d;
      i++;
    }
    if (!Number.isSafeInteger(v)) fail(`field ${FIELD_NAMES[f]} exceeds 2^53-1, the largest value faultline keeps exactly`);
    if (f === 0) out.cycles[n] = v;
    else if (f === 1) out.reftimes[n] = v;
    else if (f === 2) out.contexts[n] = v;
    else out.vpns[n] = v;
  }
  while (i < e && (b[i] === SPACE || b[i] === TAB)) i++;
  if (i !== e) fail(TEXT_SHAPE);
  out.tags[n] = tag;
  out.lines[n] = line;
  out.length = n + 1;
}

/** The shortest text record, `r 0 0 0 0`, plus its newline. */
const MIN_TEXT_RECORD = 10;

async function* textChunks(file: string, source: AsyncIterable<Uint8Array>): AsyncGenerator<ReferenceChunk> {
  const out = new ReferenceChunkBuffer();
  const splitter = new LineSplitter();
  let done = 0;
  const onLine = (b: Uint8Array, s: number, e: number, line: number): void => parseTextLine(file, b, s, e, line, out);
  for await (const piece of source) {
    out.reset(Math.floor((piece.length + splitter.pendingBytes) / MIN_TEXT_RECORD) + 2, done + 1);
    splitter.push(piece, onLine);
    done += out.length;
    if (out.length) yield out;
  }
  out.reset(2, done + 1);
  splitter.finish(onLine);
  if (out.length) yield out;
}

/** Opens a reference trace, detecting its layout unless one is given. */
export async function openReferenceTrace(file: string, options: ReferenceOpenOptions = {}): Promise<ReferenceTrace> {
  const { gzip, chunks, position } = await openBytes(file);
  let head: Uint8Array = new Uint8Array(0);
  let ended = false;
  while (head.length < DETECT_SAMPLE_BYTES) {
    const next = await chunks.next();
    if (next.done) {
      ended = true;
      break;
    }
    head = head.length ? concat(head, next.value) : next.value;
  }
  const choice = options.layout ?? 'auto';
  let layout: ReferenceLayout;
  try {
    layout = choice === 'auto' ? detectReferenceLayout(head.subarray(0, DETECT_SAMPLE_BYTES), ended && head.length <= DETECT_SAMPLE_BYTES, file) : choice;
  } catch (err) {
    await chunks.return(undefined);
    throw err;
  }
  async function* all(): AsyncGenerator<Uint8Array> {
    try {
      if (head.length) yield head;
      if (!ended) yield* chunks;
    } finally {
      // Stopping early (a bad record) must still close the file.
      await chunks.return(undefined);
    }
  }
  const binary = layout === 'text' ? undefined : BINARY_LAYOUTS[layout];
  return {
    info: { file, layout, gzip },
    chunks: () => (binary ? binaryChunks(file, all(), binary) : textChunks(file, all())),
    location: (record, line) => (binary ? binaryLocation(binary, record) : `line ${line}`),
    close: async () => {
      await chunks.return(undefined);
    },
    position,
  };
}

/** The records one by one as objects (convenient for tests and small tools; the merger uses chunks). */
export async function* readReferenceRecords(file: string, options: ReferenceOpenOptions = {}): AsyncGenerator<ReferenceRecord> {
  const trace = await openReferenceTrace(file, options);
  for await (const c of trace.chunks()) {
    for (let i = 0; i < c.length; i++) {
      yield {
        tag: String.fromCharCode(c.tags[i]!) as ReferenceTag,
        cycle: c.cycles[i]!,
        reftime: c.reftimes[i]!,
        context: c.contexts[i]!,
        vpn: c.vpns[i]!,
      };
    }
  }
}

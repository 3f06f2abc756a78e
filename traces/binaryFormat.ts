/**
 * The binary reference-stream form (documented byte by byte in docs/formats.md):
 * a 32-byte little-endian header, then 5-byte records (code u8, page u32).
 */
import { InputError } from './errors.js';
import { isValidCode, type StreamFormat } from './operations.js';
import { TAGGED_FORMAT_ID } from './taggedFormat.js';

export const BINARY_MAGIC = Uint8Array.of(0x46, 0x4c, 0x54, 0x53); // "FLTS"
export const BINARY_VERSION = 1;
export const HEADER_BYTES = 32;
export const RECORD_BYTES = 5;

export const FORMAT_IDS: Record<StreamFormat, number> = { basic: 1, 'basic-named': 2 };
const FORMAT_BY_ID: Record<number, StreamFormat> = { 1: 'basic', 2: 'basic-named' };

export const FLAG_RELEASES = 1;
export const FLAG_COUNTS_KNOWN = 2;
const KNOWN_FLAGS = FLAG_RELEASES | FLAG_COUNTS_KNOWN;

/** Page sizes a stream may declare: powers of two from 1 byte to 1 GiB. */
export function isValidPageSize(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 1 << 30 && (n & (n - 1)) === 0;
}

export interface BinaryHeader {
  format: StreamFormat;
  pageSize: number;
  /** The stream may contain release records. */
  releases: boolean;
  /** Every record carries its process and thread (stream format id 3, taggedFormat.ts). */
  tagged?: boolean;
  /** Filled in by the writer when the file is not compressed; undefined when unknown. */
  pageCount?: number;
  records?: number;
}

export function encodeHeader(h: BinaryHeader): Uint8Array {
  const bytes = new Uint8Array(HEADER_BYTES);
  const view = new DataView(bytes.buffer);
  bytes.set(BINARY_MAGIC, 0);
  view.setUint16(4, BINARY_VERSION, true);
  view.setUint8(6, h.tagged ? TAGGED_FORMAT_ID : FORMAT_IDS[h.format]);
  const known = h.pageCount !== undefined && h.records !== undefined;
  view.setUint8(7, (h.releases ? FLAG_RELEASES : 0) | (known ? FLAG_COUNTS_KNOWN : 0));
  view.setUint32(8, h.pageSize, true);
  view.setUint32(12, known ? h.pageCount! : 0, true);
  view.setBigUint64(16, BigInt(known ? h.records! : 0), true);
  return bytes;
}

export function hasBinaryMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && BINARY_MAGIC.every((b, i) => bytes[i] === b);
}

export function decodeHeader(bytes: Uint8Array, file: string): BinaryHeader {
  if (!hasBinaryMagic(bytes)) {
    throw new InputError(file, 'byte 0', 'not a faultline stream: expected the magic "FLTS" or a text stream');
  }
  if (bytes.length < HEADER_BYTES) {
    throw new InputError(file, `byte ${bytes.length}`, `truncated header: expected ${HEADER_BYTES} bytes, found ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  const version = view.getUint16(4, true);
  if (version !== BINARY_VERSION) {
    throw new InputError(file, 'byte 4', `unknown format version ${version} (this faultline reads version ${BINARY_VERSION})`);
  }
  const id = view.getUint8(6);
  const tagged = id === TAGGED_FORMAT_ID;
  const format = tagged ? 'basic-named' : FORMAT_BY_ID[id];
  if (!format) throw new InputError(file, 'byte 6', `unknown stream format id ${id} (expected 1 basic, 2 basic-named or 3 tagged)`);
  const flags = view.getUint8(7);
  if (flags & ~KNOWN_FLAGS) throw new InputError(file, 'byte 7', `unknown flag bits 0x${(flags & ~KNOWN_FLAGS).toString(16)} (flags 0x${flags.toString(16)}; this faultline knows bits 0 and 1)`);
  const pageSize = view.getUint32(8, true);
  if (!isValidPageSize(pageSize)) throw new InputError(file, 'byte 8', `page size ${pageSize}: expected a power of two from 1 to 2^30`);
  const header: BinaryHeader = { format, pageSize, releases: (flags & FLAG_RELEASES) !== 0 };
  const countsFrom = flags & FLAG_COUNTS_KNOWN ? 24 : 12;
  for (let b = countsFrom; b < HEADER_BYTES; b++) {
    if (view.getUint8(b) !== 0) {
      throw new InputError(file, `byte ${b}`, `non-zero byte 0x${view.getUint8(b).toString(16)} where the header is reserved${countsFrom === 12 && b < 24 ? ' (the counts flag, bit 1 of byte 7, is clear)' : ''}: expected zero`);
    }
  }
  if (tagged) header.tagged = true;
  if (flags & FLAG_COUNTS_KNOWN) {
    header.pageCount = view.getUint32(12, true);
    const records = view.getBigUint64(16, true);
    if (records > BigInt(Number.MAX_SAFE_INTEGER)) throw new InputError(file, 'byte 16', `record count ${records} is beyond any file`);
    header.records = Number(records);
  }
  return header;
}

/** For each possible code byte, 1 when it is valid in a stream of the format (and releases allowed). */
export function validCodeTable(format: StreamFormat): Uint8Array {
  const table = new Uint8Array(256);
  for (let c = 0; c < 256; c++) table[c] = isValidCode(c, format) ? 1 : 0;
  return table;
}

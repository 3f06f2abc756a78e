/**
 * The text form of kernel-event records: `TAG cycle reftime FIELD…`, one record per line, fields
 * separated by a space, integers in lower-case hex without leading zeros, a file name (when the
 * tag has one) as the rest of the line after one space — it may contain spaces — and `@` records
 * ending with a space, as kVMTrace wrote them. On input, runs of spaces or tabs between numeric
 * fields, upper-case hex digits, trailing blanks, blank lines and `#` comment lines are accepted.
 */
import { InputError, quoteFound } from '../../traces/index.js';
import { HEX_VALUE } from '../../traces/bytes/hex.js';
import { hex, isFieldValue } from './hex.js';
import { FILE_TYPES, KERNEL_FIELDS, KERNEL_TAGS, hasFilename, isKernelTag, type KernelRecord, type KernelTag } from './kernelRecords.js';

const SPACE = 0x20;
const TAB = 0x09;
const HASH = 0x23;
const FILE_TYPE_CODES = new Set(FILE_TYPES.map((t) => t.charCodeAt(0)));

/** The layout of a tag's line, for error messages. */
export function kernelLineShape(tag: KernelTag): string {
  return [tag, 'cycle', 'reftime', ...KERNEL_FIELDS[tag]].join(' ');
}

const isBlank = (c: number | undefined): boolean => c === SPACE || c === TAB;

/**
 * Parses the line in bytes [start, end) (no newline). Returns undefined for a blank or comment
 * line; throws InputError naming `file` and `line` for anything malformed.
 */
export function parseKernelBytes(b: Uint8Array, start: number, end: number, file: string, line: number): KernelRecord | undefined {
  let i = start;
  while (i < end && isBlank(b[i])) i++;
  if (i === end || b[i] === HASH) return undefined;
  const fail = (detail: string): never => {
    throw new InputError(file, `line ${line}`, `${detail}; found ${quoteFound(Buffer.from(b.subarray(start, end)).toString('latin1'), 60)}`);
  };
  const tag = String.fromCharCode(b[i]!);
  i++;
  if (!isKernelTag(tag) || (i < end && !isBlank(b[i]))) {
    fail(`unknown record tag (expected one of ${KERNEL_TAGS.join(' ')})`);
  }
  const t = tag as KernelTag;
  const names = ['cycle', 'reftime', ...KERNEL_FIELDS[t]];
  const named = hasFilename(t);
  const wrongCount = (): never => fail(`wrong number of fields: expected "${kernelLineShape(t)}" (${names.length + 1} fields)`);
  const record: Record<string, string | number> = { tag: t };
  const numeric = named ? names.length - 1 : names.length;
  for (let f = 0; f < numeric; f++) {
    if (!isBlank(b[i]) || i >= end) wrongCount();
    while (i < end && isBlank(b[i])) i++;
    if (i === end) wrongCount();
    const s = i;
    while (i < end && !isBlank(b[i])) i++;
    const name = names[f]!;
    if (name === 'fileType') {
      if (i - s !== 1 || !FILE_TYPE_CODES.has(b[s]!)) fail(`field fileType must be one of ${FILE_TYPES.join(' ')}`);
      record[name] = String.fromCharCode(b[s]!);
      continue;
    }
    let v = 0;
    for (let k = s; k < i; k++) {
      const d = HEX_VALUE[b[k]!]!;
      if (d < 0) fail(`field ${name} is not a hexadecimal number`);
      v = v * 16 + d;
    }
    if (!Number.isSafeInteger(v)) fail(`field ${name} exceeds 2^53-1, the largest value faultline keeps exactly`);
    record[name] = v;
  }
  if (named) {
    if (i < end && !isBlank(b[i])) wrongCount();
    record.filename = i < end ? Buffer.from(b.subarray(i + 1, end)).toString('utf8') : '';
  } else {
    while (i < end && isBlank(b[i])) i++;
    if (i !== end) wrongCount();
  }
  return record as unknown as KernelRecord;
}

/** Parses one line of text (see parseKernelBytes). */
export function parseKernelLine(text: string, file = '<text>', line = 1): KernelRecord | undefined {
  const bytes = Buffer.from(text, 'utf8');
  return parseKernelBytes(bytes, 0, bytes.length, file, line);
}

/**
 * The record as one line, without the newline. Throws a RangeError naming the field when a value
 * cannot be written (not an integer in [0, 2^53 − 1], an unknown file type, a line break in a name).
 */
export function formatKernelRecord(r: KernelRecord): string {
  if (!isKernelTag(r.tag)) throw new RangeError(`unknown kernel record tag ${JSON.stringify(r.tag)}`);
  const fields = r as unknown as Record<string, unknown>;
  let out = r.tag;
  for (const name of ['cycle', 'reftime', ...KERNEL_FIELDS[r.tag]]) {
    const v = fields[name];
    if (name === 'filename') {
      if (typeof v !== 'string' || /[\r\n]/.test(v)) throw new RangeError(`field filename must be a string without line breaks, got ${JSON.stringify(v)}`);
      out += ' ' + v;
    } else if (name === 'fileType') {
      if (!FILE_TYPES.includes(v as never)) throw new RangeError(`field fileType must be one of ${FILE_TYPES.join(' ')}, got ${JSON.stringify(v)}`);
      out += ' ' + (v as string);
    } else {
      if (typeof v !== 'number' || !isFieldValue(v)) throw new RangeError(`field ${name} of a ${r.tag} record must be an integer in [0, 2^53-1], got ${String(v)}`);
      out += ' ' + hex(v);
    }
  }
  return r.tag === '@' ? out + ' ' : out;
}

/**
 * Which layout a reference trace has, decided from its first bytes (`--layout auto`):
 *
 * 1. Binary records have zero padding right after the tag byte, and text never contains a zero
 *    byte: a file whose first 4 bytes hold no zero byte (or an empty file) is text.
 * 2. Otherwise the first DETECT_SAMPLE_BYTES bytes are read as i386 (28-byte) records and as
 *    x86_64 (40-byte) records. A layout fits when the sample holds at least one complete record
 *    of it and every complete record starts with a tag byte (`r` `R` `w` `W`) followed by its zero
 *    padding (3 bytes for i386, 7 for x86_64).
 * 3. Exactly one layout fits: that one. Both fit (possible only for a tiny file or very unusual
 *    timestamps): when the whole file is in the sample and its length is a multiple of exactly one
 *    record size, that one; otherwise the user must say (--layout). Neither fits: not a trace.
 */
import { InputError } from '../../traces/index.js';
import { BINARY_LAYOUTS, IS_REFERENCE_TAG, type BinaryLayout, type ReferenceLayout } from './referenceRecords.js';

/** lcm(28, 40) × 16: 160 i386 records or 112 x86_64 records. */
export const DETECT_SAMPLE_BYTES = 4480;

function fits(sample: Uint8Array, layout: BinaryLayout): boolean {
  const n = Math.floor(sample.length / layout.size);
  if (n === 0) return false;
  for (let r = 0, o = 0; r < n; r++, o += layout.size) {
    if (!IS_REFERENCE_TAG[sample[o]!]) return false;
    for (let k = o + 1; k < o + layout.padEnd; k++) if (sample[k] !== 0) return false;
  }
  return true;
}

/**
 * The layout of a trace whose first bytes are `sample`; `whole` says the sample is the entire
 * (decompressed) file.
 */
export function detectReferenceLayout(sample: Uint8Array, whole: boolean, file: string): ReferenceLayout {
  if (!sample.subarray(0, 4).includes(0)) return 'text';
  const i386 = fits(sample, BINARY_LAYOUTS.i386);
  const x86 = fits(sample, BINARY_LAYOUTS.x86_64);
  if (i386 !== x86) return i386 ? 'i386' : 'x86_64';
  if (i386 && whole) {
    const i386Size = sample.length % BINARY_LAYOUTS.i386.size === 0;
    const x86Size = sample.length % BINARY_LAYOUTS.x86_64.size === 0;
    if (i386Size !== x86Size) return i386Size ? 'i386' : 'x86_64';
  }
  if (i386) {
    throw new InputError(file, 'byte 0', 'both binary layouts fit the first records (i386, 28 bytes, and x86_64, 40 bytes): name the layout (i386 or x86_64)');
  }
  throw new InputError(file, 'byte 0',
    'not a kVMTrace reference trace: the first bytes are neither text nor binary records (a tag r, R, w or W, then zero padding: 3 bytes for i386, 7 for x86_64); name the layout if the padding is not zero');
}

/**
 * Hexadecimal fields of kVMTrace's text records. Values are kept as JavaScript numbers, which are
 * exact up to 2^53 − 1: that covers every 32-bit field, x86_64 user addresses and page-table
 * contexts (52 bits), and cycle counters for 34 days of uptime at 3 GHz. A larger value is
 * refused rather than silently rounded.
 */

export const MAX_EXACT = Number.MAX_SAFE_INTEGER;

import { HEX_VALUE } from '../../traces/bytes/hex.js';

/** Lower-case hex without leading zeros (zero is `0`), as kVMTrace's `int_to_string` writes. */
export function hex(n: number): string {
  return n.toString(16);
}

/** True when `n` can be written as a field: an integer in [0, 2^53 − 1]. */
export function isFieldValue(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

/**
 * Parses bytes [s, e) as hex. Returns the value, -1 when a byte is not a hex digit (or the field is
 * empty), or -2 when the value exceeds 2^53 − 1.
 */
export function parseHex(b: Uint8Array, s: number, e: number): number {
  if (s >= e) return -1;
  let v = 0;
  for (let i = s; i < e; i++) {
    const d = HEX_VALUE[b[i]!]!;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v > MAX_EXACT ? -2 : v;
}

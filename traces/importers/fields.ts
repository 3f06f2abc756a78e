/**
 * Byte-level field parsing for the text importers: numbers are decoded straight from the bytes,
 * without making strings, and 64-bit values exactly as two 32-bit halves.
 */
import { HEX_VALUE } from '../bytes/hex.js';

export const SPACE = 0x20;
export const TAB = 0x09;
const ZERO = 0x30;
const X_LOWER = 0x78;
const X_UPPER = 0x58;
const TWO_32 = 0x100000000;
/** Digits that can never overflow 2⁵³ in the fast loops. */
const SAFE_DECIMAL_DIGITS = 15;
const SAFE_HEX_DIGITS = 13;

export function isBlankByte(c: number): boolean {
  return c === SPACE || c === TAB;
}

export function skipBlanks(b: Uint8Array, i: number, e: number): number {
  while (i < e && (b[i] === SPACE || b[i] === TAB)) i++;
  return i;
}

export function trimEnd(b: Uint8Array, s: number, e: number): number {
  while (e > s && (b[e - 1] === SPACE || b[e - 1] === TAB)) e--;
  return e;
}

/** An unsigned 64-bit value as two halves, filled in by the parsers below. */
export interface U64 {
  hi: number;
  lo: number;
}

/** Parses all of [s, e) as a decimal integer below 2⁵³; -1 if it is not one. */
export function decimalField(b: Uint8Array, s: number, e: number): number {
  if (s === e) return -1;
  while (e - s > 1 && b[s] === ZERO) s++;
  if (e - s > SAFE_DECIMAL_DIGITS + 1) return -1;
  let v = 0;
  for (let i = s; i < e; i++) {
    const d = b[i]! - ZERO;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v <= Number.MAX_SAFE_INTEGER ? v : -1;
}

/** Parses all of [s, e) as a decimal integer below 2⁶⁴ into `out`; false if it is not one. */
export function decimalU64Field(b: Uint8Array, s: number, e: number, out: U64): boolean {
  if (s === e) return false;
  let v = 0;
  let i = s;
  const fastEnd = Math.min(e, s + SAFE_DECIMAL_DIGITS);
  for (; i < fastEnd; i++) {
    const d = b[i]! - ZERO;
    if (d < 0 || d > 9) return false;
    v = v * 10 + d;
  }
  let hi = Math.floor(v / TWO_32);
  let lo = v - hi * TWO_32;
  for (; i < e; i++) {
    const d = b[i]! - ZERO;
    if (d < 0 || d > 9) return false;
    const low = lo * 10 + d;
    const carry = Math.floor(low / TWO_32);
    lo = low - carry * TWO_32;
    hi = hi * 10 + carry;
    if (hi >= TWO_32) return false;
  }
  out.hi = hi;
  out.lo = lo;
  return true;
}

/** Parses all of [s, e) as hexadecimal (optional 0x) below 2⁶⁴ into `out`; false if it is not one. */
export function hexU64Field(b: Uint8Array, s: number, e: number, out: U64): boolean {
  if (e - s > 2 && b[s] === ZERO && (b[s + 1] === X_LOWER || b[s + 1] === X_UPPER)) s += 2;
  if (s === e) return false;
  let v = 0;
  let i = s;
  const fastEnd = Math.min(e, s + SAFE_HEX_DIGITS);
  for (; i < fastEnd; i++) {
    const d = HEX_VALUE[b[i]!]!;
    if (d < 0) return false;
    v = v * 16 + d;
  }
  let hi = Math.floor(v / TWO_32);
  let lo = v - hi * TWO_32;
  for (; i < e; i++) {
    const d = HEX_VALUE[b[i]!]!;
    if (d < 0 || hi >= 0x10000000) return false;
    hi = ((hi << 4) | (lo >>> 28)) >>> 0;
    lo = ((lo << 4) | d) >>> 0;
  }
  out.hi = hi;
  out.lo = lo;
  return true;
}

/** The value of a U64 as a number when it is below 2⁵³, else -1. */
export function safeNumber(v: U64): number {
  return v.hi < 0x200000 ? v.hi * TWO_32 + v.lo : -1;
}

/** Splits [s, e) at every `delimiter` byte, trimming blanks around each field; returns the count (at most `starts.length`). */
export function splitFields(b: Uint8Array, s: number, e: number, delimiter: number, starts: Int32Array, ends: Int32Array): number {
  let n = 0;
  let i = s;
  for (;;) {
    let j = i;
    while (j < e && b[j] !== delimiter) j++;
    if (n === starts.length) return n + 1;
    starts[n] = skipBlanks(b, i, j);
    ends[n] = trimEnd(b, starts[n]!, j);
    n++;
    if (j === e) return n;
    i = j + 1;
  }
}

/** Splits [s, e) into runs of non-blank bytes; returns the count (at most `starts.length`, plus one if more). */
export function splitBlanks(b: Uint8Array, s: number, e: number, starts: Int32Array, ends: Int32Array): number {
  let n = 0;
  let i = skipBlanks(b, s, e);
  while (i < e) {
    if (n === starts.length) return n + 1;
    let j = i;
    while (j < e && b[j] !== SPACE && b[j] !== TAB) j++;
    starts[n] = i;
    ends[n] = j;
    n++;
    i = skipBlanks(b, j, e);
  }
  return n;
}

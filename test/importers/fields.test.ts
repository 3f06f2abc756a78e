/** The byte-level number parsers and the settings parser, against BigInt and hand-checked cases. */
import { describe, expect, it } from 'vitest';
import { decimalField, decimalU64Field, hexU64Field, type U64 } from '../../traces/importers/fields.js';
import { parseSettingsText } from '../../traces/importers/index.js';
import { randomInt, rng } from '../helpers/random.js';

const bytes = (s: string): Uint8Array => Buffer.from(s, 'latin1');
const TWO_64 = 1n << 64n;

function parsed(parse: (b: Uint8Array, s: number, e: number, out: U64) => boolean, text: string): bigint | undefined {
  const out: U64 = { hi: -1, lo: -1 };
  // Parse from the middle of a larger buffer, as the readers do.
  const b = bytes(`##${text}##`);
  return parse(b, 2, 2 + text.length, out) ? (BigInt(out.hi) << 32n) | BigInt(out.lo) : undefined;
}

describe('64-bit parsers agree with BigInt', () => {
  it('decimal: random digit strings of 1 to 22 digits, leading zeros included', () => {
    const r = rng(3);
    for (let i = 0; i < 20_000; i++) {
      const text = Array.from({ length: 1 + randomInt(r, 22) }, () => String(randomInt(r, 10))).join('');
      const value = BigInt(text);
      expect(parsed(decimalU64Field, text)).toBe(value < TWO_64 ? value : undefined);
    }
  });

  it('hexadecimal: random strings of 1 to 18 digits, either case, optional 0x', () => {
    const r = rng(4);
    for (let i = 0; i < 20_000; i++) {
      const digits = Array.from({ length: 1 + randomInt(r, 18) }, () => '0123456789abcdefABCDEF'[randomInt(r, 22)]).join('');
      const value = BigInt(`0x${digits}`);
      const text = randomInt(r, 3) === 0 ? `0x${digits}` : digits;
      expect(parsed(hexU64Field, text)).toBe(value < TWO_64 ? value : undefined);
    }
  });

  it('edges and refusals', () => {
    expect(parsed(decimalU64Field, '18446744073709551615')).toBe(TWO_64 - 1n);
    expect(parsed(decimalU64Field, '18446744073709551616')).toBeUndefined();
    expect(parsed(hexU64Field, 'ffffffffffffffff')).toBe(TWO_64 - 1n);
    expect(parsed(hexU64Field, '0x')).toBeUndefined();
    for (const bad of ['', '-1', '+1', '1 ', '1e3', '12a']) expect(parsed(decimalU64Field, bad)).toBeUndefined();
    for (const bad of ['', 'g', '0x-1', ' 1']) expect(parsed(hexU64Field, bad)).toBeUndefined();
  });

  it('decimalField: exact below 2^53, -1 from 2^53 on', () => {
    const f = (t: string): number => decimalField(bytes(t), 0, t.length);
    expect(f('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(f('9007199254740992')).toBe(-1);
    expect(f('0000000000000000000042')).toBe(42);
    expect(f('')).toBe(-1);
    expect(f('4x')).toBe(-1);
  });
});

describe('the bracket syntax', () => {
  it('values, switches, negated switches and blanks', () => {
    expect(parseSettingsText(' obj-id-col = 2 , has-header, no-instructions,delimiter=;')).toEqual({
      'obj-id-col': '2',
      'has-header': true,
      instructions: false,
      delimiter: ';',
    });
    expect(parseSettingsText('')).toEqual({});
  });

  it('unknown names, switches of valued settings and empty items are refused', () => {
    expect(() => parseSettingsText('pagesize=4096')).toThrow(/unknown import setting "pagesize"/);
    expect(() => parseSettingsText('no-page-size')).toThrow(/unknown import setting "no-page-size"/);
    expect(() => parseSettingsText('kind')).toThrow(/import setting kind needs a value/);
    expect(() => parseSettingsText('kind=a,,has-header')).toThrow(/unknown import setting ""/);
  });
});

/** The CLI's number formatting (integers without Intl) against Intl's en-US formatting, which it replaced. */
import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../cli/stdout.js';
import { randomInt, rng } from '../helpers/random.js';

const intl = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 4 });

describe('formatNumber', () => {
  it('groups thousands and keeps at most four decimals', () => {
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(999)).toBe('999');
    expect(formatNumber(1000)).toBe('1,000');
    expect(formatNumber(-1234567)).toBe('-1,234,567');
    expect(formatNumber(1234.56789)).toBe('1,234.5679');
    expect(formatNumber(-0)).toBe('0');
    expect(formatNumber(Infinity)).toBe('Infinity');
    expect(formatNumber(NaN)).toBe('NaN');
  });

  it('writes what Intl writes, for seeded random integers (and fractions) of every magnitude', () => {
    const r = rng(21);
    for (let i = 0; i < 20000; i++) {
      const magnitude = 10 ** randomInt(r, 20);
      const sign = r() < 0.2 ? -1 : 1;
      // Every tenth a fraction (through Intl), the rest integers; -0 is written 0, not as Intl's -0.
      const n = i % 10 === 0 ? sign * r() * magnitude : sign * Math.floor(r() * magnitude) || 0;
      expect(formatNumber(n), String(n)).toBe(intl(n));
    }
  });
});

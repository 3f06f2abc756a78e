/** The run plan every driver shares: typed sizes and warm-ups are taken as given, not re-read as text. */
import { describe, expect, it } from 'vitest';
import { CountingStart, parseWarmup, planLoadedRun, planRun, resolveSizes, traceFromRecords } from '../../index.js';

const ctx = { footprint: 1000, pageSize: 4096 };

describe('planRun', () => {
  it('takes numbers as frames and refuses fractional frames instead of reading 2.5 as a fraction', () => {
    expect(resolveSizes([100, 1, 100, 7], ctx)).toEqual([1, 7, 100]);
    expect(() => resolveSizes([1, 2.5, 100], ctx)).toThrow(/bad memory size 2.5: a number of frames must be a whole number/);
    expect(() => resolveSizes([0], ctx)).toThrow(/bad memory size 0/);
    // Text keeps the user syntax: 25% of 1000 pages, 64KiB of 4 KiB pages.
    expect(resolveSizes([3, '25%', '64KiB'], ctx)).toEqual([3, 16, 250]);
    expect(resolveSizes('0.5', ctx)).toEqual([500]);
    expect(planRun({ pages: 1000, pageSize: 4096, references: 10 }, { sizes: [1e21] }).sizes).toEqual([1e21]);
  });

  it('reads a typed warm-up as a count or a fraction without printing it', () => {
    expect(parseWarmup(1e21, 1000)).toBe(1000);
    expect(parseWarmup(250, 1000)).toBe(250);
    expect(parseWarmup(0.25, 1000)).toBe(250);
    expect(() => parseWarmup(1.5, 1000)).toThrow(/bad warm-up 1.5/);
    expect(() => parseWarmup(-2, 1000)).toThrow(/bad warm-up -2/);
  });

  it('finds the counting start and the floor the same way whole or in chunks', () => {
    // Records: r0 r1 x0 r2 r0 r3 r1 r4 (x = release). Warm-up 3 references: counting starts after r2
    // (record 4); pages first seen from there on: 3 and 4, so the floor is 2.
    const trace = traceFromRecords({ name: 't', format: 'basic', pageSize: 4096 }, [0, 1, 0, 2, 0, 3, 1, 4], [0, 0, 4, 0, 0, 0, 0, 0]);
    const plan = planLoadedRun(trace, { warmup: 3, sizes: [2] });
    expect(plan).toEqual({ sizes: [2], warmupReferences: 3, warmupRecords: 4, compulsoryFloor: 2 });
    const start = new CountingStart(3);
    expect(start.scan(trace.pages.subarray(0, 3), trace.codes.subarray(0, 3), 3)).toBe(4);
    expect(start.scan(trace.pages.subarray(3), trace.codes.subarray(3), 5)).toBe(1);
    expect([start.record, start.floor]).toEqual([4, 2]);
  });
});

/** The run plan every driver shares: typed sizes and warm-ups are taken as given, not re-read as text. */
import { describe, expect, it } from 'vitest';
import { KIND_SHIFT } from '../../traces/operations.js';
import { KIND_ANON, KIND_FILE, RELEASE_BIT, parseWarmup, planLoadedRun, planRun, resolveSizes, RunTally, traceFromRecords } from '../../index.js';
import { randomTrace } from '../helpers/randomStreams.js';

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
    expect(() => parseWarmup(1e21, 1000)).toThrow(/the trace has only 1000, nothing would be counted/);
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
    expect(plan).toEqual({ sizes: [2], warmupReferences: 3, warmupRecords: 4, compulsoryFloor: 2, anonPages: 0, filePages: 0 });
    const tally = new RunTally(trace.pageCount, 3);
    expect(tally.scan(trace.pages.subarray(0, 3), trace.codes.subarray(0, 3), 3)).toBe(4);
    expect(tally.scan(trace.pages.subarray(3), trace.codes.subarray(3), 5)).toBe(1);
    expect([tally.record, tally.floor, tally.references, tally.releases, tally.next, tally.dense]).toEqual([4, 2, 7, 1, 5, true]);
  });

  it('sees pages that are not dense in first-appearance order', () => {
    const tally = new RunTally(10, 0);
    tally.scan(Uint32Array.of(0, 1, 0, 2), new Uint8Array(4), 4);
    expect(tally.dense).toBe(true);
    tally.scan(Uint32Array.of(4, 3), new Uint8Array(2), 2);
    expect(tally.dense).toBe(false);
  });

  for (const seed of [1, 2, 3, 4]) {
    it(`counts in chunks what a brute-force pass over the whole trace finds (seed ${seed})`, () => {
      const trace = randomTrace(seed, { length: 5000, universe: 800, named: seed % 2 === 0, releaseRate: 0.05 });
      for (const warmup of [0, 1, 777, trace.references - 1]) {
        const plan = planLoadedRun(trace, { warmup, sizes: [10] });
        const tally = new RunTally(trace.pageCount, warmup);
        for (let at = 0; at < trace.length; at += 333) {
          const n = Math.min(333, trace.length - at);
          tally.scan(trace.pages.subarray(at, at + n), trace.codes.subarray(at, at + n), n);
        }
        // Brute force: counting starts after the warmup-th reference; the floor is the pages first
        // referenced from there on; pages by the kind of their last reference, releases aside.
        let references = 0;
        let start = warmup === 0 ? 0 : trace.length;
        for (let i = 0; i < trace.length && start === trace.length; i++) if (!(trace.codes[i]! & RELEASE_BIT) && ++references === warmup) start = i + 1;
        const firstSeen = new Map<number, number>();
        const last = new Map<number, number>();
        for (let i = 0; i < trace.length; i++) {
          if (trace.codes[i]! & RELEASE_BIT) continue;
          if (!firstSeen.has(trace.pages[i]!)) firstSeen.set(trace.pages[i]!, i);
          last.set(trace.pages[i]!, trace.codes[i]! >> KIND_SHIFT);
        }
        const count = (kind: number): number => [...last.values()].filter((k) => k === kind).length;
        const floor = [...firstSeen.values()].filter((i) => i >= start).length;
        const expected = { sizes: [10], warmupReferences: warmup, warmupRecords: start, compulsoryFloor: floor, anonPages: count(KIND_ANON), filePages: count(KIND_FILE) };
        expect(plan, `warm-up ${warmup}`).toEqual(expected);
        expect({ ...plan, warmupRecords: tally.warmupRecords, compulsoryFloor: tally.floor, ...tally.pagesByKind() }).toEqual(expected);
        expect([tally.references, tally.releases, tally.next, tally.dense]).toEqual([trace.references, trace.releases, trace.pageCount, true]);
      }
    });
  }
});

/**
 * The reference filter: hand-checked cases (tags, order, deletion, flush, CLOCK's second chance,
 * the window it needs), and a differential test against a naive list-based EVMS written from
 * docs/workloads.md's "The reference filter" on seeded random operation sequences.
 */
import { describe, expect, it } from 'vitest';
import type { ReferenceTag } from '../../merger/index.js';
import { LatenessMeter } from '../../workloads/latenessMeter.js';
import { ReferenceFilter, type ReferenceFilterOptions } from '../../workloads/referenceFilter.js';
import { randomInt, rng } from '../helpers/random.js';
import { NaiveFilter, naiveWindow } from '../reference/evms.js';

interface Out {
  tag: ReferenceTag;
  cycle: number;
  context: number;
  vpn: number;
  token: number;
}

function filterWith(options: ReferenceFilterOptions): { f: ReferenceFilter; out: Out[]; text: () => string } {
  const out: Out[] = [];
  const f = new ReferenceFilter(options, (tag, cycle, _reftime, context, vpn, token) => out.push({ tag, cycle, context, vpn, token }));
  return { f, out, text: () => out.map((o) => `${o.tag}${o.vpn}@${o.cycle}`).join(' ') };
}

describe('reference filter: hand-checked', () => {
  it('FIFO/FIFO: records leave in insertion order with the first reference stamps', () => {
    const { f, text } = filterWith({ segment0: 2, segment1: 2 });
    f.reference(1, 10, false, 100, 1);
    f.reference(1, 11, false, 101, 2);
    f.reference(1, 10, true, 102, 3); // in segment 0: dirty, no multiple
    f.reference(1, 12, false, 103, 4); // 10 → segment 1
    f.reference(1, 10, false, 104, 5); // in segment 1: multiple
    f.reference(1, 13, false, 105, 6); // 11 → segment 1
    expect(text()).toBe('');
    f.reference(1, 14, false, 106, 7); // 12 → seg 1, 10 leaves
    expect(text()).toBe('W10@100');
    f.flush();
    expect(text()).toBe('W10@100 r11@101 r12@103 r13@105 r14@106');
  });

  it('tags from (multiple, dirty): a write in segment 1 alone is w-multiple; a read there after a write in segment 0 is W', () => {
    const { f, out } = filterWith({ segment0: 1, segment1: 4 });
    f.reference(1, 1, false, 1, 0); // r: never touched again
    f.reference(1, 2, false, 2, 0); // 1 → seg 1
    f.reference(1, 2, false, 3, 0); // seg 0 re-reference: not multiple
    f.reference(1, 3, true, 4, 0); // 2 → seg 1
    f.reference(1, 4, false, 5, 0); // 3 → seg 1
    f.reference(1, 3, false, 6, 0); // seg 1 read of a page written in seg 0: W
    f.reference(1, 5, false, 7, 0); // 4 → seg 1
    f.reference(1, 4, true, 8, 0); // seg 1 write: W
    f.flush();
    expect(out.map((o) => `${o.vpn}${o.tag}`).join(' ')).toBe('1r 2r 3W 4W 5r');
  });

  it('a page is keyed by context: the same vpn in two contexts is two entries', () => {
    const { f, out } = filterWith({ segment0: 4, segment1: 0 });
    expect(f.reference(1, 7, false, 1, 0, 11)).toBe(true);
    expect(f.reference(2, 7, true, 2, 0, 22)).toBe(true);
    expect(f.reference(1, 7, true, 3, 0, 33)).toBe(false);
    f.flush();
    expect(out).toEqual([
      { tag: 'w', cycle: 1, context: 1, vpn: 7, token: 11 },
      { tag: 'w', cycle: 2, context: 2, vpn: 7, token: 22 },
    ]);
  });

  it('a deleted entry keeps its place and bits; the next reference inserts a new entry', () => {
    const { f, text } = filterWith({ segment0: 2, segment1: 2 });
    f.reference(1, 10, true, 100, 0);
    f.reference(1, 11, false, 101, 0);
    f.delete(1, 10);
    expect(f.has(1, 10)).toBe(false);
    f.reference(1, 10, false, 102, 0); // new entry after COW: a second record
    f.reference(1, 10, true, 103, 0); // bits of the new entry only
    f.flush();
    expect(text()).toBe('w10@100 r11@101 w10@102');
  });

  it('deleteRange and deleteContext freeze exactly the pages named', () => {
    const { f } = filterWith({ segment0: 8, segment1: 8 });
    for (let v = 0; v < 6; v++) f.reference(1, v, false, v, 0);
    f.reference(2, 3, false, 10, 0);
    f.deleteRange(1, 2, 4);
    expect([0, 1, 2, 3, 4, 5].map((v) => f.has(1, v))).toEqual([true, true, false, false, true, true]);
    expect(f.has(2, 3)).toBe(true);
    f.deleteContext(1);
    expect([0, 1, 4, 5].some((v) => f.has(1, v))).toBe(false);
    expect(f.has(2, 3)).toBe(true);
    expect(f.resident).toBe(7); // deleted entries still wait for their eviction
  });

  it('CLOCK gives a second chance, so its records come out of order by a measured window', () => {
    const { f, text } = filterWith({ segment0: 1, segment1: 2, policy: 'clock' });
    f.reference(1, 1, false, 1, 0);
    f.reference(1, 2, false, 2, 0); // 1 → seg 1
    f.reference(1, 3, false, 3, 0); // 2 → seg 1 (full: [1, 2])
    f.reference(1, 1, false, 4, 0); // 1 referenced in seg 1
    f.reference(1, 4, false, 5, 0); // 3 → seg 1: hand skips 1 (bit cleared), evicts 2
    expect(text()).toBe('r2@2');
    f.reference(1, 5, false, 6, 0); // 4 → seg 1: hand at 1 (clear now): evicts 1
    expect(text()).toBe('r2@2 R1@1');
    expect(f.requiredWindow).toBe(1);
    f.flush();
    expect(text()).toBe('r2@2 R1@1 r3@3 r4@5 r5@6');
  });

  it('segment0 = 0 passes every reference through at once', () => {
    const { f, text } = filterWith({ segment0: 0, segment1: 100 });
    f.reference(1, 5, false, 1, 0);
    f.reference(1, 5, true, 2, 0);
    expect(text()).toBe('r5@1 w5@2');
    expect(f.resident).toBe(0);
  });

  it('refuses impossible sizes and policies', () => {
    expect(() => new ReferenceFilter({ segment0: -1, segment1: 4 }, () => {})).toThrow(/segment0/);
    expect(() => new ReferenceFilter({ segment0: 2, segment1: 1.5 }, () => {})).toThrow(/segment1/);
    expect(() => new ReferenceFilter({ segment0: 2, segment1: 2, policy: 'lru' as 'fifo' }, () => {})).toThrow(/policy/);
  });
});

describe('reference filter = naive EVMS on random operations', () => {
  it('600 seeded runs over FIFO and CLOCK, sizes from 1 to 12, with deletions and flushes', () => {
    let records = 0;
    let outOfOrder = 0;
    for (let seed = 1; seed <= 600; seed++) {
      const r = rng(seed);
      const n0 = 1 + randomInt(r, 4);
      const n1 = randomInt(r, 9);
      const clock = seed % 2 === 0;
      const naive = new NaiveFilter(n0, n1, clock);
      const { f, out } = filterWith({ segment0: n0, segment1: n1, policy: clock ? 'clock' : 'fifo' });
      const pages = 2 + randomInt(r, 20);
      for (let step = 0; step < 400; step++) {
        const x = r();
        const c = 1 + randomInt(r, 2);
        const v = randomInt(r, pages) * 0x100001 + (c === 2 ? 2 ** 40 : 0); // spread keys, 64-bit values
        if (x < 0.85) {
          const write = r() < 0.3;
          f.reference(c, v, write, step, 0);
          naive.reference(c, v, write, step);
        } else if (x < 0.93) {
          f.delete(c, v);
          naive.delete((e) => e.c === c && e.v === v);
        } else if (x < 0.97) {
          const end = v + randomInt(r, 5) * 0x100001;
          f.deleteRange(c, v, end);
          naive.delete((e) => e.c === c && e.v >= v && e.v < end);
        } else if (x < 0.99) {
          f.deleteContext(c);
          naive.delete((e) => e.c === c);
        } else {
          f.flush();
          naive.flush();
        }
      }
      f.flush();
      naive.flush();
      const actual = out.map((o) => `${o.tag} ${o.context}:${o.vpn}@${o.cycle}`);
      expect(actual, `seed ${seed}`).toEqual(naive.out);
      expect(f.requiredWindow, `seed ${seed}`).toBe(naiveWindow(naive.serials));
      records += actual.length;
      if (f.requiredWindow > 0) outOfOrder++;
      expect(f.resident).toBe(0);
    }
    expect(records).toBeGreaterThan(100_000);
    expect(outOfOrder).toBeGreaterThan(100); // CLOCK runs really reorder
  });

  it('deleteRange over more pages than the filter holds takes the scanning path, same result', () => {
    const { f } = filterWith({ segment0: 2, segment1: 2 });
    for (let v = 0; v < 4; v++) f.reference(1, v * 1000, false, v, 0);
    f.deleteRange(1, 1000, 3001);
    expect([0, 1000, 2000, 3000].map((v) => f.has(1, v))).toEqual([true, false, false, false]);
  });
});

describe('lateness meter', () => {
  it('equals the brute-force count on random locally shuffled sequences, across rebases', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const r = rng(seed);
      const n = 3000 + randomInt(r, 3000);
      const order = Array.from({ length: n }, (_, i) => i);
      const spread = 1 + randomInt(r, 2500);
      for (let i = 0; i < n; i++) {
        const j = Math.min(n - 1, i + randomInt(r, spread));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      const meter = new LatenessMeter();
      order.forEach((s) => meter.record(s));
      expect(meter.worst, `seed ${seed}`).toBe(naiveWindow(order));
    }
  });
});

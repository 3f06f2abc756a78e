import { describe, expect, it } from 'vitest';
import { kneeIndex } from '../../reports/knee.js';
import { crossings, keyNumbers, memoryNearOpt, optFaultsAt, type NearOpt } from '../../reports/keyNumbers.js';
import { optSeries, seriesOf, type Series } from '../../reports/series.js';
import { rng } from '../helpers/random.js';
import { handExample, makeResults } from './resultsBuilder.js';

/** Obviously correct: perpendicular distance to the chord of the normalised points, below it only. */
function referenceKnee(xs: number[], ys: number[]): number | undefined {
  if (xs.length < 3) return undefined;
  const yMin = Math.min(...ys);
  const ySpan = Math.max(...ys) - yMin;
  if (ySpan === 0) return undefined;
  const p = xs.map((x, i) => [(x - xs[0]!) / (xs[xs.length - 1]! - xs[0]!), (ys[i]! - yMin) / ySpan] as const);
  const [ax, ay] = p[0]!;
  const [bx, by] = p[p.length - 1]!;
  let best: number | undefined;
  let bestD = 0;
  for (let i = 1; i < p.length - 1; i++) {
    const [x, y] = p[i]!;
    // Signed: positive below the chord (cross product of chord direction and point offset).
    const d = ((bx - ax) * (ay - y) - (by - ay) * (ax - x)) / Math.hypot(bx - ax, by - ay);
    if (d > bestD + 1e-9) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

describe('kneeIndex', () => {
  it('finds the hand-computed knee', () => {
    // Normalised: x 0, .25, .5, .75, 1; y 1, .333, .111, .056, 0; below the chord 1 − x by 0, .417, .389, .194, 0.
    expect(kneeIndex([1, 2, 3, 4, 5], [100, 40, 20, 15, 10])).toBe(1);
    // A cliff: flat, then a drop to the floor at 6 → the knee is the first point after the drop.
    expect(kneeIndex([1, 2, 3, 4, 5, 6, 7, 8], [90, 90, 89, 89, 88, 10, 10, 10])).toBe(5);
  });

  it('has no knee with fewer than three points, a flat curve or a concave one', () => {
    expect(kneeIndex([1, 2], [10, 5])).toBeUndefined();
    expect(kneeIndex([1, 2, 3], [7, 7, 7])).toBeUndefined();
    expect(kneeIndex([1, 2, 3, 4], [100, 99, 95, 0])).toBeUndefined();
    expect(kneeIndex([1, 2, 3], [10, 5, 0])).toBeUndefined();
  });

  it('uses memory on a linear scale: uneven sizes move the knee', () => {
    // The same faults at 1, 2, 4, 8, 16 frames: normalised x 0, 1/15, 3/15, 7/15, 1.
    // y' = 1, .5, .125, 0, 0 → below the chord by .433, .675, .533 → index 2.
    expect(kneeIndex([1, 2, 4, 8, 16], [100, 60, 30, 20, 20])).toBe(2);
  });

  it('agrees with the perpendicular-distance definition on random curves', () => {
    const r = rng(4);
    for (let trial = 0; trial < 500; trial++) {
      const n = 2 + Math.floor(r() * 12);
      const xs: number[] = [];
      let x = 0;
      for (let i = 0; i < n; i++) xs.push((x += 1 + Math.floor(r() * 50)));
      let y = 1000 + Math.floor(r() * 1000);
      const ys = xs.map(() => (y = Math.max(0, y - Math.floor(r() * 300) + (r() < 0.1 ? 100 : 0))));
      expect(kneeIndex(xs, ys), JSON.stringify({ xs, ys })).toBe(referenceKnee(xs, ys));
    }
  });
});

describe('key numbers of the hand example', () => {
  const series = seriesOf(handExample());
  const find = (label: string, mode = 'unified'): Series => series.find((s) => s.label === label && s.mode === mode)!;
  const rows = keyNumbers(series, { footprint: 20 });
  const row = (label: string, mode = 'unified'): (typeof rows)[number] => rows.find((r) => r.label === label && r.mode === mode)!;
  const near = (label: string, factor: number, mode = 'unified'): NearOpt => row(label, mode).nearOpt!.find((n) => n.factor === factor)!;

  it('knees, worked by hand in resultsBuilder.ts', () => {
    // lru 100,50,24,16,12: y' = 1,.432,.136,.045,0, below 1 − x by .318,.364,.205 → 12 frames.
    expect(row('lru').knee).toEqual({ frames: 12, faults: 24 });
    // opt 60,30,20,15,12: y' = 1,.375,.167,.063,0 → .375,.333,.188 → 8 frames.
    expect(row('opt').knee).toEqual({ frames: 8, faults: 30 });
    // fifo 110,70,40,17,13: y' = 1,.588,.278,.041,0 → .162,.222,.209 → 12 frames.
    expect(row('fifo').knee).toEqual({ frames: 12, faults: 40 });
    // ws at 3.5, 7.25, 11 frames, faults 90, 40, 22: x' = 0,.5,1; y' = 1,.265,0 → 7.25 frames.
    expect(row('ws').knee).toEqual({ frames: 7.25, faults: 40 });
    // partitioned lru, best split: 55, 30, 18 at 8, 12, 16 → y' = 1,.324,0 → 12 frames.
    expect(row('lru', 'partitioned').knee).toEqual({ frames: 12, faults: 30 });
  });

  it('memory for 1.1× and 1.5× OPT, interpolated on log memory, worked by hand', () => {
    // lru/opt at 4…20 frames: 100/60, 50/30, 24/20, 16/15, 12/12 = 1.667, 1.667, 1.2, 1.067, 1.
    // 1.1×: above at 12 (1.2), within from 16 (1.067): t = (1.2 − 1.1) / (1.2 − 16/15) = 0.75 of the
    // way from log₂ 12 to log₂ 16 → 12 × (16/12)^0.75 = 14.89 frames.
    expect(near('lru', 1.1).frames).toBeCloseTo(12 * (16 / 12) ** 0.75, 9);
    // 1.5×: above at 8 (5/3), within from 12 (1.2): t = (5/3 − 1.5) / (5/3 − 1.2) = 5/14 → 8 × 1.5^(5/14) = 9.25.
    expect(near('lru', 1.5).frames).toBeCloseTo(8 * 1.5 ** (5 / 14), 9);
    // fifo: 110/60, 70/30, 40/20, 17/15, 13/12 = 1.833, 2.333, 2, 1.133, 1.083.
    // 1.1×: t = (17/15 − 1.1) / (17/15 − 13/12) = 2/3 from 16 to 20 → 16 × 1.25^(2/3) = 18.57.
    expect(near('fifo', 1.1).frames).toBeCloseTo(16 * 1.25 ** (2 / 3), 9);
    // 1.5×: t = (2 − 1.5) / (2 − 17/15) = 15/26 from 12 to 16 → 12 × (4/3)^(15/26) = 14.17.
    expect(near('fifo', 1.5).frames).toBeCloseTo(12 * (4 / 3) ** (15 / 26), 9);
    // segq: 22/20 is exactly 1.1 (within, despite rounding) after 45/30 = 1.5 above → t = 1 → 12 frames;
    // 1.5×: 90/60 = 1.5 at the smallest size → within from the start.
    expect(near('segq', 1.1)).toEqual({ factor: 1.1, frames: 12, atSmallest: false });
    expect(near('segq', 1.5)).toEqual({ factor: 1.5, frames: 4, atSmallest: true });
    // partitioned lru against partitioned OPT: 55/40, 30/25, 18/16 = 1.375, 1.2, 1.125 → 1.1× never.
    expect(near('lru', 1.1, 'partitioned')).toEqual({ factor: 1.1, frames: null, atSmallest: false });
    expect(row('opt').nearOpt).toBeUndefined();
  });

  it('the mean gap to OPT over log₂ memory, worked by hand', () => {
    // lru − 1: 2/3, 2/3, 0.2, 1/15, 0 at log₂ 4, 8, 12, 16, 20 = 2, 3, 3.585, 4, 4.322. Trapezoids:
    // (2/3 + 2/3)/2 × 1 + (2/3 + 0.2)/2 × log₂ 1.5 + (0.2 + 1/15)/2 × log₂ (4/3) + (1/15)/2 × log₂ 1.25,
    // over log₂ 20 − 2 = 2.322 → 0.4247.
    const area = 2 / 3 + ((2 / 3 + 0.2) / 2) * Math.log2(1.5) + ((0.2 + 1 / 15) / 2) * Math.log2(4 / 3) + (1 / 15 / 2) * Math.log2(1.25);
    expect(row('lru').optGap).toBeCloseTo(area / (Math.log2(20) - 2), 12);
    expect(row('lru').optGap).toBeCloseTo(0.4247, 4);
    expect(row('opt').optGap).toBeUndefined();
  });

  it('improvement over LRU and FIFO at fractions of the footprint, worked by hand', () => {
    // Footprint 20 pages: 10% = 2 → nearest size 4; 25% = 5 → 4 (ln 1.25 < ln 1.6); 50% = 10 → 12 (ln 1.2 < ln 1.25).
    const segq = row('segq').versus!;
    expect(segq.map((v) => v.frames)).toEqual([4, 4, 12]);
    // At 4: segq 90, lru 100, fifo 110 → 1 − 90/100 = 10%, 1 − 90/110 = 18.2%. At 12: 22 against 24 and 40.
    expect(segq[0]!.improvement.lru).toBeCloseTo(0.1, 12);
    expect(segq[0]!.improvement.fifo).toBeCloseTo(1 - 90 / 110, 12);
    expect(segq[2]!.improvement.lru).toBeCloseTo(1 - 22 / 24, 12);
    expect(segq[2]!.improvement.fifo).toBeCloseTo(0.45, 12);
    // Partitioned lru: no partitioned FIFO ran; its own sizes start at 8, the nearest to 2 and 5.
    const part = row('lru', 'partitioned').versus!;
    expect(part.map((v) => v.frames)).toEqual([8, 8, 12]);
    expect(part[0]!.improvement).toEqual({ lru: 0 });
    expect(row('ws').versus).toBeUndefined();
  });

  it('OPT at sizes between and outside its measured ones', () => {
    const opt = optSeries(series, 'unified')!;
    expect(optFaultsAt(opt, 8)).toBe(30);
    expect(optFaultsAt(opt, 10)).toBe(25);
    expect(optFaultsAt(opt, 3)).toBeUndefined();
    expect(optFaultsAt(opt, 21)).toBeUndefined();
    expect(memoryNearOpt(find('lru'), opt, 1.5)!.frames).toBeCloseTo(9.2465, 3);
  });

  it('a policy that dips within OPT and out again needs the memory from which it stays within', () => {
    const s = seriesOf(
      makeResults({
        references: 100,
        pages: 10,
        compulsoryFloor: 5,
        runs: [
          ...[10, 20, 30, 40].map((frames, i) => ({ policy: 'opt', frames, faults: [40, 20, 10, 5][i]! })),
          ...[10, 20, 30, 40].map((frames, i) => ({ policy: 'fifo', frames, faults: [42, 30, 11, 5][i]! })),
        ],
      }),
    );
    // Ratios 1.05 (within), 1.5, 1.1, 1 → within 1.1× from between 20 and 30: t = (1.5 − 1.1)/(1.5 − 1.1) = 1 → 30.
    const near = keyNumbers(s, { footprint: 10 }).find((r) => r.label === 'fifo')!.nearOpt![0]!;
    expect(near.frames).toBeCloseTo(30, 9);
    expect(near.atSmallest).toBe(false);
  });
});

describe('crossings', () => {
  it('finds where two curves change order, interpolated on log₂ memory, worked by hand', () => {
    const sizes = [1, 2, 4, 8];
    const s = seriesOf(
      makeResults({
        references: 100,
        pages: 8,
        compulsoryFloor: 1,
        runs: [
          ...sizes.map((frames, i) => ({ policy: 'lru', frames, faults: [10, 8, 4, 2][i]! })),
          ...sizes.map((frames, i) => ({ policy: 'fifo', frames, faults: [12, 7, 5, 2][i]! })),
        ],
      }),
    );
    // lru − fifo = −2, +1, −1, 0 (the tie at 8 is skipped).
    // 1→2: t = −2 / (−2 − 1) = 2/3 → 2^(2/3) = 1.587 frames; lru has fewer faults below.
    // 2→4: t = 1 / (1 + 1) = 1/2 → 2^1.5 = 2.828 frames; fifo has fewer faults below.
    const c = crossings(s);
    expect(c.map(({ a, b, from, to }) => ({ a, b, from, to }))).toEqual([
      { a: 'lru', b: 'fifo', from: 1, to: 2 },
      { a: 'fifo', b: 'lru', from: 2, to: 4 },
    ]);
    expect(c[0]!.frames).toBeCloseTo(2 ** (2 / 3), 12);
    expect(c[1]!.frames).toBeCloseTo(2 ** 1.5, 12);
    expect(crossings(seriesOf(handExample()))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { kneeIndex } from '../../reports/knee.js';
import { keyNumbers, memoryNearOpt, optFaultsAt } from '../../reports/keyNumbers.js';
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
  const rows = keyNumbers(series);
  const row = (label: string, mode = 'unified'): (typeof rows)[number] => rows.find((r) => r.label === label && r.mode === mode)!;

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

  it('memory within 10% of OPT, worked by hand', () => {
    // lru/opt: 100/60, 50/30, 24/20 = 1.2, then 16/15 and 12/12 within → from 16 frames.
    expect(row('lru').nearOpt).toEqual({ frames: 16, largestCompared: 20 });
    // fifo: 17/15 = 1.13 at 16 frames, 13/12 = 1.08 at 20 → from 20.
    expect(row('fifo').nearOpt).toEqual({ frames: 20, largestCompared: 20 });
    // segq: 22/20 is exactly 10% more than OPT, which counts as within → from 12.
    expect(row('segq').nearOpt).toEqual({ frames: 12, largestCompared: 20 });
    // ws at 7.25: OPT interpolated 60 − .8125 × 30 = 35.625, 40 > 39.19; at 11: 22.5, 22 ≤ 24.75; 3.5 is outside OPT's range.
    expect(row('ws').nearOpt).toEqual({ frames: 11, largestCompared: 11 });
    // partitioned lru against partitioned OPT: 55/40, 30/25, 18/16 = 1.125 → never.
    expect(row('lru', 'partitioned').nearOpt).toEqual({ frames: undefined, largestCompared: 16 });
    expect(row('opt').nearOpt).toBeUndefined();
  });

  it('OPT at sizes between and outside its measured ones', () => {
    const opt = optSeries(series, 'unified')!;
    expect(optFaultsAt(opt, 8)).toBe(30);
    expect(optFaultsAt(opt, 10)).toBe(25);
    expect(optFaultsAt(opt, 3)).toBeUndefined();
    expect(optFaultsAt(opt, 21)).toBeUndefined();
    expect(memoryNearOpt(find('lru'), opt, 0.5)).toEqual({ frames: 12, largestCompared: 20 });
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
    expect(keyNumbers(s).find((r) => r.label === 'fifo')!.nearOpt).toEqual({ frames: 30, largestCompared: 40 });
  });
});

import { describe, expect, it } from 'vitest';
import { ReorderWindow } from '../../merger/reorderWindow.js';
import { randomInt, rng } from '../helpers/random.js';

describe('ReorderWindow', () => {
  it('puts records displaced by at most W back in (cycle, arrival) order, like a stable sort', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const r = rng(seed);
      const window = randomInt(r, 40);
      const n = 2000;
      // sorted cycles with many ties, then each record delayed by at most `window` positions
      const sorted: number[] = [];
      for (let i = 0, c = 0; i < n; i++) sorted.push((c += randomInt(r, 3)));
      const arrival = sorted.map((c, i) => ({ c, key: i + (r() < 0.3 ? randomInt(r, window + 1) : 0) }));
      arrival.sort((a, b) => a.key - b.key);
      const win = new ReorderWindow(window + 1);
      const out: [number, number][] = [];
      const popOne = (): void => {
        const slot = win.pop();
        out.push([win.cycles[slot]!, win.records[slot]!]);
      };
      arrival.forEach((a, i) => {
        win.push(0x72, a.c, 0, 0, 0, i + 1, 0);
        if (win.size > window) popOne();
      });
      while (win.size > 0) popOne();
      const expected = arrival.map((a, i): [number, number] => [a.c, i + 1]).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
      expect(out, `seed ${seed}`).toEqual(expected);
    }
  });
});

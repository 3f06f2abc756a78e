import { describe, expect, it } from 'vitest';
import { PageTable } from '../../merger/state/pageTable.js';
import { randomInt, rng } from '../helpers/random.js';

describe('PageTable', () => {
  it('behaves as a Map on random operations, with vpns near leaf edges and beyond 32 bits', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const r = rng(seed);
      const bases = [0, 1000, 2 ** 20 - 3, 2 ** 33 + 1020, 2 ** 41 - 700];
      const vpn = (): number => bases[randomInt(r, bases.length)]! + randomInt(r, 2100);
      const table = new PageTable();
      const model = new Map<number, number>();
      for (let op = 0; op < 3000; op++) {
        const v = vpn();
        const x = r();
        if (x < 0.45) {
          const slot = randomInt(r, 1000);
          expect(table.set(v, slot)).toBe(model.get(v) ?? -1);
          model.set(v, slot);
        } else if (x < 0.7) {
          expect(table.delete(v)).toBe(model.get(v) ?? -1);
          model.delete(v);
        } else if (x < 0.95) {
          expect(table.get(v)).toBe(model.get(v) ?? -1);
        } else {
          const end = v + randomInt(r, 5000);
          const expected = [...model].filter(([k]) => k >= v && k < end).sort((a, b) => a[0] - b[0]);
          expect(table.entriesIn(v, end).sort((a, b) => a[0] - b[0])).toEqual(expected);
        }
        expect(table.size).toBe(model.size);
      }
      expect(table.slots().sort((a, b) => a - b)).toEqual([...model.values()].sort((a, b) => a - b));
    }
  });
});

import { describe, expect, it } from 'vitest';
import { PageRing } from '../../policies/structures/pageRing.js';
import { randomInt, rng } from '../helpers/random.js';

/**
 * PageRing against a plain array of its live pages, oldest first, with the mark as the number of
 * live pages before it: random appends, punches, pops, tail trims, mark moves and squeezes to
 * larger rings, on a ring sized as its users size it (twice the most pages held, and two slots).
 */
describe('PageRing equals an array of its pages under random operations', () => {
  it('400 seeded runs of 300 operations', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const r = rng(seed * 7331);
      const most = 1 + randomInt(r, 12);
      const slotOf = new Int32Array(1000);
      const ring = new PageRing(most, slotOf);
      ring.mark = r() < 0.5 ? 0 : -1;
      const model: number[] = [];
      let before = 0; // live pages before the mark
      let next = 0;
      const where = (): string => `seed ${seed}`;
      for (let step = 0; step < 300; step++) {
        const u = r();
        if (u < 0.4 && model.length < most) {
          ring.append(next);
          model.push(next++);
        } else if (u < 0.6 && model.length) {
          const k = randomInt(r, model.length);
          ring.punch(model[k]!);
          model.splice(k, 1);
          if (k < before) before--;
        } else if (u < 0.75 && model.length) {
          expect(ring.popOldest(), where()).toBe(model.shift());
          if (before > 0) before--;
        } else if (u < 0.85 && ring.mark >= 0 && before < model.length) {
          // Move the mark past the first page at or after it, as S3-FIFO's demotion does.
          const at = ring.liveFrom(ring.mark);
          expect(ring.slots[at], where()).toBe(model[before]);
          ring.mark = ring.next(at);
          before++;
        } else if (u < 0.9) {
          ring.trimTail();
        } else if (u < 0.95) {
          ring.squeeze(ring.slots.length + randomInt(r, 3) * 2);
        }
        expect(ring.pages(), where()).toEqual(model);
        if (ring.mark >= 0) expect(ring.pages(ring.mark), where()).toEqual(model.slice(before));
        for (const p of model) expect(ring.slots[slotOf[p]!], where()).toBe(p);
        expect(ring.entries, where()).toBeLessThan(ring.slots.length);
      }
    }
  });
});

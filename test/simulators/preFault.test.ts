/**
 * preFault: the touch on a spare core changes no word, however the filler's writes interleave with
 * it, and it is only started for buffers large enough to gain from it.
 */
import { describe, expect, it } from 'vitest';
import { PRE_FAULT_MIN_BYTES, preFault } from '../../simulators/preFault.js';
import { hasSpareCore } from '../../simulators/cores.js';

describe('preFault', () => {
  it('leaves every word as the filler writes it: filled before the touch, or from either end while it runs', { timeout: 30_000 }, async () => {
    // Some words are 0, the value the touch compares with.
    const value = (i: number): number => (i % 7 === 0 ? 0 : i + 1);
    for (const schedule of ['before', 'from the end', 'from the start'] as const) {
      const buffer = new SharedArrayBuffer(PRE_FAULT_MIN_BYTES);
      const words = new Int32Array(buffer);
      const fill = (): void => {
        if (schedule === 'from the end') for (let i = words.length - 1; i >= 0; i--) words[i] = value(i);
        else for (let i = 0; i < words.length; i++) words[i] = value(i);
      };
      // Filled first, every touch comes after the word's write: a touch that stored would show.
      if (schedule === 'before') fill();
      const worker = preFault(buffer);
      expect(worker !== undefined).toBe(hasSpareCore());
      if (schedule !== 'before') fill();
      if (worker) await new Promise((resolve) => worker.once('exit', resolve));
      let wrong = 0;
      for (let i = 0; i < words.length; i++) if (words[i] !== value(i)) wrong++;
      expect(wrong, schedule).toBe(0);
    }
  });

  it('starts no worker for a buffer below PRE_FAULT_MIN_BYTES', () => {
    expect(preFault(new SharedArrayBuffer(PRE_FAULT_MIN_BYTES - 4))).toBeUndefined();
  });
});

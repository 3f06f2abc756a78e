/** The scripted experiment of docs/examples/ runs as documented and its numbers hold together. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../docs/examples/scriptedExperiment.js';

describe('docs/examples/scriptedExperiment.ts', () => {
  it('writes results and charts; OPT bounds every policy; the user policy runs the same on workers', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-example-'));
    try {
      const results = await runExperiment({ outDir: out, jobs: 2 });
      expect(fs.readdirSync(out).sort()).toEqual(['report', 'results.csv', 'results.json']);
      expect(fs.readdirSync(path.join(out, 'report'))).toContain('fault-curve.png');
      expect(new Set(results.runs.map((r) => r.label))).toEqual(new Set(['lru', 'clock(refOnInsert=0)', 'opt', 'lifo']));
      expect(results.warmup).toBe(20_000);
      for (const size of results.sizes) {
        const at = results.runs.filter((r) => r.frames === size);
        const opt = at.find((r) => r.policy === 'opt')!.counters.faults;
        for (const r of at) expect(r.counters.faults, `${r.label} at ${size}`).toBeGreaterThanOrEqual(opt);
        expect(opt).toBeGreaterThanOrEqual(results.compulsoryFloor);
      }
      // The same experiment in one thread gives the same counters (LIFO crossed to the workers by its module).
      const single = await runExperiment({ jobs: 1 });
      expect(single.runs.map((r) => r.counters)).toEqual(results.runs.map((r) => r.counters));
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});

/**
 * The merger against the generator's truth: random small scenarios (every kernel event the
 * generator writes, tiny filters of both kinds, no filter, every reference layout) are generated,
 * merged by the real merger with release records, and compared record for record with the
 * expected stream the generator derived from true page identities (docs/workloads.md, "The truth").
 * Also: the window the generator reports is exactly the one the merge needs.
 */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMerge, type ReferenceLayout } from '../../merger/index.js';
import { loadTrace, type LoadedTrace } from '../../traces/index.js';
import { generateWorkload, validateScenario, type GenerateOptions, type WorkloadSummary } from '../../workloads/index.js';
import { tempDir } from '../helpers/cli.js';
import { randomInt, rng } from '../helpers/random.js';
import { randomScenario } from './randomScenario.js';

const dir = tempDir();

async function records(file: string): Promise<string[]> {
  const { trace } = await loadTrace(file);
  return lines(trace);
}

function lines(t: LoadedTrace): string[] {
  const out: string[] = [];
  for (let i = 0; i < t.length; i++) out.push(`${t.codes[i]!.toString(16)} ${t.pages[i]!.toString(16)}`);
  return out;
}

async function generateAndMerge(seed: number, options: Omit<GenerateOptions, 'outDir'>, window?: number): Promise<{ w: WorkloadSummary; expected: string[]; merged: string[]; warnings: object }> {
  const scenario = validateScenario(randomScenario(seed), `random-${seed}`);
  const out = path.join(dir, `w${seed}`);
  const w = await generateWorkload(scenario, { ...options, outDir: out });
  const merged = path.join(out, 'merged.bin');
  const summary = await runMerge({ kernel: w.files.kernel, references: w.files.references, output: merged, releases: true, window: window ?? w.requiredWindow });
  return { w, expected: await records(w.files.expected), merged: await records(merged), warnings: summary.warnings };
}

describe('merge of generated workloads = the generator\'s truth', () => {
  it('150 random scenarios, tiny FIFO and CLOCK filters, no filter, three layouts; merged with exactly the window reported', async () => {
    const totals = { references: 0, releases: 0, reordered: 0, processes: 0 };
    for (let seed = 1; seed <= 150; seed++) {
      const r = rng(seed * 7919);
      const layout: ReferenceLayout = (['i386', 'x86_64', 'text'] as const)[seed % 3]!;
      const filter = seed % 10 === 0 ? false : { segment0: 1 + randomInt(r, 6), segment1: randomInt(r, 20), policy: seed % 2 ? ('clock' as const) : ('fifo' as const) };
      const { w, expected, merged, warnings } = await generateAndMerge(seed, { seed, filter, layout });
      expect(warnings, `seed ${seed}`).toEqual({});
      expect(merged.length, `seed ${seed}`).toBe(expected.length);
      for (let i = 0; i < expected.length; i++) if (merged[i] !== expected[i]) expect(`record ${i + 1}: ${merged[i]}`, `seed ${seed}`).toBe(`record ${i + 1}: ${expected[i]}`);
      totals.references += w.expected.references;
      totals.releases += w.expected.releases;
      totals.processes += w.processes;
      if (w.requiredWindow > 0) totals.reordered++;
    }
    // The scenarios really exercise the merge.
    expect(totals.references).toBeGreaterThan(60_000);
    expect(totals.releases).toBeGreaterThan(5_000);
    expect(totals.processes).toBeGreaterThan(600);
    expect(totals.reordered).toBeGreaterThan(20);
  });

  it('one record less of window than reported makes the merge fail (the reported window is the least that works)', async () => {
    let checked = 0;
    for (let seed = 1; seed <= 40 && checked < 5; seed += 2) {
      const filter = { segment0: 2, segment1: 12, policy: 'clock' as const };
      const scenario = validateScenario(randomScenario(seed), `random-${seed}`);
      const w = await generateWorkload(scenario, { seed, filter, outDir: path.join(dir, `late${seed}`) });
      if (w.requiredWindow === 0) continue;
      await expect(runMerge({ kernel: w.files.kernel, references: w.files.references, window: w.requiredWindow - 1 }), `seed ${seed}`).rejects.toThrow(/arrives too late/);
      checked++;
    }
    expect(checked).toBe(5);
  });
});

/**
 * Tracing windows in synthetic workloads: references traced only in windows, kernel events
 * throughout. The merge must equal the generator's truth (the same canonical pages as if every
 * page touched before a window had been seen), and its per-window counts must agree with it.
 */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readKernelRecords, runMerge } from '../../merger/index.js';
import { UsageError, loadTrace } from '../../traces/index.js';
import { generateWorkload, parseTracingWindows, presetScenario, type TracingWindowSpec } from '../../workloads/index.js';
import { tempDir } from '../helpers/cli.js';

const dir = tempDir();

async function pagesOf(file: string): Promise<string> {
  const { trace } = await loadTrace(file);
  return Array.from(trace.codes.subarray(0, trace.length), (c, i) => `${c}:${trace.pages[i]}`).join(' ');
}

const cases: [string, number, TracingWindowSpec[]][] = [
  ['mixed', 1, [{ start: 2000, end: 9000 }, { start: 15000, end: 30000 }, { start: 40000 }]],
  ['web', 2, [{ start: 0, end: 5000 }, { start: 20000, end: 60000 }]],
  ['compile', 3, [{ start: 30000 }]],
  ['database', 4, [{ start: 1, end: 2 }, { start: 10000, end: 80000 }]],
];

describe('synthetic tracing windows through the merger', () => {
  for (const [preset, seed, windows] of cases) {
    it(`${preset}, seed ${seed}, windows ${windows.map((w) => `${w.start}:${w.end ?? ''}`).join(',')}: merge = truth`, async () => {
      const w = await generateWorkload(presetScenario(preset), { seed, scale: 0.05, outDir: path.join(dir, `${preset}-${seed}`), windows });
      const tags: string[] = [];
      for await (const r of readKernelRecords(w.files.kernel)) if (r.tag === '[' || r.tag === ']') tags.push(`${r.tag}${r.window}`);
      // Off from the start: `] 0` first; on from the start: window 1 has no `[`.
      const expectedTags = windows[0]!.start > 0 ? [']0'] : [];
      windows.forEach((x, i) => {
        if (i > 0 || x.start > 0) expectedTags.push(`[${i + 1}`);
        if (x.end !== undefined) expectedTags.push(`]${i + 1}`);
      });
      expect(tags).toEqual(expectedTags);
      const merged = path.join(dir, `${preset}-${seed}.bin`);
      const summary = await runMerge({ kernel: w.files.kernel, references: w.files.references, output: merged, releases: true, strict: true });
      expect(await pagesOf(merged)).toBe(await pagesOf(w.files.expected));
      expect(summary.references.total).toBe(w.expected.references);
      expect(summary.references.total).toBeLessThan(w.rawReferences);
      const listed = summary.tracingWindows;
      expect(listed.map((x) => x.window)).toEqual(windows.map((_, i) => i + 1));
      expect(listed.reduce((n, x) => n + x.references, 0)).toBe(w.expected.references);
      expect(listed.reduce((n, x) => n + x.newPages, 0)).toBe(w.expected.pages);
      expect(listed.reduce((n, x) => n + x.firstTouchEver, 0)).toBe(w.expected.firstTouchEver);
      for (const x of listed) {
        expect(x.firstTouchEver).toBeLessThanOrEqual(x.newPages);
        expect(x.newPages).toBeLessThanOrEqual(x.firstTouchInWindow);
        expect(x.firstTouchInWindow).toBeLessThanOrEqual(x.references);
      }
    });
  }

  it('some pages are touched before their window and shared or read there: the two compulsory counts differ', async () => {
    const w = await generateWorkload(presetScenario('mixed'), { seed: 1, scale: 0.05, outDir: path.join(dir, 'both-ways'), windows: cases[0]![2] });
    expect(w.expected.firstTouchEver).toBeLessThan(w.expected.pages);
  });

  it('parses START:END lists and refuses overlapping or open-in-the-middle windows', async () => {
    expect(parseTracingWindows('10:20, 30:')).toEqual([{ start: 10, end: 20 }, { start: 30 }]);
    expect(() => parseTracingWindows('10-20')).toThrow(UsageError);
    for (const windows of [[{ start: 10, end: 5 }], [{ start: 0, end: 10 }, { start: 5, end: 20 }], [{ start: 0 }, { start: 50, end: 60 }], [{ start: 0, end: 10 }, { start: 10, end: 20 }]]) {
      await expect(generateWorkload(presetScenario('mixed'), { scale: 0.01, outDir: path.join(dir, 'bad'), windows })).rejects.toThrow(UsageError);
    }
  });
});

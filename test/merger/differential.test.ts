/**
 * The merger against test/reference/merger.ts (page-by-page state, brute-force page deaths, a full sort
 * instead of the window) on seeded random workloads: the basic-named text with release records
 * must be identical, record for record.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMerge, withKernelTraceWriter, withReferenceTraceWriter, type ReferenceLayout } from '../../merger/index.js';
import { tempDir } from '../helpers/cli.js';
import { naiveMerge } from '../reference/merger.js';
import { randomWorkload, type RawWorkload } from './randomWorkload.js';

const dir = tempDir();

async function mergeWorkload(w: RawWorkload, name: string, layout: ReferenceLayout, window?: number): Promise<string> {
  const kernel = path.join(dir, `${name}.kernel.txt`);
  const refs = path.join(dir, `${name}.refs`);
  const out = path.join(dir, `${name}.out.txt`);
  await withKernelTraceWriter(kernel, {}, (k) => w.kernel.forEach((r) => k.write(r)));
  await withReferenceTraceWriter(refs, { layout }, (o) => w.refs.forEach((r) => o.writeRecord(r)));
  await runMerge({ kernel, references: refs, output: out, releases: true, window });
  const text = fs.readFileSync(out, 'utf8');
  return text.slice(text.indexOf('\n') + 1);
}

describe('merger = naive reference merger on random workloads', () => {
  it('200 seeded workloads, text and binary references', async () => {
    let references = 0;
    let releases = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const w = randomWorkload(seed, 150 + (seed % 5) * 100);
      const expected = naiveMerge(w.kernel, w.refs);
      const actual = await mergeWorkload(w, `w${seed}`, seed % 2 ? 'text' : 'i386');
      expect(actual, `seed ${seed}`).toBe(expected);
      references += w.refs.length;
      releases += expected.split('\n').filter((l) => l.startsWith('x')).length;
    }
    // the workloads really exercise the merger
    expect(references).toBeGreaterThan(50_000);
    expect(releases).toBeGreaterThan(2_000);
  });

  it('64-bit addresses across page-table leaf edges (x86_64 layout)', async () => {
    for (let seed = 400; seed < 440; seed++) {
      const base = seed % 2 ? 2 ** 40 - 20 : 1024 * (seed % 7) - 24;
      const w = randomWorkload(seed, 400, 8, Math.max(0, base));
      expect(await mergeWorkload(w, `b${seed}`, 'x86_64'), `seed ${seed}`).toBe(naiveMerge(w.kernel, w.refs));
    }
  });

  it('records shuffled within blocks of n merge exactly with a window of n - 1', async () => {
    for (let seed = 300; seed < 320; seed++) {
      const shuffle = 2 + (seed % 30);
      const w = randomWorkload(seed, 400, shuffle);
      expect(await mergeWorkload(w, `s${seed}`, 'x86_64', shuffle - 1), `seed ${seed}`).toBe(naiveMerge(w.kernel, w.refs));
    }
  });
});

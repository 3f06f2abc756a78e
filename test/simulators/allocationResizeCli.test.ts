/**
 * End to end: every fixed-space built-in runs under the local allocations that resize pools
 * (equal, proportional) on a small tagged stream, and each run's per-process counters add up to
 * its totals.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinPolicies, type Results } from '../../index.js';
import { runCli, tempDir } from '../helpers/cli.js';

const fixedSpace = builtinPolicies.filter((d) => !d.capabilities?.variableSpace).map((d) => d.name);

describe('simulate --allocation equal,proportional runs every fixed-space built-in', () => {
  it('per-process faults, references and evictions sum to the run totals', () => {
    const dir = tempDir();
    const work = path.join(dir, 'work');
    const tagged = path.join(dir, 'tagged.bin.gz');
    expect(runCli(['synth', '--scenario', 'mixed', '--seed', '3', '--scale', '0.03', '-o', `${work}/`, '-q']).status).toBe(0);
    const merge = runCli(['merge', `${work}/kernel.gz`, `${work}/refs.gz`, '--format', 'tagged', '--releases', '-o', tagged, '--quiet']);
    expect(merge.status, merge.stderr).toBe(0);
    const out = path.join(dir, 'out');
    const r = runCli(['simulate', tagged, '-p', fixedSpace.join(','), '--allocation', 'equal,proportional', '-s', '60,400', '-o', out, '-q', '-j', '1']);
    expect(r.status, r.stderr).toBe(0);
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
    expect(new Set(results.runs.map((run) => run.policy.split(':')[0]))).toEqual(new Set(fixedSpace));
    expect(results.runs).toHaveLength(fixedSpace.length * 2 * 2);
    for (const run of results.runs) {
      const where = `${run.policy} ${run.allocation!.name} ${run.frames}`;
      const sum = (key: 'faults' | 'references' | 'evictions'): number => run.perProcess!.reduce((s, p) => s + p[key], 0);
      expect(sum('faults'), where).toBe(run.counters.faults);
      expect(sum('references'), where).toBe(run.counters.references);
      expect(sum('evictions'), where).toBe(run.counters.evictions);
      expect(run.counters.faults, where).toBeGreaterThan(0);
    }
  });
});

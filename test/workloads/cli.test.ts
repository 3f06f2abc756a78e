/** End to end: `faultline synth` (workloads and IRM streams) and `faultline demo`, as a user runs them. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles, runCli, tempDir } from '../helpers/cli.js';

const dir = tempDir();

function ok(args: string[], cwd?: string): string {
  const r = runCli(args, { cwd });
  expect(r.stderr, args.join(' ')).toBe('');
  expect(r.status, args.join(' ')).toBe(0);
  return r.stdout;
}

function fails(args: string[], message: RegExp): void {
  const r = runCli(args);
  expect(r.status, args.join(' ')).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(message);
}

describe('faultline synth', () => {
  it('writes the raw traces and the truth; the merge of them equals the truth', () => {
    const out = path.join(dir, 'web');
    const text = ok(['synth', '--scenario', 'web', '--scale', '0.02', '--seed', '3', '-o', out + '/']);
    expect(text).toMatch(/web workload \(seed 3, scale 0\.02\)/);
    expect(text).toMatch(/merge window needed\s+0/);
    expect(fs.readdirSync(out).sort()).toEqual(['expected.bin.gz', 'kernel.gz', 'refs.gz', 'scenario.json', 'workload.json']);
    const merged = path.join(dir, 'web-merged.txt');
    ok(['merge', path.join(out, 'kernel.gz'), path.join(out, 'refs.gz'), '-o', merged, '--releases', '--strict', '--quiet']);
    expect(ok(['cat', merged])).toBe(ok(['cat', path.join(out, 'expected.bin.gz')]));
    // scenario.json is a scenario: the same seed from it gives the same workload
    const again = path.join(dir, 'web-again');
    ok(['synth', '--scenario', path.join(out, 'scenario.json'), '--seed', '3', '-o', again]);
    expect(ok(['cat', path.join(again, 'expected.bin.gz')])).toBe(ok(['cat', path.join(out, 'expected.bin.gz')]));
  });

  it('--json, --no-filter, a CLOCK filter and the x86_64 layout', () => {
    const plain = JSON.parse(ok(['synth', '--scenario', 'compile', '--scale', '0.01', '--no-filter', '--json', '-o', path.join(dir, 'nofilter')]));
    expect(plain.filter).toBe(false);
    expect(plain.referenceRecords).toBe(plain.rawReferences);
    const clock = JSON.parse(ok(['synth', '--scenario', 'database', '--scale', '0.02', '--filter-policy', 'clock', '--segment0', '2', '--segment1', '40', '--layout', 'x86_64', '--json', '-o', path.join(dir, 'clock')]));
    expect(clock.filter).toEqual({ segment0: 2, segment1: 40, policy: 'clock' });
    expect(clock.layout).toBe('x86_64');
    expect(clock.requiredWindow).toBeGreaterThan(0);
    expect(clock.referenceRecords).toBeLessThan(clock.rawReferences);
    const merge = JSON.parse(ok(['merge', clock.files.kernel, clock.files.references, '--window', String(clock.requiredWindow), '--json', '--quiet']));
    expect(merge.layout).toBe('x86_64');
    expect(merge.reorderedRecords).toBeGreaterThan(0);
    expect(merge.references.total).toBe(clock.expected.references);
  });

  it('--irm writes an IRM stream, the same for the same seed', () => {
    const a = path.join(dir, 'zipf-a.bin');
    const b = path.join(dir, 'zipf-b.bin');
    expect(ok(['synth', '--irm', 'zipf:n=100:s=1', '--length', '5000', '--seed', '2', '-o', a])).toMatch(/5,000 references over \d+ pages \(zipf:n=100:s=1, seed 2\)/);
    ok(['synth', '--irm', 'zipf:n=100:s=1', '--length', '5000', '--seed', '2', '-o', b, '--json']);
    expect(fs.readFileSync(a).equals(fs.readFileSync(b))).toBe(true);
    expect(ok(['stats', a])).toMatch(/references\s+5,000/);
  });

  it('refuses bad requests with one line and leaves nothing behind', () => {
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ start: [{ program: 'x' }] }));
    const before = listFiles(dir);
    fails(['synth', '--scenario', 'nope', '-o', path.join(dir, 'x')], /no such preset \(compile, database, web, mixed\) or file/);
    fails(['synth', '--scenario', bad, '-o', path.join(dir, 'x')], /bad\.json: start\[0\]\.program: no program named "x"/);
    fails(['synth', '--scale', '0', '-o', path.join(dir, 'x')], /--scale must be a number above 0/);
    fails(['synth', '--seed', 'abc', '-o', path.join(dir, 'x')], /^faultline: --seed expects a number, got 'abc'$/m);
    fails(['synth', '--scale=two', '-o', path.join(dir, 'x')], /^faultline: --scale expects a number, got 'two'$/m);
    fails(['synth', '--segment0', '0', '-o', path.join(dir, 'x')], /segment0 must be a whole number/);
    fails(['synth', '--irm', 'zipf', '-o', path.join(dir, 'x.bin')], /--irm needs --length/);
    fails(['synth', '--irm', 'pareto', '--length', '5', '-o', path.join(dir, 'x.bin')], /unknown IRM distribution "pareto"/);
    fails(['synth', '--length', '5', '-o', path.join(dir, 'x')], /--length goes with --irm/);
    fails(['synth', '--scenario', 'web'], /Missing required argument: output/);
    expect(listFiles(dir)).toEqual(before);
  });
});

describe('faultline demo', () => {
  it('runs the pipeline into ./faultline-out by default and prints the table and the files', () => {
    const cwd = path.join(dir, 'cwd');
    fs.mkdirSync(cwd);
    const text = ok(['demo', '--scenario', 'web', '--scale', '0.02', '--jobs', '2'], cwd);
    expect(text).toMatch(/^web workload, seed 1: \d+ processes/);
    expect(text).toMatch(/^opt\s/m);
    expect(text).toMatch(/^lru\s/m);
    expect(text).toMatch(/^compulsory floor\s/m);
    expect(text).toMatch(/faultline-out\/report\/index\.md/);
    const out = path.join(cwd, 'faultline-out');
    expect(fs.readdirSync(out).sort()).toEqual(['allocation', 'merged.bin.gz', 'report', 'results.csv', 'results.json', 'workload']);
    // local against global allocation, per process
    expect(text).toMatch(/^local against global allocation/m);
    expect(text).toMatch(/^frames\s+lru global\s+lru equal\s+lru proportional/m);
    expect(fs.readdirSync(path.join(out, 'allocation')).sort()).toEqual(['report', 'results-processes.csv', 'results.csv', 'results.json']);
    expect(fs.readdirSync(path.join(out, 'allocation', 'report'))).toContain('local-vs-global.png');
    expect(fs.readdirSync(path.join(out, 'report')).some((f) => f.endsWith('.png'))).toBe(true);
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));
    const policies = new Set(results.runs.map((r: { policy: string }) => r.policy));
    const registered = ok(['simulate', '--list-policies']).trim().split('\n').slice(1).map((l) => l.split(/\s+/)[0]);
    expect([...policies].sort()).toEqual([...registered].sort());
    // OPT is the bound: no policy has fewer faults at any size
    for (const run of results.runs.filter((r: { window?: number }) => r.window === undefined)) {
      const opt = results.runs.find((o: { policy: string; frames: number }) => o.policy === 'opt' && o.frames === run.frames);
      expect(run.counters.faults).toBeGreaterThanOrEqual(opt.counters.faults);
    }
    // the merged stream (tagged), without its tags, is the generator's truth
    const plain = path.join(dir, 'plain.bin.gz');
    ok(['convert', path.join(out, 'merged.bin.gz'), plain, '--drop-tags', '-q']);
    expect(ok(['cat', plain])).toBe(ok(['cat', path.join(out, 'workload', 'expected.bin.gz')]));
    // a second run replaces the first
    ok(['demo', '--scenario', 'web', '--scale', '0.02', '--seed', '2', '--quiet'], cwd);
    const recorded = JSON.parse(fs.readFileSync(path.join(out, 'workload', 'workload.json'), 'utf8'));
    expect(recorded.seed).toBe(2);
    // the paths it records are where the files are, not the temporary directory they were built in
    for (const f of ['kernel', 'references', 'expected', 'scenario', 'summary']) expect(fs.existsSync(path.resolve(cwd, recorded.files[f])), f).toBe(true);
  });

  it('never replaces a directory that is not a demo output', () => {
    const mine = path.join(dir, 'mine');
    fs.mkdirSync(mine);
    fs.writeFileSync(path.join(mine, 'thesis.tex'), 'precious');
    fails(['demo', '--scale', '0.01', '-o', mine], /holds files that are not a demo's output \(thesis\.tex\)/);
    expect(fs.readdirSync(mine)).toEqual(['thesis.tex']);
  });
});

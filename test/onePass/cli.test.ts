import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles, runCli, tempDir } from '../helpers/cli.js';
import { CLOUDPHYSICS_BIN } from '../helpers/realTraces.js';

const dir = tempDir();
// a b a c b a: distances ∞ ∞ 2 ∞ 3 3 (checked by hand)
const small = path.join(dir, 'small.txt');
fs.writeFileSync(small, ['r 0', 'r 1', 'w 0', 'r 2', 'r 1', 'r 0'].join('\n') + '\n');
const real = `oracleGeneral:${CLOUDPHYSICS_BIN}`;

describe('faultline reuse', () => {
  it('prints "distance count" lines and the infinite distances', () => {
    const r = runCli(['reuse', small]);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').filter((l) => !l.startsWith('#') && l)).toEqual(['2 1', '3 2', 'inf 3']);
  });

  it('prints the LRU miss curve, and JSON with both', () => {
    const r = runCli(['reuse', small, '--curve', '-s', '1,2,3']);
    expect(r.stdout.split('\n').filter((l) => !l.startsWith('#') && l)).toEqual(['1 6 1.000000', '2 5 0.833333', '3 3 0.500000']);
    const j = JSON.parse(runCli(['reuse', small, '--json', '-s', '2', '--warmup', '2']).stdout);
    expect(j).toMatchObject({ references: 4, histogram: [[2, 1], [3, 2]], infinite: 1, curve: [{ frames: 2, misses: 3 }] });
  });

  it('writes -o atomically and reports bad input in one line', () => {
    const out = path.join(dir, 'reuse.txt');
    expect(runCli(['reuse', small, '-o', out]).status).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toContain('inf 3');
    const before = listFiles(dir);
    const missing = runCli(['reuse', path.join(dir, 'nope.bin'), '-o', path.join(dir, 'x.txt')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    const sizes = runCli(['reuse', small, '--curve', '-s', '-3']);
    expect(sizes.status).toBe(2);
    expect(listFiles(dir)).toEqual(before);
  });

  it('gives the same misses as simulate on the real trace', () => {
    const curve = runCli(['reuse', real, '--json', '-s', '1000,5000,20000']);
    const sim = runCli(['simulate', real, '-p', 'lru', '-s', '1000,5000,20000', '--per-size', '--json', '-q', '-j', '1']);
    expect(JSON.parse(curve.stdout).curve.map((c: { misses: number }) => c.misses)).toEqual(JSON.parse(sim.stdout).runs.map((r: { counters: { faults: number } }) => r.counters.faults));
  });
});

describe('faultline simulate: one-pass, --per-size, --sample, --shards', () => {
  it('takes one pass for LRU and OPT where it is estimated faster, says so, and the counters agree', () => {
    const methods = (extra: string[], sizes = '500,5000'): { method: string; counters: unknown }[] =>
      JSON.parse(runCli(['simulate', real, '-p', 'lru,opt,clock', '-s', sizes, '--json', '-q', '-j', '2', ...extra]).stdout).runs;
    const auto = methods([]);
    const one = methods(['--one-pass']);
    const per = methods(['--per-size']);
    // On this short trace starting a second worker costs more than one LRU pass, or one OPT pass by
    // critical markers (114K references × 582 ns = 0.07 s against the pool's 0.2 s: simulators/curveEngineChoice.ts)…
    expect(auto.map((r) => r.method)).toEqual(['one-pass', 'one-pass', 'one-pass', 'one-pass', 'per-size', 'per-size']);
    // …but one size is one replay on this thread.
    expect(methods([], '5000').map((r) => r.method)).toEqual(['per-size', 'per-size', 'per-size']);
    expect(one.map((r) => r.method)).toEqual(['one-pass', 'one-pass', 'one-pass', 'one-pass', 'per-size', 'per-size']);
    expect(per.every((r) => r.method === 'per-size')).toBe(true);
    expect(auto.map((r) => r.counters)).toEqual(per.map((r) => r.counters));
    expect(one.map((r) => r.counters)).toEqual(per.map((r) => r.counters));
  });

  it('marks sampled runs with their rate', () => {
    const s = JSON.parse(runCli(['simulate', real, '-p', 'lru,clock', '-s', '5000', '--json', '-q', '--sample', '0.1']).stdout);
    expect(s.runs.map((r: { method: string; sampleRate: number }) => [r.method, r.sampleRate])).toEqual([['sampled', 0.1], ['sampled', 0.1]]);
    const h = JSON.parse(runCli(['simulate', real, '-p', 'lru', '-s', '5000', '--json', '-q', '--shards-size', '2000']).stdout);
    expect(h.runs[0].method).toBe('sampled');
    expect(h.runs[0].sampleRate).toBeLessThan(0.1);
  });

  it('refuses bad sampling requests in one line with status 2', () => {
    for (const args of [['--per-size', '--one-pass'], ['-p', 'clock', '--shards', '0.1'], ['--sample', '2'], ['--sample', '0.1', '--stream'], ['--shards-size', '0']]) {
      const r = runCli(['simulate', real, '-s', '100', '-q', ...args]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
});

/**
 * End to end through the built CLI: plan, run (whole and in shards), kill and resume, failures,
 * status and gather, and the gathered numbers against single `faultline simulate` runs.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, runCli, tempDir } from '../helpers/cli.js';
import { tool } from '../helpers/tools.js';
import type { StudyTable } from '../../studies/index.js';

const dir = tempDir('faultline-study-');
const traces = path.join(dir, 'traces');
fs.mkdirSync(traces);
for (const [name, irm, seed] of [
  ['zipf.bin', 'zipf', 1],
  ['pool.txt', 'two-pool', 2],
] as const) {
  expect(runCli(['synth', '--irm', irm, '--length', '40000', '--seed', String(seed), '-o', path.join(traces, name), '-q']).status).toBe(0);
}
fs.copyFileSync(path.join(import.meta.dirname, '../fixtures/cloudPhysics/cloudPhysicsIO.oracleGeneral.bin.gz'), path.join(traces, 'cloud.bin.gz'));

// Per-size policies cut into one size per task (taskSeconds tiny), so a run has many tasks to kill.
const SPEC = [
  'name: test study',
  'traces: ["traces/*.bin", "traces/pool.txt", "oracleGeneral:traces/cloud.bin.gz"]',
  'policies: [lru, fifo, {policy: clock, params: {refOnInsert: [0, 1]}}, arc]',
  'sizes: ["5%", "20%", "50%", 300]',
  'warmup: 10%',
  'taskSeconds: 0.00001',
  'summary: {fractions: [0.05, 0.2], baseline: lru}',
].join('\n');
const specFile = path.join(dir, 'study.yaml');
fs.writeFileSync(specFile, SPEC);

function plan(name: string): string {
  const out = path.join(dir, name);
  const r = runCli(['study', 'plan', specFile, '-o', out, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return out;
}

function gathered(out: string): { csv: string; table: StudyTable } {
  const r = runCli(['study', 'gather', out, '-q']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return { csv: fs.readFileSync(path.join(out, 'study.csv'), 'utf8'), table: JSON.parse(fs.readFileSync(path.join(out, 'study.json'), 'utf8')) };
}

const whole = plan('whole');
const run = runCli(['study', 'run', whole, '-j', '2']);
const reference = gathered(whole);

describe('faultline study, end to end', () => {
  it('runs every task and gathers one row per trace, policy, mode and size with every counter', () => {
    expect(run.status).toBe(0);
    // stderr is a pipe here: plain progress lines with the rate, and the summary.
    expect(run.stderr).toMatch(/study run: \d+\/\d+ tasks · .* · elapsed \d+:\d\d/);
    expect(run.stderr).toMatch(/study run: (\d+) succeeded, 0 failed, 0 already done \(of \1\)/);
    const { table, csv } = reference;
    expect(table.traces.map((t) => t.name)).toEqual(['zipf', 'pool', 'cloud']);
    // 3 traces × 5 configurations × sizes (4 given + 2 summary fractions,
    // fewer where two round to the same number of frames).
    for (const t of table.traces) {
      const rows = table.rows.filter((r) => r.trace === t.name);
      const sizes = new Set(rows.map((r) => r.frames));
      expect(rows).toHaveLength(5 * sizes.size);
      expect(sizes.has(Math.round(0.2 * t.pages))).toBe(true);
      expect(sizes.has(300)).toBe(true);
    }
    const header = csv.split('\n')[0]!;
    expect(header).toContain('param_refOnInsert');
    for (const counter of ['faults', 'compulsoryFaults', 'writebacks', 'softFaults', 'releasedResident']) expect(header.split(',')).toContain(counter);
    expect(fs.readdirSync(path.join(whole, 'figures')).sort()).toEqual(['curves-01.png', 'index.md', 'reduction-vs-lru.png']);
  });

  it('draws the figures as vector sheets when asked (SVG: one group per panel; PDF: every panel title as text)', () => {
    const again = runCli(['study', 'gather', whole, '--format', 'svg,pdf', '-q']);
    expect(again.status, again.stderr).toBe(0);
    const figures = path.join(whole, 'figures');
    expect(fs.readdirSync(figures).sort()).toEqual(['curves-01.pdf', 'curves-01.svg', 'index.md', 'reduction-vs-lru.pdf', 'reduction-vs-lru.svg']);
    tool('xmllint', ['--noout', path.join(figures, 'curves-01.svg')]);
    expect(fs.readFileSync(path.join(figures, 'curves-01.svg'), 'utf8').split('<g class="panel">')).toHaveLength(1 + reference.table.traces.length);
    const text = tool('pdftotext', [path.join(figures, 'curves-01.pdf'), '-']);
    for (const t of reference.table.traces) expect(text).toContain(t.name);
    expect(fs.readFileSync(path.join(figures, 'index.md'), 'utf8')).toContain('![curves-01.svg](curves-01.svg)');
    const bad = runCli(['study', 'gather', whole, '--format', 'gif']);
    expect([bad.status, bad.stderr.trim()]).toEqual([2, 'faultline: --format gif: expected one or more of png, svg, pdf']);
  });

  it('gathers the numbers single simulate runs give for the same trace, policy and sizes', () => {
    const { table } = reference;
    const files: Record<string, string> = { zipf: path.join(traces, 'zipf.bin'), pool: path.join(traces, 'pool.txt'), cloud: `oracleGeneral:${path.join(traces, 'cloud.bin.gz')}` };
    for (const trace of table.traces) {
      const mine = table.rows.filter((r) => r.trace === trace.name);
      const sizes = [...new Set(mine.map((r) => r.frames))].join(',');
      const r = runCli(['simulate', files[trace.name]!, '-p', 'lru,fifo,clock:refOnInsert=0,clock,arc', '-s', sizes, '--warmup', '10%', '--json', '-q', '-j', '1']);
      expect(r.status).toBe(0);
      const results = JSON.parse(r.stdout) as { runs: { label: string; mode: string; frames: number; counters: object; missRatio: number }[] };
      expect(results.runs).toHaveLength(mine.length);
      for (const run of results.runs) {
        const row = mine.find((x) => x.label === run.label && x.mode === run.mode && x.frames === run.frames)!;
        expect(row, `${trace.name} ${run.label} ${run.mode} ${run.frames}`).toBeDefined();
        expect(row.counters).toEqual(run.counters);
        expect(row.missRatio).toBe(run.missRatio);
      }
    }
  });

  it('shards partition the work: running every shard gives the same table', () => {
    const out = plan('sharded');
    for (let i = 1; i <= 3; i++) expect(runCli(['study', 'run', out, '--shard', `${i}/3`, '-j', '1', '-q']).status).toBe(0);
    expect(gathered(out).csv).toBe(reference.csv);
  });

  it('a run killed mid-way and run again gives the results of an uninterrupted run', async () => {
    const out = plan('killed');
    const total = (JSON.parse(fs.readFileSync(path.join(out, 'plan.json'), 'utf8')) as { tasks: unknown[] }).tasks.length;
    const results = path.join(out, 'results');
    const child = spawn(process.execPath, [cliPath(), 'study', 'run', out, '-j', '1', '-q'], { stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    // Kill as soon as a few results exist.
    for (;;) {
      const n = fs.existsSync(results) ? fs.readdirSync(results).filter((f) => f.endsWith('.json')).length : 0;
      if (n >= 5 || child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill('SIGKILL');
    await exited;
    const finished = fs.readdirSync(results).filter((f) => f.endsWith('.json'));
    expect(finished.length).toBeLessThan(total);
    // A write the kill interrupted leaves a temporary, never a result: the re-run removes it.
    const stale = path.join(results, `${String(total - 1).padStart(4, '0')}.json.tmp-99999-1`);
    fs.writeFileSync(stale, '{"half');
    const status = runCli(['study', 'status', out, '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ tasks: total, done: finished.length, failed: 0, pending: total - finished.length });
    const again = runCli(['study', 'run', out, '-j', '2']);
    expect(again.status).toBe(0);
    expect(again.stderr).toContain(`${total - finished.length} succeeded, 0 failed, ${finished.length} already done (of ${total})`);
    expect(fs.existsSync(stale)).toBe(false);
    expect(gathered(out).csv).toBe(reference.csv);
  });

  it('records a failing task with its error, keeps going, and retries it on the next run', () => {
    const broken = path.join(dir, 'broken');
    fs.mkdirSync(broken);
    fs.copyFileSync(path.join(traces, 'zipf.bin'), path.join(broken, 'good.bin'));
    fs.writeFileSync(path.join(broken, 'bad.txt'), 'r 1\nr 2\nq 3\n');
    const spec = path.join(dir, 'broken.json');
    fs.writeFileSync(spec, JSON.stringify({ traces: ['broken/*'], policies: ['lru', 'fifo'], sizes: ['10%'] }));
    const out = path.join(dir, 'broken-study');
    expect(runCli(['study', 'plan', spec, '-o', out, '-q']).status).toBe(0);
    const r = runCli(['study', 'run', out, '-q']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/study run: 2 succeeded, 2 failed, 0 already done \(of 4\).*bad\.txt: line 3/);
    const status = runCli(['study', 'status', out]);
    expect(status.stdout).toMatch(/4 tasks over 2 traces: 2 done, 2 failed, 0 pending/);
    expect(status.stdout).toMatch(/0000\s+bad\s+lru\s+.*bad\.txt: line 3/);
    const failure = JSON.parse(fs.readFileSync(path.join(out, 'failures', '0000.json'), 'utf8'));
    expect(failure).toMatchObject({ task: '0000', userError: true });
    expect(runCli(['study', 'gather', out]).stderr).toMatch(/2 of 4 tasks have no result \(2 failed\)/);
    expect(runCli(['study', 'gather', out, '--partial', '-q']).status).toBe(0);
    expect((JSON.parse(fs.readFileSync(path.join(out, 'study.json'), 'utf8')) as StudyTable).missingTasks).toEqual(['0000', '0001']);
    // Mend the trace: only the failed tasks run again, and their failure records go.
    fs.writeFileSync(path.join(broken, 'bad.txt'), 'r 1\nr 2\nr 3\n');
    const again = runCli(['study', 'run', out]);
    expect(again.status).toBe(0);
    expect(again.stderr).toContain('2 succeeded, 0 failed, 2 already done (of 4)');
    expect(fs.readdirSync(path.join(out, 'failures'))).toEqual([]);
  });

  it('refuses bad options with one line and status 2', () => {
    for (const [args, message] of [
      [['study', 'run', whole, '--shard', '4/3'], /bad shard "4\/3"/],
      [['study', 'run', path.join(dir, 'nowhere')], /no study plan here/],
      [['study', 'run', whole, '--jobs', '0'], /^faultline: --jobs must be a whole number ≥ 1, got 0\n$/],
      [['study', 'slurm', whole, '--array', '2', '--max-running', '0'], /^faultline: --max-running must be a whole number ≥ 1, got 0\n$/],
      [['study', 'slurm', whole, '--array', '0'], /^faultline: --array must be a whole number ≥ 1, got 0\n$/],
    ] as const) {
      const r = runCli([...args]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('writes the Slurm array and gather scripts', () => {
    const r = runCli(['study', 'slurm', whole, '--array', '4', '--partition', 'short', '--time', '1:00:00', '--mem', '2G', '--cpus', '2', '--max-running', '2', '--sbatch-option=--qos=low', '--faultline', 'apptainer exec fl.sif faultline']);
    expect(r.status).toBe(0);
    const script = fs.readFileSync(path.join(whole, 'slurm', 'run.sbatch'), 'utf8');
    for (const line of ['#SBATCH --array=1-4%2', '#SBATCH --partition=short', '#SBATCH --time=1:00:00', '#SBATCH --mem=2G', '#SBATCH --cpus-per-task=2', '#SBATCH --qos=low']) expect(script).toContain(line);
    expect(script).toContain(`apptainer exec fl.sif faultline study run ${whole} --shard "$SLURM_ARRAY_TASK_ID/4" --jobs 2`);
    expect(fs.readFileSync(path.join(whole, 'slurm', 'gather.sbatch'), 'utf8')).toContain(`apptainer exec fl.sif faultline study gather ${whole}`);
    expect(r.stdout).toContain('sbatch --dependency=afterok:$jobid');
  });
});

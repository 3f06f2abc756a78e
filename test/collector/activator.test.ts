/**
 * The activator on real valgrind runs of test/fixtures/collector/phases.c (setup; gate 1; phase 2
 * touching a shared file page, an anonymous page shared with a forked child and the child's own
 * pages; gate 2; phase 3). The program is traced three times, with every reference a record
 * (--no-filter): in full, with references switched on at gate 1 and off at gate 2 by
 * `faultline activator`, and the same by SIGUSR1. Per process, the windowed merge must be one
 * contiguous piece of the full merge — the same operations and the same canonical pages up to
 * renaming, sharing included — holding phase 2 only.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MergeSummary } from '../../merger/index.js';
import type { CollectSummary } from '../../collector/index.js';
import { cliPath, runCli, tempDir } from '../helpers/cli.js';

const SOURCE = path.resolve(import.meta.dirname, '../fixtures/collector/phases.c');
const dir = tempDir();
const exe = path.join(dir, 'phases');

type Switching = 'none' | 'activator' | 'signal';

interface ProcessStream {
  /** Operation and kind letters per reference (`r a`, `< f`, …). */
  ops: string[];
  pages: number[];
}

interface Run {
  summary: CollectSummary;
  merge: MergeSummary;
  /** Per process, in order of creation (the parent, then the child). */
  processes: ProcessStream[];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the program under `faultline collect`, switching references at its two gates as `switching` says. */
async function runPhases(name: string, switching: Switching): Promise<Run> {
  const out = path.join(dir, name);
  const ctl = path.join(dir, `${name}.ctl`);
  const fifo = path.join(dir, `${name}.fifo`);
  execFileSync('mkfifo', [fifo]);
  const options = switching === 'none' ? [] : ['--references', 'off', '--control', ctl];
  const child = spawn(process.execPath, [cliPath(), 'collect', '-o', out, '--no-filter', '--json', '--quiet', ...options, '--', exe, path.join(dir, `${name}.data`), fifo], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
  child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  // r+: opening a FIFO for reading and writing does not wait for the other end (Linux).
  const gate = fs.openSync(fifo, 'r+');
  const switched = async (on: boolean, count: number): Promise<void> => {
    if (switching === 'activator') {
      const r = runCli(['activator', ctl, on ? 'start' : 'stop']);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(new RegExp(`^references ${on ? 'on' : 'off'} \\(switched\\); ${count} switches`));
      return;
    }
    process.kill(child.pid!, 'SIGUSR1');
    // The signal has no answer: the switch is made when the activator's status counts it.
    for (let i = 0; i < 100; i++) {
      if ((JSON.parse(runCli(['activator', ctl, 'status', '--json']).stdout) as { switches: number }).switches === count) return;
      await sleep(50);
    }
    throw new Error('SIGUSR1 did not switch');
  };
  for (const [n, on] of [[1, true], [2, false]] as const) {
    for (let i = 0; !stdout.includes(`gate ${n}\n`); i++) {
      if (i > 1200) throw new Error(`gate ${n} not reached: ${stderr}`);
      await sleep(50);
    }
    // The program is waiting in its read of the FIFO by now.
    await sleep(300);
    if (switching !== 'none') await switched(on, n);
    fs.writeSync(gate, 'x');
  }
  expect(await exited).toBe(0);
  fs.closeSync(gate);
  expect(stderr).toBe('');
  const summary = JSON.parse(stdout.slice(stdout.indexOf('{'))) as CollectSummary;
  const streams = path.join(dir, `${name}-merged`);
  const m = runCli(['merge', path.join(out, 'kernel.gz'), path.join(out, 'refs.gz'), '--format', 'per-process', '--suffix', '.txt', '-o', streams + '/', '--strict', '--json', '--quiet']);
  expect(m.stderr).toBe('');
  const merge = JSON.parse(m.stdout) as MergeSummary;
  const listed = JSON.parse(fs.readFileSync(path.join(streams, 'processes.json'), 'utf8')) as { streams: { file: string; process: { startCycle: number } }[] };
  const processes = listed.streams
    .sort((a, b) => a.process.startCycle - b.process.startCycle)
    .map((s) => {
      const lines = fs.readFileSync(path.join(streams, s.file), 'utf8').split('\n').filter((l) => l && !l.startsWith('#') && !l.startsWith('x'));
      return { ops: lines.map((l) => `${l[0]} ${l.split(' ')[2]}`), pages: lines.map((l) => parseInt(l.split(' ')[1]!, 16)) };
    });
  return { summary, merge, processes };
}

/** Where `part` lies in `whole` as one contiguous piece (its only place), or -1. */
function placeOf(part: string[], whole: string[]): number {
  const key = (list: string[]): string => list.join(',') + ',';
  const w = key(whole);
  const p = key(part);
  const starts: number[] = [];
  for (let at = w.indexOf(p); at >= 0; at = w.indexOf(p, at + 1)) if (at === 0 || w[at - 1] === ',') starts.push(w.slice(0, at).split(',').length - 1);
  return starts.length === 1 ? starts[0]! : -1;
}

/**
 * The windowed run's streams are pieces of the full run's, with canonical pages equal up to one
 * renaming over all processes (so the same references share a page in both).
 */
function expectPieceOf(windowed: Run, full: Run): void {
  expect(windowed.processes).toHaveLength(full.processes.length);
  const forward = new Map<number, number>();
  const backward = new Map<number, number>();
  windowed.processes.forEach((w, i) => {
    const f = full.processes[i]!;
    expect(w.ops.length).toBeGreaterThan(0);
    const at = placeOf(w.ops, f.ops);
    expect(at, `process ${i}: the window is one piece of the full stream`).toBeGreaterThanOrEqual(0);
    w.pages.forEach((page, k) => {
      const other = f.pages[at + k]!;
      expect(forward.get(page) ?? other).toBe(other);
      expect(backward.get(other) ?? page).toBe(page);
      forward.set(page, other);
      backward.set(other, page);
    });
  });
}

describe('the activator on a real valgrind run', () => {
  let full: Run;
  let byActivator: Run;

  beforeAll(async () => {
    execFileSync('gcc', ['-O1', '-o', exe, SOURCE]);
    full = await runPhases('full', 'none');
    byActivator = await runPhases('activator', 'activator');
  }, 240_000);

  it('the window over phase 2 is exactly phase 2, with the full trace\'s canonical pages', () => {
    expect(full.merge.tracingWindows).toEqual([]);
    expect(byActivator.summary.tracing.switches.map((s) => `${s.on ? '[' : ']'}${s.window} ${s.cause}`)).toEqual([']0 start', '[1 user', ']1 user']);
    expect(byActivator.merge.tracingWindows).toHaveLength(1);
    expect(byActivator.merge.references.total).toBe(byActivator.merge.tracingWindows[0]!.references);
    expect(byActivator.merge.warnings).toEqual({});
    expectPieceOf(byActivator, full);
    // The parent's window holds phase 2's pread and none of setup's write()s or phase 3's pread.
    const [parent, child] = byActivator.processes;
    expect(parent!.ops.filter((o) => o === '< f')).toHaveLength(1);
    expect(parent!.ops.filter((o) => o[0] === '>')).toHaveLength(0);
    expect(full.processes[0]!.ops.filter((o) => o[0] === '<').length).toBeGreaterThan(1);
    // Parent and child share the file page and the anonymous page written before the fork.
    const shared = new Set(parent!.pages.filter((p) => child!.pages.includes(p)));
    const kindsShared = new Set(child!.pages.map((p, i) => (shared.has(p) ? child!.ops[i]![2] : '')).filter(Boolean));
    expect([...kindsShared].sort()).toEqual(['a', 'f']);
  });

  it('pages touched before the window are not first touches ever; loads were skipped unread while off', () => {
    const w = byActivator.merge.tracingWindows[0]!;
    expect(w.firstTouchEver).toBeLessThan(w.newPages);
    expect(w.newPages).toBe(byActivator.merge.pages.total);
    expect(byActivator.summary.tracing.skippedLines).toBeGreaterThan(byActivator.summary.references);
    expect(full.summary.tracing.skippedLines).toBe(0);
  });

  it('SIGUSR1 switches the same way as the activator command', async () => {
    const bySignal = await runPhases('signal', 'signal');
    expect(bySignal.summary.tracing.switches.map((s) => s.cause)).toEqual(['start', 'user', 'user']);
    expectPieceOf(bySignal, full);
    expect(bySignal.processes.map((p) => p.ops)).toEqual(byActivator.processes.map((p) => p.ops));
  }, 120_000);

  it('triggers: --start-after N page references, --start-after-exec NAME', async () => {
    const collect = (name: string, options: string[], command: string[]): CollectSummary => {
      const r = runCli(['collect', '-o', path.join(dir, name), '--no-filter', '--json', '--quiet', ...options, '--', ...command]);
      expect(r.stderr).toBe('');
      return JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as CollectSummary;
    };
    const all = collect('true-full', [], ['/bin/true']);
    const after = collect('true-after', ['--start-after', '20000'], ['/bin/true']);
    // The same run (valgrind's is deterministic), its first 20,000 page references untraced.
    expect(after.references).toBe(all.references - 20000);
    expect(after.tracing.switches.map((s) => s.cause)).toEqual(['start', 'after-references']);

    const text = path.join(dir, 'words.txt');
    fs.writeFileSync(text, 'one two\n');
    const exec = collect('exec', ['--start-after-exec', 'wc'], ['sh', '-c', `wc -c ${text}`]);
    expect(exec.tracing.switches.map((s) => s.cause)).toEqual(['start', 'after-exec']);
    // The window begins right after wc's startup mappings: the records before it are wc's X, M, m.
    const kernel = execFileSync('sh', ['-c', `zcat ${path.join(dir, 'exec', 'kernel.gz')}`], { encoding: 'utf8' }).split('\n');
    const begin = kernel.findIndex((l) => l.startsWith('[ '));
    const startup = kernel.slice(0, begin).reverse();
    const x = startup.findIndex((l) => l.startsWith('X '));
    expect(startup[x]).toMatch(/ \/usr\/bin\/wc$/);
    expect(startup.slice(0, x).every((l) => /^[Mm] /.test(l))).toBe(true);
  }, 120_000);

  it('activator: a clear error when no collector listens', () => {
    const r = runCli(['activator', path.join(dir, 'nobody'), 'status']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(/nobody: no running collection listens there \(none was started with this control directory\)$/);
  });
});

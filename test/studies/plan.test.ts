import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { rng } from '../helpers/random.js';
import { parseShard, planSpecFile, readPlan, shardOfTasks, tasksOfShard, writePlan, type StudyTask } from '../../studies/index.js';

const dir = tempDir('faultline-plan-');
fs.mkdirSync(path.join(dir, 'traces', 'proc', 't'), { recursive: true });
// Plain files stand in for traces: planning reads only their sizes (5 bytes a binary record).
for (const name of ['b.bin', 'a.bin', 'c.txt.gz', 'proc/2.bin', 'proc/1.bin', 'proc/t/5.bin']) fs.writeFileSync(path.join(dir, 'traces', name), Buffer.alloc(5_000_000));
// A directory output's manifest is not a trace.
fs.writeFileSync(path.join(dir, 'traces', 'proc', 'processes.json'), '[]');

function spec(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('study plans', () => {
  const file = spec('study.yaml', ['traces: ["traces/*.bin", "traces/proc", "traces/c.txt.gz", "traces/a.bin"]', 'policies: [lru, fifo, clock, opt, "ws"]', 'sizes: [auto]', 'taskSeconds: 0.2'].join('\n'));

  it('expands globs and folders (with their subfolders, without manifests) in sorted order, each file once', async () => {
    const plan = await planSpecFile(file, path.join(dir, 'out'));
    expect(plan.traces.map((t) => [t.file, t.name])).toEqual([
      ['../traces/a.bin', 'a'],
      ['../traces/b.bin', 'b'],
      ['../traces/proc/1.bin', '1'],
      ['../traces/proc/2.bin', '2'],
      ['../traces/proc/t/5.bin', '5'],
      ['../traces/c.txt.gz', 'c'],
    ]);
    // a.bin: 1,000,000 references estimated. 26 sizes (auto + the two summary fractions) × 1e6 / 20e6
    // per second = 1.3 s per per-size policy, cut into ceil(1.3 / 0.2) = 7 slices; LRU is one pass;
    // OPT too: 26 replays cost 26 × 85 = 2,210 ns per reference, one pass with releases assumed
    // 2.3 × 62 × (log2 1,000,001 − 8.3) ≈ 1,658 ns; WS (variable space) sweeps its windows in one task.
    const first = plan.tasks.filter((t) => t.trace === 0);
    expect(first.map((t) => [plan.spec.policies[t.policy]!.label, t.method, t.chunk, t.chunks])).toEqual([
      ['lru', 'one-pass', 0, 1],
      ...[0, 1, 2, 3, 4, 5, 6].map((c) => ['fifo', 'per-size', c, 7]),
      ...[0, 1, 2, 3, 4, 5, 6].map((c) => ['clock', 'per-size', c, 7]),
      ['opt', 'one-pass', 0, 1],
      ['ws', 'windows', 0, 1],
    ]);
    expect(plan.tasks.map((t) => t.id)).toEqual(plan.tasks.map((_, i) => String(i).padStart(4, '0')));
  });

  it('is deterministic: the same spec and files give the same bytes; a different plan is refused', async () => {
    const out = path.join(dir, 'det');
    const a = await planSpecFile(file, out);
    expect(writePlan(a, out).unchanged).toBe(false);
    const b = await planSpecFile(file, out);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(writePlan(b, out).unchanged).toBe(true);
    const other = await planSpecFile(spec('other.yaml', 'traces: traces/a.bin\npolicies: [lru]\nsizes: [auto]\n'), out);
    expect(() => writePlan(other, out)).toThrow(/already holds a different study plan/);
  });

  it('reads a plan written before model.allocation as one without allocations', async () => {
    const out = path.join(dir, 'old');
    writePlan(await planSpecFile(file, out), out);
    const plan = JSON.parse(fs.readFileSync(path.join(out, 'plan.json'), 'utf8')) as { spec: { model: Record<string, unknown> } };
    delete plan.spec.model.allocations;
    fs.writeFileSync(path.join(out, 'plan.json'), JSON.stringify(plan));
    expect(readPlan(out).spec.model.allocations).toEqual([]);
  });

  it('names the spec line of a trace entry that matches nothing', async () => {
    const bad = spec('bad.yaml', 'policies: [lru]\nsizes: [auto]\ntraces:\n  - traces/a.bin\n  - traces/*.nope\n');
    await expect(planSpecFile(bad, path.join(dir, 'bad'))).rejects.toThrow(/bad\.yaml: line 5: traces\[1\]: "traces\/\*\.nope" names no file/);
  });

  it('plans 100,000 tasks', async () => {
    // 1,000 traces × 101 policy configurations (parameter grids), one task each (tiny traces).
    fs.mkdirSync(path.join(dir, 'many'));
    for (let i = 0; i < 1000; i++) fs.writeFileSync(path.join(dir, 'many', `t${String(i).padStart(4, '0')}.bin`), Buffer.alloc(1000));
    const big = spec('big.json', JSON.stringify({ traces: ['many/*.bin'], policies: [{ policy: 'clock', params: { refOnInsert: [0, 1] } }, { policy: 'gclock', params: { initCount: Array.from({ length: 49 }, (_, i) => i + 1) } }, { policy: 'lru-k', params: { k: [2, 3], crp: [0, 5, 10, 20, 40, 80, 160, 320, 640, 1280, 2560, 5120, 10240, 20480, 40960, 81920, 163840, 327680, 655360, 1310720, 2621440, 5242880, 10485760, 20971520, 41943040] } }] as unknown[], sizes: ['auto'] }));
    const plan = await planSpecFile(big, path.join(dir, 'big'));
    expect(plan.tasks.length).toBe(1000 * (2 + 49 + 50));
  });
});

describe('shards', () => {
  const task = (i: number, seconds: number): StudyTask => ({ id: String(i), trace: 0, policy: 0, seed: 1, chunk: 0, chunks: 1, method: 'per-size', seconds });

  it('partition the task list exactly into contiguous runs, for any task count and shard count', () => {
    const rand = rng(17);
    for (let round = 0; round < 200; round++) {
      const n = Math.floor(rand() * 60);
      const tasks = Array.from({ length: n }, (_, i) => task(i, rand() < 0.2 ? 0 : rand() * 100));
      const count = 1 + Math.floor(rand() * 12);
      const owners = shardOfTasks(tasks, count);
      const union = Array.from({ length: count }, (_, s) => tasksOfShard(tasks, { index: s + 1, count })).flat();
      expect(union.map((t) => t.id)).toEqual(tasks.map((t) => t.id));
      for (let i = 1; i < owners.length; i++) expect(owners[i]!).toBeGreaterThanOrEqual(owners[i - 1]!);
      for (const o of owners) expect(o >= 1 && o <= count).toBe(true);
    }
  });

  it('balance estimated time: ten equal tasks in five shards are two each', () => {
    const tasks = Array.from({ length: 10 }, (_, i) => task(i, 3));
    expect(shardOfTasks(tasks, 5)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });

  it('parse I/N and refuse what is not', () => {
    expect(parseShard('3/8')).toEqual({ index: 3, count: 8 });
    for (const bad of ['0/4', '5/4', '1/0', '2', 'a/b', '-1/3']) expect(() => parseShard(bad)).toThrow(/bad shard/);
  });
});

/**
 * Studies: the time to plan 100,000 tasks, and the overhead `study run` adds per task — reading the
 * plan, writing each result atomically, the per-task trace summary — over computing the same
 * curves in one `simulateTrace` call. Overhead is measured on one thread (--jobs 1) with FIFO at
 * one size per task, on the real CloudPhysics trace (loaded once for all its tasks, as a shard
 * does) and on a tiny trace where the simulation itself costs next to nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { simulateTrace, autoSizes } from '../../simulators/index.js';
import { getPolicy, makePolicySpec } from '../../policies/index.js';
import { loadTrace } from '../../traces/index.js';
import { planSpecFile, runStudy, writePlan } from '../../studies/index.js';
import { timed, type BenchContext, type BenchFigure, type BenchSuite } from '../benchSuite.js';
import { repoRoot } from '../workloads.js';

function freshDir(dir: string): string {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

async function planHundredThousand(ctx: BenchContext): Promise<BenchFigure> {
  const dir = freshDir(path.join(ctx.cacheDir, 'studies-plan'));
  fs.mkdirSync(path.join(dir, 'traces'));
  for (let i = 0; i < 1000; i++) fs.writeFileSync(path.join(dir, 'traces', `t${String(i).padStart(4, '0')}.bin`), Buffer.alloc(1000));
  // 1,000 traces × 100 policy configurations: CLOCK with and without the reference bit on insert,
  // GCLOCK's initial count 1–49, LRU-K with K 2 and 3 and 49 correlated reference periods... one task each.
  const spec = {
    traces: ['traces/*.bin'],
    policies: [
      { policy: 'clock', params: { refOnInsert: [0, 1] } },
      { policy: 'gclock', params: { initCount: Array.from({ length: 49 }, (_, i) => i + 1) } },
      { policy: 'lru-k', params: { k: [2], crp: Array.from({ length: 49 }, (_, i) => i * 10) } },
    ],
    sizes: ['auto'],
  };
  const file = path.join(dir, 'study.json');
  fs.writeFileSync(file, JSON.stringify(spec));
  ctx.log('planning 100,000 tasks');
  const t = await timed(async () => {
    const plan = await planSpecFile(file, path.join(dir, 'out'));
    writePlan(plan, path.join(dir, 'out'));
    return plan.tasks.length;
  });
  return { name: 'studies.plan.100k', value: Number(t.seconds.toFixed(3)), unit: 's', better: 'lower', context: { tasks: t.value, traces: 1000 } };
}

/** Seconds per task that `study run` adds to computing `sizes` of FIFO on `traceFile` directly. */
async function overhead(ctx: BenchContext, name: string, traceFile: string, sizes: number[]): Promise<BenchFigure> {
  const dir = freshDir(path.join(ctx.cacheDir, `studies-run-${name}`));
  const { trace } = await loadTrace(traceFile);
  const fifo = makePolicySpec(getPolicy('fifo'));
  ctx.log(`${name}: FIFO at ${sizes.length} sizes in one simulateTrace call`);
  const direct = await timed(() => simulateTrace(trace, { policies: [fifo], sizes, jobs: 1 }));
  // One size per task: a tiny task time target makes the plan cut the curve into single sizes.
  const file = path.join(dir, 'study.json');
  fs.writeFileSync(file, JSON.stringify({ traces: [traceFile], policies: ['fifo'], sizes: sizes.map(String), taskSeconds: 1e-9, summary: { fractions: [] } }));
  const out = path.join(dir, 'out');
  const plan = await planSpecFile(file, out);
  writePlan(plan, out);
  ctx.log(`${name}: the same as a study of ${plan.tasks.length} tasks on one thread`);
  const study = await timed(() => runStudy(out, { jobs: 1 }));
  const tasks = plan.tasks.length;
  const perTask = (study.seconds - direct.seconds) / tasks;
  return {
    name: `studies.run.overhead.${name}`,
    value: Number((perTask * 1e3).toFixed(2)),
    unit: 'ms per task',
    better: 'lower',
    context: { tasks, references: trace.references, studySeconds: Number(study.seconds.toFixed(3)), directSeconds: Number(direct.seconds.toFixed(3)), failed: study.value.failed.length },
  };
}

export const studiesSuite: BenchSuite = {
  name: 'studies',
  description: 'study plan of 100,000 tasks; per-task overhead of study run over one simulate call',
  async run(ctx: BenchContext) {
    const figures = [await planHundredThousand(ctx)];
    const real = path.join(repoRoot(), 'test', 'fixtures', 'cloudPhysics', 'cloudPhysicsIO.oracleGeneral.bin.gz');
    if (fs.existsSync(real)) {
      const { trace } = await loadTrace(`oracleGeneral:${real}`);
      figures.push(await overhead(ctx, 'cloudphysics', `oracleGeneral:${real}`, autoSizes(trace.pageCount)));
    }
    const tiny = path.join(freshDir(path.join(ctx.cacheDir, 'studies-tiny')), 'tiny.txt');
    fs.writeFileSync(tiny, Array.from({ length: 2000 }, (_, i) => `r ${((i * 7919) % 300).toString(16)}`).join('\n') + '\n');
    figures.push(await overhead(ctx, 'tiny', tiny, Array.from({ length: 200 }, (_, i) => i + 1)));
    return figures;
  },
};

/**
 * `faultline study run`: runs a shard's tasks that have no result yet. Tasks are grouped by trace
 * (the plan orders them so), and each trace is loaded once per shard for all of its tasks. Every
 * outcome is written as soon as the task ends: a result atomically under the task's name (so a
 * killed run loses only the tasks in flight, and a re-run skips the rest), or a failure record
 * with the error; one failing task never stops the others.
 */
import { loadTrace } from '../traces/loadTrace.js';
import type { LoadedTrace } from '../traces/loadedTrace.js';
import { isUserError } from '../traces/errors.js';
import { wholeNumberOption } from '../traces/optionValues.js';
import { defaultJobs } from '../simulators/replayWorkers.js';
import { readPlan, resolveInStudy, type StudyTask } from './plan.js';
import { TaskPool } from './taskPool.js';
import { tasksOfShard, type Shard } from './taskShards.js';
import { doneTasks, removeStaleTemporaries, writeTaskFailure, writeTaskResult } from './taskStore.js';
import type { TaskReply } from './runTask.js';

export interface RunProgress {
  /** Tasks of this run finished (succeeded or failed) and to run. */
  done: number;
  total: number;
  failed: number;
  elapsedSeconds: number;
  /** Remaining time, from the measured pace over the tasks' estimated shares; undefined at first. */
  etaSeconds?: number;
}

export interface RunStudyOptions {
  shard?: Shard;
  /** Tasks run side by side (worker threads); default: the number of cores. */
  jobs?: number;
  onProgress?: (p: RunProgress) => void;
  /** Called before each trace is loaded. */
  onTrace?: (name: string) => void;
}

export interface RunStudySummary {
  /** Tasks in the shard. */
  tasks: number;
  /** Already done before this run. */
  skipped: number;
  succeeded: number;
  failed: { task: string; error: string }[];
  seconds: number;
}

/** Runs the tasks in `dir`'s plan (the shard's, if given) that have no result yet. */
export async function runStudy(dir: string, options: RunStudyOptions = {}): Promise<RunStudySummary> {
  const start = process.hrtime.bigint();
  const elapsed = (): number => Number(process.hrtime.bigint() - start) / 1e9;
  if (options.jobs !== undefined) wholeNumberOption('jobs', options.jobs, 1);
  const plan = readPlan(dir);
  const mine = tasksOfShard(plan.tasks, options.shard);
  const done = doneTasks(dir);
  const todo = mine.filter((t) => !done.has(t.id));
  removeStaleTemporaries(dir, new Set(todo.map((t) => t.id)));
  const summary: RunStudySummary = { tasks: mine.length, skipped: mine.length - todo.length, succeeded: 0, failed: [], seconds: 0 };

  const totalWeight = todo.reduce((s, t) => s + t.seconds, 0);
  let doneWeight = 0;
  const report = (): void => {
    const doneCount = summary.succeeded + summary.failed.length;
    const pace = doneWeight > 0 ? elapsed() / doneWeight : undefined;
    options.onProgress?.({
      done: doneCount,
      total: todo.length,
      failed: summary.failed.length,
      elapsedSeconds: elapsed(),
      etaSeconds: pace === undefined ? undefined : pace * (totalWeight - doneWeight),
    });
  };
  const settle = (task: StudyTask, reply: TaskReply): void => {
    if (reply.ok) {
      writeTaskResult(dir, { schema: 'faultline-study-result/1', task: task.id, seconds: reply.seconds, results: reply.results });
      summary.succeeded++;
    } else {
      writeTaskFailure(dir, { task: task.id, error: reply.message, userError: reply.userError, ...(reply.stack ? { stack: reply.stack } : {}) });
      summary.failed.push({ task: task.id, error: reply.message });
    }
    doneWeight += task.seconds;
    report();
  };

  const groups = new Map<number, StudyTask[]>();
  for (const t of todo) groups.set(t.trace, [...(groups.get(t.trace) ?? []), t]);
  const jobs = Math.max(1, Math.min(options.jobs ?? defaultJobs(), todo.length));
  const modules = plan.policyModules.map((m) => resolveInStudy(dir, m));
  const pool = new TaskPool(plan, jobs, modules);
  report();
  try {
    for (const [traceIndex, tasks] of groups) {
      const planned = plan.traces[traceIndex]!;
      options.onTrace?.(planned.name);
      let trace: LoadedTrace;
      try {
        trace = (await loadTrace(resolveInStudy(dir, planned.file))).trace;
      } catch (err) {
        // A trace that cannot be read fails each of its tasks, with the reason.
        const e = err as Error;
        for (const t of tasks) settle(t, { ok: false, message: e.message, userError: isUserError(err), ...(isUserError(err) ? {} : { stack: e.stack }) });
        continue;
      }
      trace.name = planned.name;
      pool.useTrace(trace);
      await Promise.all(tasks.map(async (t) => settle(t, await pool.run(t))));
    }
  } finally {
    await pool.close();
  }
  summary.seconds = elapsed();
  return summary;
}

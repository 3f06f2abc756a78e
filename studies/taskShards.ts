/**
 * Shards: `--shard I/N` (I from 1 to N) runs one of N parts of a plan, e.g. one Slurm array task
 * each. The parts are contiguous runs of the task list (which is ordered by trace, so a shard
 * loads few traces) cut where the estimated time crosses each N-th of the total, so shards take
 * about equally long. Every task is in exactly one shard.
 */
import { UsageError } from '../traces/errors.js';
import type { StudyTask } from './plan.js';

export interface Shard {
  /** From 1. */
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) throw new UsageError(`bad shard ${JSON.stringify(text)}: expected I/N with 1 ≤ I ≤ N, e.g. 3/8`);
  return { index, count };
}

/** The shard (from 1) each task belongs to. */
export function shardOfTasks(tasks: StudyTask[], count: number): number[] {
  const total = tasks.reduce((sum, t) => sum + t.seconds, 0);
  let before = 0;
  return tasks.map((t, i) => {
    // Midpoint of the task on the time line; by position when there are no estimates.
    const mid = total > 0 ? (before + t.seconds / 2) / total : (i + 0.5) / tasks.length;
    before += t.seconds;
    return Math.min(count, Math.floor(mid * count) + 1);
  });
}

export function tasksOfShard(tasks: StudyTask[], shard: Shard | undefined): StudyTask[] {
  if (!shard || shard.count === 1) return tasks;
  const owner = shardOfTasks(tasks, shard.count);
  return tasks.filter((_, i) => owner[i] === shard.index);
}

/**
 * Where a study keeps its tasks' outcomes: `results/ID.json` once a task has succeeded (written
 * atomically, so a file there is always complete) and `failures/ID.json` while its last attempt
 * failed, with the error. A task is done when its result exists, failed when only a failure record
 * does, pending otherwise; a re-run skips done tasks and retries the rest.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from '../traces/atomicOutput.js';
import type { Results } from '../simulators/results.js';

export const RESULT_SCHEMA = 'faultline-study-result/1';
const RESULTS_DIR = 'results';
const FAILURES_DIR = 'failures';

export interface TaskResult {
  schema: typeof RESULT_SCHEMA;
  task: string;
  /** Wall-clock seconds the task took (for time estimates; gather ignores it). */
  seconds: number;
  /** Null when the task's slice of sizes is empty (the trace has fewer distinct sizes than slices). */
  results: Results | null;
}

export interface TaskFailure {
  task: string;
  error: string;
  /** A user error (bad trace, bad parameter) rather than an internal fault. */
  userError: boolean;
  host: string;
  at: string;
  stack?: string;
}

export function resultPath(dir: string, id: string): string {
  return path.join(dir, RESULTS_DIR, `${id}.json`);
}

export function failurePath(dir: string, id: string): string {
  return path.join(dir, FAILURES_DIR, `${id}.json`);
}

/** Ids with a file in `sub` (temporaries of unfinished writes are not files of that name). */
function idsIn(dir: string, sub: string): Set<string> {
  let names: string[];
  try {
    names = fs.readdirSync(path.join(dir, sub));
  } catch {
    return new Set();
  }
  return new Set(names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)));
}

export function doneTasks(dir: string): Set<string> {
  return idsIn(dir, RESULTS_DIR);
}

export function failedTasks(dir: string): Set<string> {
  return idsIn(dir, FAILURES_DIR);
}

/**
 * Removes temporaries left by killed attempts at `ids` (a task is only ever run by its own shard,
 * so these belong to no live process unless the same shard runs twice at once).
 */
export function removeStaleTemporaries(dir: string, ids: Set<string>): void {
  let names: string[];
  try {
    names = fs.readdirSync(path.join(dir, RESULTS_DIR));
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^(.+)\.json\.tmp-\d+-\d+$/.exec(name);
    if (m && ids.has(m[1]!)) fs.rmSync(path.join(dir, RESULTS_DIR, name), { force: true });
  }
}

export function writeTaskResult(dir: string, result: TaskResult): void {
  writeFileAtomic(resultPath(dir, result.task), JSON.stringify(result) + '\n');
  fs.rmSync(failurePath(dir, result.task), { force: true });
}

export function writeTaskFailure(dir: string, failure: Omit<TaskFailure, 'host' | 'at'>): void {
  const record: TaskFailure = { ...failure, host: os.hostname(), at: new Date().toISOString() };
  writeFileAtomic(failurePath(dir, failure.task), JSON.stringify(record, null, 2) + '\n');
}

export function readTaskResult(dir: string, id: string): TaskResult {
  return JSON.parse(fs.readFileSync(resultPath(dir, id), 'utf8')) as TaskResult;
}

export function readTaskFailure(dir: string, id: string): TaskFailure | undefined {
  try {
    return JSON.parse(fs.readFileSync(failurePath(dir, id), 'utf8')) as TaskFailure;
  } catch {
    return undefined;
  }
}

/**
 * `faultline study status`: how many of a study's tasks are done, failed and pending, the failures
 * with their errors, and the time the rest should take — the plan's estimates rescaled by how long
 * the finished tasks really took against their own estimates.
 */
import { readPlan } from './plan.js';
import { doneTasks, failedTasks, readTaskFailure, readTaskResult } from './taskStore.js';

export interface StudyStatus {
  tasks: number;
  done: number;
  failed: number;
  pending: number;
  traces: number;
  /** CPU-seconds the failed and pending tasks should take on one core. */
  remainingSeconds: number;
  /** Measured seconds per estimated second over the done tasks (1 before any is done). */
  pace: number;
  failures: { task: string; trace: string; policy: string; error: string }[];
}

export function studyStatus(dir: string): StudyStatus {
  const plan = readPlan(dir);
  const done = doneTasks(dir);
  const failed = failedTasks(dir);
  let measured = 0;
  let estimated = 0;
  let remaining = 0;
  const failures: StudyStatus['failures'] = [];
  for (const task of plan.tasks) {
    if (done.has(task.id)) {
      measured += readTaskResult(dir, task.id).seconds;
      estimated += task.seconds;
      continue;
    }
    remaining += task.seconds;
    if (!failed.has(task.id)) continue;
    const record = readTaskFailure(dir, task.id);
    failures.push({ task: task.id, trace: plan.traces[task.trace]!.name, policy: plan.spec.policies[task.policy]!.label, error: record?.error ?? 'failed (record unreadable)' });
  }
  const pace = estimated > 0 ? measured / estimated : 1;
  const doneCount = plan.tasks.filter((t) => done.has(t.id)).length;
  return {
    tasks: plan.tasks.length,
    done: doneCount,
    failed: failures.length,
    pending: plan.tasks.length - doneCount - failures.length,
    traces: plan.traces.length,
    remainingSeconds: remaining * pace,
    pace,
    failures,
  };
}

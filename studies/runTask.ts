/**
 * One task: a policy configuration's fault curve on one trace, over the task's slice of that
 * trace's sizes, computed exactly as `faultline simulate` computes it (one thread: a study runs its
 * tasks side by side instead). Plain data in and out, so it runs in a worker thread as well.
 */
import type { LoadedTrace } from '../traces/loadedTrace.js';
import { isUserError } from '../traces/errors.js';
import { simulateTrace } from '../simulators/simulate.js';
import { allocationFromInfo } from '../simulators/allocation/allocationSpec.js';
import { resolveSizes } from '../simulators/runPlan.js';
import type { Results } from '../simulators/results.js';
import { policySpecOf, sizeItems, sliceOf, type StudyPlan, type StudyTask } from './plan.js';

export type TaskReply = { ok: true; results: Results | null; seconds: number } | { ok: false; message: string; userError: boolean; stack?: string };

/** The memory sizes of `task` on `trace`, in frames (empty when its slice is). */
export function taskSizes(plan: StudyPlan, task: StudyTask, trace: Pick<LoadedTrace, 'pageCount' | 'pageSize'>): number[] {
  const all = resolveSizes(sizeItems(plan.spec), { footprint: trace.pageCount, pageSize: trace.pageSize });
  return sliceOf(all, task.chunk, task.chunks);
}

export async function runTask(plan: StudyPlan, task: StudyTask, trace: LoadedTrace): Promise<TaskReply> {
  const start = process.hrtime.bigint();
  try {
    const { spec } = plan;
    const sizes = taskSizes(plan, task, trace);
    const results =
      sizes.length === 0
        ? null
        : await simulateTrace(trace, {
            policies: [policySpecOf(spec.policies[task.policy]!)],
            sizes,
            warmup: spec.warmup,
            cost: spec.model.cost,
            unified: spec.model.unified,
            partitions: spec.model.partitions,
            // The table keeps total counters only: no fairness baseline (per-process) is replayed.
            allocations: spec.model.allocations.map(allocationFromInfo),
            noFairness: true,
            jobs: 1,
            perSize: task.method === 'per-size',
            onePass: task.method === 'one-pass',
            seed: task.seed,
            file: plan.traces[task.trace]!.file,
            command: `faultline study run (task ${task.id})`,
          });
    return { ok: true, results, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
  } catch (err) {
    const e = err as Error;
    return { ok: false, message: e?.message ?? String(err), userError: isUserError(err), stack: isUserError(err) ? undefined : e?.stack };
  }
}

/** Jobs for per-size replays, as sent to worker threads (plain data: structured-clone safe). */
import { getPolicy, loadPolicyModule } from '../policies/registry.js';
import { makePolicySpec } from '../policies/policySpec.js';
import type { ParamValues } from '../policies/policy.js';
import type { LoadedTrace } from '../traces/index.js';
import { isUserError } from '../traces/errors.js';
import { runPolicy, type RunConfig, type RunOutcome } from './replayRun.js';

export interface ReplayJob extends RunConfig {
  policy: string;
  params: ParamValues;
}

export interface WorkerInit {
  trace: LoadedTrace;
  /** OPT's next-use array of the trace, built once by the parent (policies/nextUse.ts). */
  nextUse?: Int32Array;
  /** User policy modules to load before running jobs (absolute paths). */
  policyModules: string[];
}

export type JobReply = { ok: true; outcome: RunOutcome } | { ok: false; message: string; userError: boolean };

export async function loadModules(paths: string[]): Promise<void> {
  for (const p of paths) await loadPolicyModule(p);
}

export function runJob(trace: LoadedTrace, job: ReplayJob): JobReply {
  try {
    const spec = makePolicySpec(getPolicy(job.policy), job.params);
    return { ok: true, outcome: runPolicy(trace, spec, job) };
  } catch (err) {
    return { ok: false, message: (err as Error).message, userError: isUserError(err) };
  }
}

/**
 * Per-size replays as messages to worker threads: the policy in its wire form (plain data,
 * structured-clone safe), found again in the worker's own registry.
 */
import type { PolicyRegistry } from '../policies/registry.js';
import { fromWire, type PolicyWire } from '../policies/policySpec.js';
import type { LoadedTrace } from '../traces/index.js';
import { isUserError } from '../traces/errors.js';
import { runPolicy, type RunConfig, type RunOutcome } from './replayRun.js';

export interface ReplayJob {
  policy: PolicyWire;
  config: RunConfig;
}

export interface WorkerInit {
  trace: LoadedTrace;
  /** OPT's next-use array of the trace, built once by the parent (policies/structures/nextUse.ts). */
  nextUse?: Int32Array;
}

export type JobReply = { ok: true; outcome: RunOutcome } | { ok: false; message: string; userError: boolean };

/** Runs `job` in a worker; errors become replies (the parent rethrows them). */
export async function runJob(trace: LoadedTrace, job: ReplayJob, registry: PolicyRegistry): Promise<JobReply> {
  try {
    return { ok: true, outcome: runPolicy(trace, await fromWire(job.policy, registry), job.config) };
  } catch (err) {
    return { ok: false, message: (err as Error).message, userError: isUserError(err) };
  }
}

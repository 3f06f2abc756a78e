/** A worker thread of a study run: holds the current trace (shared memory, no copy) and runs tasks. */
import { parentPort, workerData } from 'node:worker_threads';
import type { LoadedTrace } from '../traces/loadedTrace.js';
import { loadPolicyModule } from '../policies/registry.js';
import type { StudyPlan, StudyTask } from './plan.js';
import { runTask } from './runTask.js';

export interface StudyWorkerInit {
  plan: StudyPlan;
  /** Absolute paths of the study's policy modules. */
  policyModules: string[];
}

export type StudyWorkerMessage = { kind: 'trace'; trace: LoadedTrace } | { kind: 'task'; id: number; task: StudyTask };

const init = workerData as StudyWorkerInit;
/** Resolves to the error that loading the policy modules met, if any (every task then reports it). */
const ready = (async (): Promise<Error | undefined> => {
  for (const m of init.policyModules) await loadPolicyModule(m);
  return undefined;
})().catch((err: Error) => err);
let trace: LoadedTrace | undefined;

parentPort!.on('message', async (msg: StudyWorkerMessage) => {
  if (msg.kind === 'trace') {
    trace = msg.trace;
    return;
  }
  const failed = await ready;
  const reply = failed ? { ok: false, message: failed.message, userError: true } : await runTask(init.plan, msg.task, trace!);
  parentPort!.postMessage({ id: msg.id, reply });
});

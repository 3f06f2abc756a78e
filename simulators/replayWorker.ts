/** One of the replay worker threads (replayWorkers.ts): receives the shared trace once, then runs jobs. */
import { parentPort, workerData } from 'node:worker_threads';
import { rememberNextUse } from '../policies/structures/nextUse.js';
import { PolicyRegistry } from '../policies/registry.js';
import { runJob, type ReplayJob, type WorkerInit } from './replayJobs.js';

const init = workerData as WorkerInit;
if (init.nextUse) rememberNextUse(init.trace, init.nextUse);
// User policies arrive with the module that exports them and are imported here once each.
const registry = PolicyRegistry.withBuiltins();

parentPort!.on('message', async (job: ReplayJob & { id: number }) => {
  parentPort!.postMessage({ id: job.id, reply: await runJob(init.trace, job, registry) });
});

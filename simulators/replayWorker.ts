/** A worker thread of the replay pool: receives the shared trace once, then runs jobs. */
import { parentPort, workerData } from 'node:worker_threads';
import { rememberNextUse } from '../policies/structures/nextUse.js';
import { loadModules, runJob, type ReplayJob, type WorkerInit } from './replayJobs.js';

const init = workerData as WorkerInit;
if (init.nextUse) rememberNextUse(init.trace, init.nextUse);
const ready = loadModules(init.policyModules);

parentPort!.on('message', async (job: ReplayJob & { id: number }) => {
  await ready;
  parentPort!.postMessage({ id: job.id, reply: runJob(init.trace, job) });
});

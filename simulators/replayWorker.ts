/**
 * One of the replay worker threads (replayWorkers.ts): receives the shared trace once, then batches
 * of jobs, claiming each batch's next job from the counter it shares with the other workers.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { rememberNextUse } from '../policies/structures/nextUse.js';
import { PolicyRegistry } from '../policies/registry.js';
import { runJob, type ReplayBatch, type WorkerInit } from './replayJobs.js';

const init = workerData as WorkerInit;
if (init.nextUse) rememberNextUse(init.trace, init.nextUse);
// User policies arrive with the module that exports them and are imported here once each.
const registry = PolicyRegistry.withBuiltins();

// Batches are run one after the other, in the order they came: a message arriving while a batch runs waits for it.
let running = Promise.resolve();
parentPort!.on('message', (batch: ReplayBatch) => {
  running = running.then(async () => {
    for (let k = Atomics.add(batch.claimed, 0, 1); k < batch.jobs.length; k = Atomics.add(batch.claimed, 0, 1)) {
      parentPort!.postMessage({ id: batch.ids[k], reply: await runJob(init.trace, batch.jobs[k]!, registry) });
    }
  });
});

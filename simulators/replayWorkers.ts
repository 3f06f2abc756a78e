/**
 * Runs per-size replays on worker threads that share the loaded trace through its
 * SharedArrayBuffers (no copy per worker). With one job slot it runs in the calling thread, and so
 * does a policy that a worker could not find (registered without its module: policies/registry.ts).
 */
import { availableCores } from './cores.js';
import type { Worker } from 'node:worker_threads';
import { UsageError, type LoadedTrace } from '../traces/index.js';
import { crossesThreads } from '../policies/registry.js';
import { toWire, type PolicySpec } from '../policies/policySpec.js';
import type { JobReply, ReplayJob, WorkerInit } from './replayJobs.js';
import { runPolicy, type RunConfig, type RunOutcome } from './replayRun.js';
import { startWorker } from './workerThread.js';

export function defaultJobs(): number {
  return availableCores();
}

function settle(reply: JobReply): RunOutcome {
  if (reply.ok) return reply.outcome;
  throw reply.userError ? new UsageError(reply.message) : new Error(reply.message);
}

export class ReplayWorkers {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { job: ReplayJob; resolve: (o: RunOutcome) => void; reject: (e: Error) => void }[] = [];
  private readonly pending = new Map<number, { resolve: (o: RunOutcome) => void; reject: (e: Error) => void; worker: Worker }>();
  private nextId = 0;

  /**
   * @param nextUse OPT's next-use array of the trace, to hand to the workers rather than have each
   *   build its own
   */
  constructor(
    private readonly trace: LoadedTrace,
    readonly jobs: number,
    private readonly nextUse?: Int32Array,
  ) {}

  private spawn(): Worker {
    const init: WorkerInit = { trace: this.trace };
    if (this.nextUse) init.nextUse = this.nextUse;
    const worker = startWorker(import.meta.url, 'replayWorker', init);
    worker.on('message', (msg: { id: number; reply: JobReply }) => {
      const task = this.pending.get(msg.id)!;
      this.pending.delete(msg.id);
      try {
        task.resolve(settle(msg.reply));
      } catch (err) {
        task.reject(err as Error);
      }
      this.idle.push(worker);
      this.dispatch();
    });
    worker.on('error', (err) => {
      for (const [id, task] of this.pending) {
        if (task.worker === worker) {
          this.pending.delete(id);
          task.reject(err);
        }
      }
    });
    this.workers.push(worker);
    return worker;
  }

  private dispatch(): void {
    while (this.queue.length) {
      let worker = this.idle.pop();
      if (!worker && this.workers.length < this.jobs) worker = this.spawn();
      if (!worker) return;
      const { job, resolve, reject } = this.queue.shift()!;
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject, worker });
      worker.postMessage({ ...job, id });
    }
  }

  async run(spec: PolicySpec, config: RunConfig): Promise<RunOutcome> {
    if (this.jobs <= 1 || !crossesThreads(spec.def)) return runPolicy(this.trace, spec, config);
    const job: ReplayJob = { policy: toWire(spec), config };
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
    this.idle.length = 0;
  }
}


/**
 * Runs per-size replays on a pool of worker threads that share the loaded trace through its
 * SharedArrayBuffers (no copy per worker). With one job slot it runs in the calling thread.
 */
import * as os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { UsageError, type LoadedTrace } from '../traces/index.js';
import { loadModules, runJob, type JobReply, type ReplayJob, type WorkerInit } from './replayJobs.js';
import type { RunOutcome } from './replayRun.js';
import { startWorker } from './workerThread.js';

export function defaultJobs(): number {
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

function settle(reply: JobReply): RunOutcome {
  if (reply.ok) return reply.outcome;
  throw reply.userError ? new UsageError(reply.message) : new Error(reply.message);
}

export class ReplayPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { job: ReplayJob; resolve: (o: RunOutcome) => void; reject: (e: Error) => void }[] = [];
  private readonly pending = new Map<number, { resolve: (o: RunOutcome) => void; reject: (e: Error) => void; worker: Worker }>();
  private nextId = 0;
  private readonly modulesLoaded: Promise<void>;

  /**
   * @param nextUse OPT's next-use array of the trace, to hand to the workers rather than have each
   *   build its own
   */
  constructor(
    private readonly trace: LoadedTrace,
    readonly jobs: number,
    private readonly policyModules: string[] = [],
    private readonly nextUse?: Int32Array,
  ) {
    this.modulesLoaded = jobs <= 1 ? loadModules(policyModules) : Promise.resolve();
  }

  private spawn(): Worker {
    const init: WorkerInit = { trace: this.trace, policyModules: this.policyModules };
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

  async run(job: ReplayJob): Promise<RunOutcome> {
    if (this.jobs <= 1) {
      await this.modulesLoaded;
      return settle(runJob(this.trace, job));
    }
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


/**
 * Runs per-size replays on worker threads that share the loaded trace through its
 * SharedArrayBuffers (no copy per worker). With one job slot it runs in the calling thread, and so
 * does a policy that a worker could not find (registered without its module: policies/registry.ts).
 */
import * as os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { UsageError, type LoadedTrace } from '../traces/index.js';
import { crossesThreads } from '../policies/registry.js';
import { toWire, type PolicySpec } from '../policies/policySpec.js';
import type { JobReply, ReplayBatch, ReplayJob, WorkerInit } from './replayJobs.js';
import { runPolicy, type RunConfig, type RunOutcome } from './replayRun.js';
import { startWorker } from './workerThread.js';

export function defaultJobs(): number {
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

function settle(reply: JobReply): RunOutcome {
  if (reply.ok) return reply.outcome;
  throw reply.userError ? new UsageError(reply.message) : new Error(reply.message);
}

export class ReplayWorkers {
  private readonly workers: Worker[] = [];
  /** Jobs asked for since the last batch was sent: sent together at the next turn of the event loop. */
  private queue: { job: ReplayJob; resolve: (o: RunOutcome) => void; reject: (e: Error) => void }[] = [];
  private readonly pending = new Map<number, { resolve: (o: RunOutcome) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private sendScheduled = false;

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
    });
    // Which of a batch's jobs a crashed worker had claimed is not known: every job still out fails.
    worker.on('error', (err) => {
      for (const task of this.pending.values()) task.reject(err);
      this.pending.clear();
    });
    this.workers.push(worker);
    return worker;
  }

  /**
   * Sends the jobs asked for so far as one batch to every worker: each takes the next unclaimed job
   * of the batch from a shared counter until none is left, so that the workers keep replaying while
   * the calling thread is busy elsewhere (a one-pass curve) and cannot hand out jobs one by one.
   * `run` sends at the end of the turn it is called in; a caller about to keep its thread busy sends now.
   */
  send(): void {
    this.sendScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (!batch.length) return;
    const ids = batch.map(({ resolve, reject }) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      return id;
    });
    while (this.workers.length < Math.min(this.jobs, batch.length)) this.spawn();
    const message: ReplayBatch = { jobs: batch.map((b) => b.job), ids, claimed: new Int32Array(new SharedArrayBuffer(4)) };
    for (const worker of this.workers) worker.postMessage(message);
  }

  async run(spec: PolicySpec, config: RunConfig): Promise<RunOutcome> {
    if (this.jobs <= 1 || !crossesThreads(spec.def)) return runPolicy(this.trace, spec, config);
    const job: ReplayJob = { policy: toWire(spec), config };
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      // Jobs asked for in the same turn (a curve's sizes) go out as one batch.
      if (!this.sendScheduled) {
        this.sendScheduled = true;
        queueMicrotask(() => this.send());
      }
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}


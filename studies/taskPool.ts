/**
 * Runs a study's tasks on J worker threads (in the calling thread when J is 1). All tasks in flight
 * share one trace: `useTrace` hands it to every worker (its arrays are SharedArrayBuffers, so this
 * copies nothing) once the tasks of the previous trace have finished.
 */
import type { Worker } from 'node:worker_threads';
import type { LoadedTrace } from '../traces/loadedTrace.js';
import { loadPolicyModule } from '../policies/registry.js';
import { startWorker } from '../simulators/workerThread.js';
import type { StudyPlan, StudyTask } from './plan.js';
import { runTask, type TaskReply } from './runTask.js';
import type { StudyWorkerInit, StudyWorkerMessage } from './studyWorker.js';

export class TaskPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly waiting: { task: StudyTask; resolve: (r: TaskReply) => void }[] = [];
  private readonly pending = new Map<number, { resolve: (r: TaskReply) => void; worker: Worker }>();
  private nextId = 0;
  private trace: LoadedTrace | undefined;
  private modulesLoaded: Promise<void> | undefined;

  constructor(
    private readonly plan: StudyPlan,
    readonly jobs: number,
    private readonly policyModules: string[],
  ) {}

  /** The trace of the next tasks: call it only when no task is in flight. */
  useTrace(trace: LoadedTrace): void {
    this.trace = trace;
    const msg: StudyWorkerMessage = { kind: 'trace', trace };
    for (const w of this.workers) w.postMessage(msg);
  }

  private spawn(): Worker {
    const init: StudyWorkerInit = { plan: this.plan, policyModules: this.policyModules };
    const worker = startWorker(import.meta.url, 'studyWorker', init);
    worker.postMessage({ kind: 'trace', trace: this.trace! } satisfies StudyWorkerMessage);
    worker.on('message', (msg: { id: number; reply: TaskReply }) => {
      const { resolve } = this.pending.get(msg.id)!;
      this.pending.delete(msg.id);
      this.idle.push(worker);
      this.dispatch();
      resolve(msg.reply);
    });
    worker.on('error', (err) => {
      // A worker that dies takes its task with it: report it as that task's failure; a new worker
      // takes its place for the tasks still waiting.
      this.workers.splice(this.workers.indexOf(worker), 1);
      for (const [id, entry] of this.pending) {
        if (entry.worker !== worker) continue;
        this.pending.delete(id);
        entry.resolve({ ok: false, message: `worker thread died: ${err.message}`, userError: false, stack: err.stack });
      }
      this.dispatch();
    });
    this.workers.push(worker);
    return worker;
  }

  private dispatch(): void {
    while (this.waiting.length) {
      let worker = this.idle.pop();
      if (!worker && this.workers.length < this.jobs) worker = this.spawn();
      if (!worker) return;
      const { task, resolve } = this.waiting.shift()!;
      const id = this.nextId++;
      this.pending.set(id, { resolve, worker });
      worker.postMessage({ kind: 'task', id, task } satisfies StudyWorkerMessage);
    }
  }

  async run(task: StudyTask): Promise<TaskReply> {
    if (this.jobs <= 1) {
      this.modulesLoaded ??= (async () => {
        for (const m of this.policyModules) await loadPolicyModule(m);
      })();
      await this.modulesLoaded;
      return runTask(this.plan, task, this.trace!);
    }
    return new Promise((resolve) => {
      this.waiting.push({ task, resolve });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
    this.idle.length = 0;
  }
}

/** Processes and tasks as the merger reconstructs them from `F`, `A`, `X`, `T` and `S`. */
import type { MergeProcess, MergeTask } from '../consumer.js';
import type { AddressSpace } from './addressSpace.js';

export class ProcessState implements MergeProcess {
  name = '';
  parent: ProcessState | undefined;
  exitCycle: number | undefined;
  liveTasks = 0;
  private taskLabels = new Map<number, number>();

  constructor(
    readonly id: number,
    readonly pid: number,
    readonly label: string,
    public startCycle: number,
  ) {}

  /** A label for a new task of this process: its pid, suffixed when the pid was used before. */
  taskLabel(pid: number): string {
    const n = (this.taskLabels.get(pid) ?? 0) + 1;
    this.taskLabels.set(pid, n);
    return n === 1 ? String(pid) : `${pid}-${n}`;
  }
}

/**
 * How a task's creation is still open. kVMTrace logs the `A` of a forked child in `mm_init`, which
 * may come before or after the child's `F`, so a task seen through one of them waits for the other:
 * - `awaiting-fork`: an `A` named an unknown pid; an `F` for it makes it a forked child, anything
 *   else a process that existed before the trace (like init).
 * - `awaiting-space`: an `F` created it in its creator's address space; an `A` right after makes it
 *   a new process (fork), anything else a thread of its creator's process.
 */
export type Pending = 'none' | 'awaiting-fork' | 'awaiting-space';

export class TaskState implements MergeTask {
  exitCycle: number | undefined;
  pending: Pending = 'none';
  /** For `awaiting-space`: the task that forked it. */
  creator: TaskState | undefined;

  constructor(
    readonly id: number,
    readonly pid: number,
    public label: string,
    public process: ProcessState,
    public space: AddressSpace | undefined,
    readonly startCycle: number,
  ) {}
}

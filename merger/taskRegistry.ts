/**
 * The task side of the reconstruction: processes and tasks from `F`, `A`, `X`, `T`, the running
 * task from `S`, and the attribution of each reference to a task. docs/merger.md states the rules.
 */
import type { EventBus } from './events.js';
import type { MemoryState } from './memoryState.js';
import type { RecordPosition } from './position.js';
import type { AddressSpace } from './state/addressSpace.js';
import { ProcessState, TaskState } from './state/tasks.js';
import type { Warnings } from './warnings.js';

export class TaskRegistry {
  /** Live tasks by pid. */
  private readonly tasks = new Map<number, TaskState>();
  private readonly processLabels = new Map<number, number>();
  /** The running task (from the last `S`); undefined for the idle task or before any `S`. */
  private current: TaskState | undefined;
  processes = 0;
  threads = 0;

  constructor(
    private readonly bus: EventBus,
    private readonly warnings: Warnings,
    private readonly pos: RecordPosition,
    private readonly memory: MemoryState,
  ) {}

  private newProcess(pid: number, cycle: number): ProcessState {
    const n = (this.processLabels.get(pid) ?? 0) + 1;
    this.processLabels.set(pid, n);
    this.processes++;
    return new ProcessState(this.processes - 1, pid, n === 1 ? String(pid) : `${pid}-${n}`, cycle);
  }

  private newTask(pid: number, process: ProcessState, space: AddressSpace | undefined, cycle: number): TaskState {
    const task = new TaskState(this.threads++, pid, '', process, space, cycle);
    this.tasks.set(pid, task);
    process.liveTasks++;
    if (space && !space.lastTask) space.lastTask = task;
    return task;
  }

  /** Makes a task (and a new process) known to the consumers. */
  private announce(task: TaskState, newProcess: boolean): void {
    task.pending = 'none';
    task.creator = undefined;
    task.label = task.process.taskLabel(task.pid);
    if (newProcess) this.bus.processStart(task.process);
    this.bus.taskStart(task);
  }

  /** Settles a task whose creation was still open: a pre-existing process, or a thread. */
  private settle(task: TaskState): void {
    this.announce(task, task.pending === 'awaiting-fork');
  }

  /** The live task with this pid (settled), or undefined with a warning. */
  task(pid: number): TaskState | undefined {
    const task = this.tasks.get(pid);
    if (!task) {
      this.warnings.warn('unknown-task', this.pos.where, () => `no live task has pid 0x${pid.toString(16)}`);
      return undefined;
    }
    if (task.pending !== 'none') this.settle(task);
    return task;
  }

  /** The address space of the task with this pid, or undefined with a warning. */
  spaceOf(pid: number): [TaskState | undefined, AddressSpace | undefined] {
    const task = this.task(pid);
    if (task && !task.space) {
      this.warnings.warn('no-address-space', this.pos.where, () => `task 0x${pid.toString(16)} has no known address space`);
    }
    return [task, task?.space];
  }

  /** `S`: the task switched to (pid 0 is the idle task). */
  schedule(pid: number): void {
    this.current = pid === 0 ? undefined : this.task(pid);
    const space = this.current?.space;
    if (space) space.lastTask = this.current;
  }

  /** `F`: a new task; a thread of its creator unless an `A` gives it a new space (see Pending). */
  fork(pid: number, parentPid: number, cycle: number): void {
    const creator = this.task(parentPid);
    const existing = this.tasks.get(pid);
    if (existing && existing.pending === 'awaiting-fork') {
      const process = existing.process;
      process.parent = creator?.process;
      process.name = creator?.process.name ?? '';
      if (creator?.space && existing.space) existing.space.regions.copyFrom(creator.space.regions);
      this.announce(existing, true);
      return;
    }
    if (existing) {
      this.warnings.warn('pid-reused', this.pos.where, () => `pid 0x${pid.toString(16)} is forked again before its T record`);
      this.exit(existing, cycle);
    }
    if (!creator) {
      this.announce(this.newTask(pid, this.newProcess(pid, cycle), undefined, cycle), true);
      return;
    }
    const task = this.newTask(pid, creator.process, creator.space, cycle);
    task.pending = 'awaiting-space';
    task.creator = creator;
  }

  /** `A`: a new address space — a forked child's (with `F`, in either order) or an exec's. */
  assign(pid: number, context: number, cycle: number): void {
    const task = this.tasks.get(pid);
    if (!task) {
      const process = this.newProcess(pid, cycle);
      const created = this.newTask(pid, process, this.memory.newSpace(context, process, cycle), cycle);
      created.pending = 'awaiting-fork';
      return;
    }
    if (task.pending === 'awaiting-space') {
      const creator = task.creator!;
      const process = this.newProcess(pid, cycle);
      process.parent = creator.process;
      process.name = creator.process.name;
      task.process.liveTasks--;
      task.process = process;
      process.liveTasks++;
      const space = this.memory.newSpace(context, process, cycle);
      if (creator.space) space.regions.copyFrom(creator.space.regions);
      task.space = space;
      space.lastTask = task;
      this.announce(task, true);
      return;
    }
    if (task.pending !== 'none') this.settle(task);
    task.space = this.memory.newSpace(context, task.process, cycle);
    task.space.lastTask = task;
  }

  /** `X`: the task's process now runs `program`. */
  exec(pid: number, program: string, cycle: number): void {
    const task = this.task(pid);
    if (!task) return;
    task.process.name = program;
    this.bus.exec(task, program, cycle);
  }

  /** `T`: the task ends; its process ends with its last task. */
  exitPid(pid: number, cycle: number): void {
    const task = this.task(pid);
    if (task) this.exit(task, cycle);
  }

  private exit(task: TaskState, cycle: number): void {
    if (task.pending !== 'none') this.settle(task);
    task.exitCycle = cycle;
    this.tasks.delete(task.pid);
    if (this.current === task) this.current = undefined;
    this.bus.taskExit(task);
    const process = task.process;
    if (--process.liveTasks === 0) {
      process.exitCycle = cycle;
      this.bus.processExit(process);
    }
  }

  /**
   * The task a reference in `space` is attributed to: the running task when it uses that space;
   * otherwise (warning task-mismatch when some other task runs) the task that last ran in it.
   */
  readonly attribute = (space: AddressSpace): TaskState | undefined => {
    const current = this.current;
    if (current !== undefined && current.space === space) return current;
    if (current !== undefined) {
      this.warnings.warn('task-mismatch', this.pos.where, () => `task 0x${current.pid.toString(16)} is running but the reference is in context 0x${space.context.toString(16)}`);
    }
    const task = space.lastTask;
    if (task && task.pending !== 'none') this.settle(task);
    return task;
  };

  /** Settles every task still open at the end of the trace. */
  finish(): void {
    for (const task of this.tasks.values()) if (task.pending !== 'none') this.settle(task);
  }
}

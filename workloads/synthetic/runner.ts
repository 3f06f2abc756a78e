/**
 * Runs the tasks of a synthetic workload: each task works through its program's steps (a stack
 * of frames for `repeat`), one time slice at a time, and the scheduler switches between
 * runnable tasks round-robin (an `S` record at each switch). A task that waits for its children
 * or threads leaves the run queue until the last of them exits.
 */
import { PAGE, type Region } from './space.js';
import type { Machine, SimTask } from './machine.js';
import { ScenarioFault } from './machine.js';
import { sampleTable, zipfTable, type Random } from './random.js';
import type { Scenario, Step, TouchTarget } from './scenario.js';
import type { SimFile } from './files.js';

/** Time-slice budget a system call uses, in references. */
const SYSCALL_COST = 20;
/** A prime larger than any region, so rank × PRIME mod n permutes the ranks. */
const PRIME = 2147483647;

interface Frame {
  steps: readonly Step[];
  index: number;
  /** Passes left (repeat). */
  left: number;
  /** References (touch) or bytes (read/write) done of the current step. */
  progress: number;
  /** The file the current read/write step uses. */
  file: SimFile | undefined;
}

interface TaskState {
  task: SimTask;
  frames: Frame[];
  parent: TaskState | undefined;
  /** The creator a thread is joined by. */
  creator: TaskState | undefined;
  isThread: boolean;
  liveChildren: number;
  liveThreads: number;
  blockedOn: 'children' | 'threads' | undefined;
  /** Stacks of joined threads, unmapped when this task runs again. */
  readonly stacks: Region[];
  /** Sequential cursors by region name, shared by the threads of a process (they scan together). */
  readonly cursors: Map<string, number>;
}

/** One touch target resolved for a time slice. */
interface Resolved {
  t: TouchTarget;
  r: Region;
  cdf: Float64Array | undefined;
  salt: number;
}

function nameHash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export class Runner {
  private readonly queue: TaskState[] = [];
  private head = 0;

  constructor(
    private readonly scenario: Scenario,
    private readonly machine: Machine,
    private readonly random: Random,
    private readonly paths: Map<readonly Step[], string>,
  ) {}

  /** Starts the trace: init spawns the scenario's start processes and waits for them all. */
  start(): void {
    const steps: Step[] = this.scenario.start.map((s) => ({ kind: 'spawn', program: s.program, count: s.count, wait: false }));
    steps.push({ kind: 'wait-children' });
    this.paths.set(steps, 'start');
    this.enqueue(this.state(this.machine.root(), steps, undefined, undefined));
  }

  /**
   * Runs time slices until every task has ended (true), or until `pause()`, asked after each slice,
   * says to stop for now (false: call again to go on, with the same result as one uninterrupted run).
   */
  runUntil(pause: () => boolean): boolean {
    while (this.head < this.queue.length) {
      const ts = this.queue[this.head++]!;
      if (this.head > 4096 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      this.machine.schedule(ts.task);
      if (this.run(ts, this.scenario.quantum) === 'yield') this.enqueue(ts);
      if (pause()) return this.head >= this.queue.length;
    }
    return true;
  }

  private enqueue(ts: TaskState): void {
    this.queue.push(ts);
  }

  private state(task: SimTask, steps: readonly Step[], parent: TaskState | undefined, creator: TaskState | undefined): TaskState {
    return {
      task,
      frames: [{ steps, index: 0, left: 1, progress: 0, file: undefined }],
      parent,
      creator,
      isThread: creator !== undefined,
      liveChildren: 0,
      liveThreads: 0,
      blockedOn: undefined,
      stacks: [],
      cursors: creator ? creator.cursors : new Map(),
    };
  }

  private fault(ts: TaskState, steps: readonly Step[], index: number, err: ScenarioFault): never {
    const where = this.paths.get(steps);
    throw new ScenarioFault(err.message, where ? `${where}[${index}]` : `program ${ts.task.proc.program}`);
  }

  private run(ts: TaskState, slice: number): 'yield' | 'blocked' | 'exited' {
    const m = this.machine;
    for (const stack of ts.stacks.splice(0)) m.unmapStack(ts.task, stack);
    let budget = slice;
    while (budget > 0) {
      const f = ts.frames[ts.frames.length - 1];
      if (!f) {
        this.exit(ts);
        return 'exited';
      }
      if (f.index >= f.steps.length) {
        if (--f.left > 0) f.index = 0;
        else ts.frames.pop();
        continue;
      }
      const at = f.index;
      try {
        const used = this.step(ts, f, f.steps[at]!, budget);
        if (used < 0) return 'blocked';
        budget -= used;
      } catch (err) {
        if (err instanceof ScenarioFault) this.fault(ts, f.steps, at, err);
        throw err;
      }
    }
    return 'yield';
  }

  /** Runs (part of) one step; returns the budget used, or -1 when the task now waits. */
  private step(ts: TaskState, f: Frame, step: Step, budget: number): number {
    const m = this.machine;
    const task = ts.task;
    if (step.kind === 'touch') {
      const n = Math.min(budget, step.references - f.progress);
      if (n > 0) this.touch(ts, step.targets, n);
      f.progress += n;
      if (f.progress >= step.references) this.next(f);
      return Math.max(1, n);
    }
    if (step.kind === 'read' || step.kind === 'write') return this.io(ts, f, step, budget);
    this.next(f);
    switch (step.kind) {
      case 'repeat':
        if (step.times > 0 && step.steps.length > 0) ts.frames.push({ steps: step.steps, index: 0, left: step.times, progress: 0, file: undefined });
        return 1;
      case 'brk':
        m.brk(task, step.pages);
        break;
      case 'grow-stack':
        m.growStack(task, step.pages);
        break;
      case 'mmap':
        m.mmap(task, step.region, step.pages);
        break;
      case 'mremap':
        m.mremap(task, step.region, step.pages);
        break;
      case 'munmap':
        m.munmap(task, step.region);
        break;
      case 'map':
        m.map(task, step.region, step.file, step.pick, step.pages, step.offset, step.private);
        break;
      case 'truncate':
        m.truncate(task, step.file, step.pick, step.size);
        break;
      case 'delete':
        m.unlink(task, step.file, step.pick);
        break;
      case 'shmat':
        m.shmat(task, step.region, step.segment);
        break;
      case 'shmdt':
        m.shmdt(task, step.region);
        break;
      case 'shmrm':
        m.shmrm(task, step.segment);
        break;
      case 'accept':
        m.accept(task);
        break;
      case 'exec':
        m.exec(task, step.program);
        ts.frames = [{ steps: this.scenario.programs[step.program]!.steps, index: 0, left: 1, progress: 0, file: undefined }];
        break;
      case 'fork':
      case 'spawn': {
        const steps: readonly Step[] = step.kind === 'fork' ? step.steps : this.execOf(step.program);
        for (let i = 0; i < step.count; i++) {
          this.enqueue(this.state(m.fork(task), steps, ts, undefined));
          ts.liveChildren++;
        }
        if (step.wait) return this.block(ts, 'children');
        break;
      }
      case 'wait-children':
        if (ts.liveChildren > 0) return this.block(ts, 'children');
        break;
      case 'threads':
        for (let i = 0; i < step.count; i++) {
          this.enqueue(this.state(m.thread(task), step.steps, undefined, ts));
          ts.liveThreads++;
        }
        return this.block(ts, 'threads');
    }
    return SYSCALL_COST;
  }

  private readonly execSteps = new Map<string, Step[]>();

  /** The steps of a spawned child: exec the program. */
  private execOf(program: string): Step[] {
    let steps = this.execSteps.get(program);
    if (!steps) {
      steps = [{ kind: 'exec', program }];
      this.execSteps.set(program, steps);
    }
    return steps;
  }

  private next(f: Frame): void {
    f.index++;
    f.progress = 0;
    f.file = undefined;
  }

  private block(ts: TaskState, on: 'children' | 'threads'): number {
    ts.blockedOn = on;
    return -1;
  }

  private exit(ts: TaskState): void {
    this.machine.exit(ts.task);
    const joiner = ts.isThread ? ts.creator : ts.parent;
    if (!joiner) return;
    if (ts.isThread) {
      joiner.stacks.push(ts.task.stack);
      if (--joiner.liveThreads === 0 && joiner.blockedOn === 'threads') this.wake(joiner);
    } else if (--joiner.liveChildren === 0 && joiner.blockedOn === 'children') this.wake(joiner);
  }

  private wake(ts: TaskState): void {
    ts.blockedOn = undefined;
    this.enqueue(ts);
  }

  /** `n` references spread over the step's targets. */
  private touch(ts: TaskState, targets: readonly TouchTarget[], n: number): void {
    const m = this.machine;
    const rnd = this.random;
    const list: Resolved[] = [];
    let total = 0;
    for (const t of targets) {
      const r = m.target(ts.task, t.region);
      if (r.pages === 0 || t.share === 0) continue;
      list.push({ t, r, cdf: t.pattern === 'zipf' ? zipfTable(r.pages, t.exponent) : undefined, salt: nameHash(t.region) % r.pages });
      total += t.share;
    }
    if (list.length === 0) throw new ScenarioFault(`touch: the regions ${targets.map((t) => t.region).join(', ')} have no pages`);
    let done = 0;
    while (done < n) {
      let k = 0;
      if (list.length > 1) {
        let u = rnd.next() * total;
        while (k < list.length - 1 && (u -= list[k]!.t.share) >= 0) k++;
      }
      const { t, r } = list[k]!;
      const len = Math.min(rnd.runLength(t.run), n - done);
      const index = this.pageOf(ts, list[k]!);
      for (let i = 0; i < len; i++) m.reference(ts.task, r, index, t.writes > 0 && rnd.next() < t.writes);
      done += len;
    }
  }

  private pageOf(ts: TaskState, x: Resolved): number {
    const { t, r } = x;
    const n = r.pages;
    const rnd = this.random;
    let rank: number;
    switch (t.pattern) {
      case 'sequential': {
        const at = (ts.cursors.get(t.region) ?? 0) % n;
        ts.cursors.set(t.region, at + 1);
        return at;
      }
      case 'uniform':
        return rnd.int(n);
      case 'zipf':
        rank = sampleTable(x.cdf!, rnd.next());
        break;
      case 'hotcold': {
        const hot = Math.max(1, Math.round(t.hot * n));
        rank = rnd.next() < t.hotShare || hot >= n ? rnd.int(hot) : hot + rnd.int(n - hot);
        break;
      }
    }
    return r.fromTop ? n - 1 - rank : (rank * PRIME + x.salt) % n;
  }

  /** read()/write() calls of up to `chunk` bytes until the step's bytes are moved. */
  private io(ts: TaskState, f: Frame, step: Extract<Step, { kind: 'read' | 'write' }>, budget: number): number {
    const m = this.machine;
    const task = ts.task;
    const write = step.kind === 'write';
    if (!f.file) {
      f.file = m.file(task, step.file, step.pick);
      if (step.at === 'start') m.setPosition(task, f.file, 0);
    }
    const file = f.file;
    let used = 0;
    while (used < budget && f.progress < step.bytes) {
      const want = Math.min(step.chunk, step.bytes - f.progress);
      f.progress += want;
      used += SYSCALL_COST;
      let offset = 0;
      let length = want;
      if (file.type === 'f') {
        if (step.at === 'append') offset = file.size;
        else if (step.at === 'random') offset = this.random.int(write ? file.sizePages + 1 : file.sizePages) * PAGE;
        else {
          offset = m.position(task, file);
          if (!write && offset >= file.size) offset = 0;
        }
        if (!write) length = Math.min(want, file.size - offset);
        if (length <= 0) continue; // an empty file: read() returns 0 and nothing is logged
        m.setPosition(task, file, offset + length);
      }
      m.io(task, write, file, offset, length);
    }
    if (f.progress >= step.bytes) this.next(f);
    return Math.max(1, used);
  }
}

/**
 * The global order of the traced processes' references and events. lackey's logs carry no clock,
 * so the order between processes is made, deterministically, from the logs alone:
 *
 * - Round robin: processes take turns in a ring, each running `quantum` page references (or
 *   until it blocks or ends); a new process joins the ring right after its parent, which goes on
 *   with its turn. Within a process the log's order is kept (valgrind runs its threads one at a
 *   time; thread switches come from the log).
 * - Happens-before: a child's first reference comes after its parent's fork; a parent's wait that
 *   returned child C comes after C's exit (until then the parent is blocked and skipped).
 * - When the process whose turn it is has nothing to read yet, the scheduler waits for its log
 *   rather than skipping it: the order never depends on how fast the logs were written or read.
 */
import type { StartupMap } from './debugLog.js';
import { OP_MODIFY } from './events.js';
import type { Segment } from './logDirectory.js';
import { startupImage, type StartupImage } from './startupImage.js';
import type { InheritedFd, Process, SystemModel } from './systemModel.js';

/** Where the scheduler finds logs, startup tables, and whether a process still runs. */
export interface SchedulerSources {
  /** The logs of `pid` in order of appearance. */
  segments(pid: number): readonly Segment[];
  /** The startup tables `pid` printed (one per program it started). */
  startupMaps(pid: number): readonly StartupMap[];
  libdir(): string | undefined;
  /** Whether `pid` may still write (false once it is gone: what it wrote is complete). */
  alive(pid: number): boolean;
  /** Looks for logs that appeared since the last look. */
  rescan(): void;
  /** valgrind's stderr (with the startup tables) has ended. */
  debugComplete(): boolean;
  /** What the collector's end of valgrind's stderr looks like from a process (`pipe:[…]`), if known. */
  debugPipe(): string | undefined;
}

interface Runner {
  process: Process;
  segment: Segment | undefined;
  /** The last event was an exec: the next log of this pid continues the process. */
  execing: boolean;
  /** A wait returned this child, which has not exited yet in the order. */
  waitingFor: number;
}

export type StepResult = 'progress' | 'waiting' | 'done';

export class Scheduler {
  private readonly ring: Runner[] = [];
  /** Startup tables of each pid already given to a program. */
  private readonly tablesUsed = new Map<number, number>();
  private position = 0;
  private left: number;
  private started = false;

  constructor(
    private readonly model: SystemModel,
    private readonly sources: SchedulerSources,
    private readonly rootPid: number,
    private readonly quantum: number,
    private readonly inherited: InheritedFd[],
  ) {
    this.left = quantum;
  }

  /** Processes still in the ring. */
  get live(): number {
    return this.ring.length;
  }

  /** Whether the root process has been seen at all. */
  get rootStarted(): boolean {
    return this.started;
  }

  /** Runs the order forward by at most about `budget` items. */
  step(budget: number): StepResult {
    if (!this.started) {
      if (!this.startRoot()) return 'waiting';
      if (!this.started) return 'done';
    }
    let progressed = false;
    let blockedInARow = 0;
    while (budget > 0) {
      if (this.ring.length === 0) return 'done';
      const runner = this.ring[this.position]!;
      if (runner.waitingFor && this.model.processes.has(runner.waitingFor)) {
        if (++blockedInARow > this.ring.length) return progressed ? 'progress' : 'waiting';
        this.next();
        continue;
      }
      blockedInARow = 0;
      runner.waitingFor = 0;
      const used = this.runSlice(runner, budget);
      if (used < 0) return progressed ? 'progress' : 'waiting';
      if (used > 0) progressed = true;
      budget -= Math.max(used, 1);
    }
    return 'progress';
  }

  /**
   * Starts the root process once its log and startup table are there. Returns false to wait;
   * true with `started` still false when valgrind never ran the program.
   */
  private startRoot(): boolean {
    const segment = this.sources.segments(this.rootPid).find((s) => s.start === 'exec');
    if (!segment) return this.settled(this.rootPid);
    const startup = this.startupOf(segment);
    if (startup === false) return false;
    if (!startup && this.sources.startupMaps(this.rootPid).length === 0 && !segment.probe?.map) return true;
    this.started = true;
    segment.used = true;
    const process = this.model.startRoot(this.rootPid, startup, this.inherited);
    this.ring.push({ process, segment, execing: false, waitingFor: 0 });
    return true;
  }

  /**
   * What the program starting in `segment` had mapped: its startup table when one comes through
   * valgrind's stderr (the next unused one of its pid), the maps seen as it started when its
   * stderr goes elsewhere (startProbe.ts). False: wait, a table is on its way.
   */
  private startupOf(segment: Segment): StartupImage | undefined | false {
    const pid = segment.pid;
    const probe = segment.probe;
    const pipe = this.sources.debugPipe();
    const tableComing = probe?.stderr === undefined || pipe === undefined ? undefined : probe.stderr === pipe;
    if (tableComing !== false) {
      const used = this.tablesUsed.get(pid) ?? 0;
      const table = this.sources.startupMaps(pid)[used];
      if (table) {
        this.tablesUsed.set(pid, used + 1);
        return this.image(table);
      }
      if (!this.settled(pid)) return false;
    }
    return probe?.map ? this.image(probe.map) : undefined;
  }

  /** Everything `pid` will ever write is in: it is gone and its logs and stderr are read to the end. */
  private settled(pid: number): boolean {
    if (this.sources.alive(pid)) return false;
    this.sources.rescan();
    return this.sources.segments(pid).every((s) => s.complete) && this.sources.debugComplete();
  }

  /** No more input will come: wait edges that can no longer be met are dropped. */
  unblock(): void {
    for (const runner of this.ring) runner.waitingFor = 0;
  }

  private image(map: StartupMap): StartupImage {
    return startupImage(map, this.sources.libdir());
  }

  private next(): void {
    this.position = this.ring.length ? (this.position + 1) % this.ring.length : 0;
    this.left = this.quantum;
  }

  private remove(runner: Runner): void {
    runner.segment?.queue.close();
    const i = this.ring.indexOf(runner);
    this.ring.splice(i, 1);
    if (this.position > i) this.position--;
    if (this.position >= this.ring.length) this.position = 0;
    this.left = this.quantum;
  }

  /**
   * Runs `runner` until its quantum ends, it blocks or ends, or `budget` items are used. Returns
   * the items used, or -1 when it must wait for its log.
   */
  private runSlice(runner: Runner, budget: number): number {
    const model = this.model;
    const p = runner.process;
    if (!runner.segment && !this.attachFirstLog(runner)) return -1;
    if (p.exited) {
      this.remove(runner);
      return 0;
    }
    model.run(p);
    let used = 0;
    while (used < budget) {
      if (this.left <= 0) {
        this.next();
        return used;
      }
      const queue = runner.segment!.queue;
      const chunk = queue.current();
      if (!chunk) {
        if (!runner.segment!.complete || !this.endOfLog(runner)) return used > 0 ? used : -1;
        if (p.exited) {
          this.remove(runner);
          return used;
        }
        continue;
      }
      const items = chunk.items!;
      const end = chunk.length;
      let i = queue.position;
      // The hot loop: references until an event, the end of the chunk or of the quantum.
      while (i < end && used < budget) {
        const item = items[i]!;
        if (item < 0) break;
        const op = item % 4;
        model.reference(p, (item - op) / 4, op);
        i++;
        used++;
        this.left -= op === OP_MODIFY ? 2 : 1;
        if (this.left <= 0) break;
      }
      queue.position = i;
      if (i === end || items[i]! >= 0 || this.left <= 0) continue;
      const event = chunk.events[-items[i]! - 1]!;
      if (event.kind === 'wait' && model.processes.has(event.child)) {
        runner.waitingFor = event.child;
        this.next();
        return used;
      }
      queue.position = i + 1;
      used++;
      if (event.kind === 'exec') {
        runner.execing = true;
        continue;
      }
      const child = model.apply(p, event);
      if (child) this.ring.splice(this.ring.indexOf(runner) + 1, 0, { process: child, segment: undefined, execing: false, waitingFor: 0 });
      if (p.exited) {
        this.remove(runner);
        return used;
      }
    }
    return used;
  }

  /** A forked child's first log: its pid's earliest unused log that begins in a fork. */
  private attachFirstLog(runner: Runner): boolean {
    const pid = runner.process.pid;
    const segment = this.sources.segments(pid).find((s) => !s.used && s.start === 'fork');
    if (segment) {
      segment.used = true;
      runner.segment = segment;
      return true;
    }
    if (!this.settled(pid) || this.sources.segments(pid).some((s) => !s.used && s.start === 'fork')) return false;
    // The child left no log at all: it ends where it began.
    this.model.exitAbruptly(runner.process);
    return true;
  }

  /**
   * The current log is read to its end. After an exec the next log of the pid continues the
   * process with its new program; a log that ends otherwise is a process that was killed.
   * Returns false when it must wait (for the next log or its startup table).
   */
  private endOfLog(runner: Runner): boolean {
    const p = runner.process;
    const current = runner.segment!;
    if (p.exited) return true;
    if (runner.execing) {
      const next = this.sources.segments(p.pid).find((s) => s.serial > current.serial && !s.used && s.start === 'exec');
      if (!next && !this.settled(p.pid)) return false;
      if (next) {
        const startup = this.startupOf(next);
        if (startup === false) return false;
        current.queue.close();
        next.used = true;
        runner.segment = next;
        runner.execing = false;
        this.model.exec(p, startup);
        return true;
      }
    }
    // Killed, or exec'd a program valgrind does not follow (it is not traced from there on).
    this.model.exitAbruptly(p);
    return true;
  }
}

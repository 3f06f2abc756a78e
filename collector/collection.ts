/**
 * One collection's machinery, apart from running valgrind: the logs as they grow, valgrind's
 * debug output, the model of the traced system, the scheduler, the output files — and the loop
 * that reads logs and orders them into the trace until every traced process has ended.
 */
import type { ReferenceFilterOptions } from '../workloads/referenceFilter.js';
import { DebugLog } from './debugLog.js';
import type { Prober } from './fileProbe.js';
import { FileRegistry } from './fileRegistry.js';
import { LogDirectory } from './logDirectory.js';
import { Scheduler } from './scheduler.js';
import { isValgrindFile } from './startupImage.js';
import type { StartProbe } from './startProbe.js';
import { SystemModel, type InheritedFd } from './systemModel.js';
import { TraceOutput } from './traceOutput.js';

export interface CollectionOptions {
  /** Where valgrind writes its logs, and where waiting items spill. */
  logs: string;
  spool: string;
  kernelFile: string;
  referenceFile: string;
  filter: ReferenceFilterOptions;
  /** gzip level of the outputs. */
  level: number;
  quantum: number;
  instructions: boolean;
  prober: Prober;
  /** Looks at a program as its log begins (startProbe.ts). */
  probeStart: (pid: number) => StartProbe;
  /** Receives the traced programs' own stderr (latin1 text: one character per byte). */
  passOn: (text: string) => void;
}

/** What the loop needs to know about the run. */
export interface RunState {
  /** Whether process `pid` may still write. */
  alive(pid: number): boolean;
  /** valgrind (the root process) has exited. */
  exited(): boolean;
  /** valgrind's stderr has ended. */
  stderrDone(): boolean;
  /** A failure of the run to report (valgrind could not start…). */
  failure(): Error | undefined;
  /** valgrind's stderr pipe as a process's /proc/PID/fd/2 shows it, if known. */
  debugPipe(): string | undefined;
}

const STEP_ITEMS = 1 << 20;
const IDLE_MS = 10;
const PROGRESS_MS = 250;

export class Collection {
  readonly debug: DebugLog;
  readonly files: FileRegistry;
  readonly logs: LogDirectory;
  readonly out: TraceOutput;
  readonly model: SystemModel;
  private scheduler: Scheduler | undefined;

  constructor(private readonly options: CollectionOptions) {
    this.debug = new DebugLog(options.passOn);
    this.files = new FileRegistry((file) => isValgrindFile(file, this.debug.libdir));
    this.logs = new LogDirectory({ logs: options.logs, spool: options.spool, prober: options.prober, instructions: options.instructions, probeStart: options.probeStart });
    this.out = new TraceOutput(options.kernelFile, options.referenceFile, options.filter, options.level);
    this.model = new SystemModel(this.out, this.files);
  }

  /** Whether the traced command's first process ever started under valgrind. */
  get started(): boolean {
    return this.scheduler?.rootStarted ?? false;
  }

  /**
   * Reads the logs as they grow and orders them into the trace, until every process has ended
   * and valgrind has exited. `inherited` are the descriptors the root process starts with.
   */
  async run(rootPid: number, inherited: InheritedFd[], state: RunState, onProgress?: () => void): Promise<void> {
    const { logs, debug } = this;
    const scheduler = new Scheduler(
      this.model,
      {
        segments: (pid) => logs.of(pid),
        startupMaps: (pid) => debug.startupMaps(pid),
        libdir: () => debug.libdir,
        alive: (pid) => state.alive(pid),
        rescan: () => logs.scan(),
        debugComplete: () => state.stderrDone(),
        debugPipe: () => state.debugPipe(),
      },
      rootPid,
      this.options.quantum,
      inherited,
    );
    this.scheduler = scheduler;
    let lastProgress = 0;
    let stalled = 0;
    for (;;) {
      const failure = state.failure();
      if (failure) throw failure;
      const bytes = logs.poll((pid) => state.alive(pid));
      const step = scheduler.step(STEP_ITEMS);
      const now = Date.now();
      if (onProgress && now - lastProgress >= PROGRESS_MS) {
        lastProgress = now;
        onProgress();
      }
      if (step === 'done' && state.exited()) return;
      if (step === 'waiting' && bytes === 0) {
        // With everything read, a wait the logs can no longer satisfy is dropped (then it is a bug).
        const finished = state.exited() && state.stderrDone() && logs.idle;
        if (finished && ++stalled > 2) scheduler.unblock();
        if (finished && stalled > 4) throw new Error('the collector cannot order the logs although every log is read');
        await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
      } else {
        stalled = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }

  /** Log lines of no known shape, and references beyond user space, over every log. */
  parserCounts(): { unknownLines: number; beyondUserSpace: number } {
    const parsers = this.logs.all().map((s) => s.parser);
    return { unknownLines: parsers.reduce((n, p) => n + p.unknownLines, 0), beyondUserSpace: parsers.reduce((n, p) => n + p.beyondUserSpace, 0) };
  }

  /** Finishes the output files (the filter is emptied first). */
  close(): void {
    this.out.close();
    this.logs.close();
  }

  abort(): void {
    this.out.abort();
    this.logs.close();
  }
}

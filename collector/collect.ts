/**
 * `faultline collect`: runs a command under stock valgrind (lackey with syscall and scheduler
 * tracing, following children, `-d` for the startup memory maps) and turns its logs, while it
 * runs, into the raw kVMTrace pair `DIR/kernel.gz` + `DIR/refs.gz` that `faultline merge` reads,
 * with `DIR/collect.json` saying how it was made. docs/collect.md describes what is recorded and
 * how, the order between processes, and the limits.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AtomicDirectory, OptionError, UsageError, wholeNumberOption, writeFileAtomic } from '../traces/index.js';
import { PAGE_SIZE } from '../traces/index.js';
import { FILTER_LIMIT } from '../workloads/referenceFilter.js';
import { DEFAULT_FILTER, type FilterSettings } from '../workloads/synthetic/index.js';
import { procProber } from './fileProbe.js';
import { inheritedDescriptors } from './inheritedFds.js';
import { ActivatorServer, type ActivatorCommand, type ActivatorStatus } from './activator.js';
import { Collection, type TracingStart } from './collection.js';
import type { TracingSwitch } from './systemModel.js';
import { isAlive } from './logDirectory.js';
import { probeStart } from './startProbe.js';
import { checkCommand, valgrindArguments, valgrindVersion } from './valgrind.js';

export const DEFAULT_QUANTUM = 100_000;

/** The files of a collect output directory. */
export const COLLECT_FILES = { kernel: 'kernel.gz', references: 'refs.gz', manifest: 'collect.json' } as const;

export interface CollectOptions {
  /** The output directory. */
  output: string;
  /** The command and its arguments. */
  command: string[];
  /** The valgrind executable (default `valgrind` on PATH). */
  valgrind?: string;
  /** Record instruction fetches (default true). */
  instructions?: boolean;
  /** kVMTrace's reference filter (default: the synthetic generator's DEFAULT_FILTER); `false` keeps every reference. */
  filter?: FilterSettings | false;
  /** Page references per turn in the round robin between processes. */
  quantum?: number;
  /** gzip level of the outputs (1–9, default 6). */
  level?: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Where the traced programs' stderr goes (default: this process's stderr). */
  stderr?: (bytes: Uint8Array) => void;
  /** Where the traced command's stdin comes from (default: this process's). */
  stdin?: 'inherit' | 'ignore';
  onProgress?: (progress: CollectProgress) => void;
  /** Reference tracing at the start (default: on) and the triggers that switch it on. */
  tracing?: TracingStart;
  /** A directory for the activator's socket: `faultline activator DIR start|stop|status`. */
  controlDir?: string;
  /** Called once the command runs, with the switch of reference tracing (a menu, a signal handler). */
  onControl?: (control: TracingControl) => void;
}

/** Reference tracing of a running collection, switched by the user. */
export interface TracingControl {
  /** `start`, `stop` or `status`, as the activator sends them. */
  command(command: ActivatorCommand): ActivatorStatus;
  /** Switches on when off, off when on. */
  toggle(): ActivatorStatus;
  /** Ends the traced programs (SIGTERM to each): the trace is finished as they exit. */
  finish(): void;
}

export interface CollectProgress {
  references: number;
  processes: number;
  seconds: number;
}

export interface CollectSummary {
  output: string;
  command: string[];
  cwd: string;
  valgrind: string;
  valgrindArguments: string[];
  /** The command's exit status (valgrind passes it on), or the signal that ended it. */
  exitCode: number | null;
  signal: string | null;
  seconds: number;
  /** CPU seconds (user + system) faultline itself spent: its share of the run beside valgrind's. */
  collectorCpuSeconds: number;
  files: { kernel: string; references: string };
  layout: 'x86_64';
  pageSize: number;
  order: { model: 'round-robin'; quantum: number; unit: 'page references'; happensBefore: string[] };
  instructions: boolean;
  filter: FilterSettings | null;
  /** The smallest `faultline merge --window` that puts the reference records back in order. */
  mergeWindow: number;
  processes: number;
  threads: number;
  /** Page references the program made (an access crossing a page boundary counts once per page). */
  references: number;
  /** … of them in the trace (before the filter). */
  tracedReferences: number;
  referenceRecords: number;
  kernelRecords: number;
  copyOnWrite: number;
  /** References left out: valgrind's own pages, pages no mapping covered, addresses beyond user space. */
  leftOut: { valgrindPages: number; outsideMappings: number; beyondUserSpace: number };
  /** Log lines of no known shape, calls on unknown descriptors, transfers at unknown offsets. */
  unknownLogLines: number;
  unknownDescriptors: number;
  unknownOffsets: number;
  /** Files the collector could not identify (deleted before it looked): made-up identities. */
  madeUpFiles: number;
  /** valgrind startup tables that came out incomplete (the programs' first mappings may be missing). */
  damagedStartupTables: number;
  logBytes: number;
  /** Reference tracing: how it started, its switches and windows, and what was skipped while it was off. */
  tracing: {
    start: 'on' | 'off' | 'trigger';
    afterReferences: number | null;
    afterExec: string | null;
    /** The user's switches (menu, signal, activator). */
    userSwitches: number;
    /** Every `[`/`]` record written, in order. */
    switches: TracingSwitch[];
    /** Page references looked at while tracing was off (writes, or every reference while a trigger waited). */
    untracedReferences: number;
    /** Loads and instruction fetches skipped unread while tracing was off. */
    skippedLines: number;
  };
}


/** Refuses to replace a directory that is not an earlier collect output. */
function checkOutput(output: string): void {
  if (!fs.existsSync(output)) return;
  if (!fs.statSync(output).isDirectory()) throw new OptionError('output', `${output}: exists and is not a directory`);
  const entries = fs.readdirSync(output);
  if (entries.length && !entries.includes(COLLECT_FILES.manifest)) throw new OptionError('output', `${output}: the directory exists and is not an earlier collect output; name a new or empty directory`);
}


function checkFilter(filter: FilterSettings): FilterSettings {
  wholeNumberOption('segment0', filter.segment0, 1, FILTER_LIMIT);
  wholeNumberOption('segment1', filter.segment1, 0, FILTER_LIMIT);
  if (filter.policy !== 'fifo' && filter.policy !== 'clock') throw new OptionError('filterPolicy', `must be fifo or clock, got ${String(filter.policy)}`);
  return filter;
}

const cpuSeconds = (usage: NodeJS.CpuUsage): number => Math.round((usage.user + usage.system) / 1000) / 1000;

function checkTracing(t: TracingStart): TracingStart {
  if (t.afterReferences !== undefined) wholeNumberOption('afterReferences', t.afterReferences, 1);
  if (t.afterExec !== undefined && (t.afterExec === '' || t.afterExec.includes('/'))) {
    throw new OptionError('afterExec', `takes a program's file name (no directory), got ${JSON.stringify(t.afterExec)}`);
  }
  return t;
}

export async function collectTrace(options: CollectOptions): Promise<CollectSummary> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const quantum = wholeNumberOption('quantum', options.quantum ?? DEFAULT_QUANTUM, 1);
  const level = options.level ?? 6;
  wholeNumberOption('level', level, 1, 9);
  const filter = options.filter === false ? false : checkFilter(options.filter ?? DEFAULT_FILTER);
  const instructions = options.instructions ?? true;
  const valgrind = options.valgrind ?? 'valgrind';
  const tracing = checkTracing(options.tracing ?? { on: true });
  // Absolute: valgrind opens the log files of processes that may have changed directory.
  const output = path.resolve(options.output);
  checkOutput(output);
  const version = valgrindVersion(valgrind, env);
  checkCommand(options.command, env, cwd);

  const started = Date.now();
  const cpuAtStart = process.cpuUsage();
  const dir = new AtomicDirectory(output);
  const logsDir = dir.file('logs');
  const spoolDir = dir.file('spool');
  fs.mkdirSync(logsDir);
  fs.mkdirSync(spoolDir);
  const collection = new Collection({
    logs: logsDir,
    spool: spoolDir,
    kernelFile: dir.file(COLLECT_FILES.kernel),
    referenceFile: dir.file(COLLECT_FILES.references),
    filter: filter || { segment0: 0, segment1: 0 },
    level,
    quantum,
    instructions,
    prober: procProber,
    probeStart,
    passOn: (text) => (options.stderr ?? ((bytes) => void process.stderr.write(bytes)))(Buffer.from(text, 'latin1')),
    tracing,
  });
  const { logs, model, out } = collection;
  const args = valgrindArguments(logs.pattern, options.command);

  let exit: { code: number | null; signal: string | null } | undefined;
  let stderrDone = false;
  let spawnError: Error | undefined;
  const child = spawn(valgrind, args, { cwd, env, stdio: [options.stdin ?? 'inherit', 'inherit', 'pipe'] });
  child.on('exit', (code, signal) => (exit = { code, signal }));
  child.on('error', (err) => (spawnError = err));
  // latin1 keeps one character per byte: valgrind's output pieces are counted in bytes.
  child.stderr!.setEncoding('latin1');
  child.stderr!.on('data', (text: string) => collection.debug.push(text));
  child.stderr!.on('end', () => {
    collection.debug.end();
    stderrDone = true;
  });
  const rootPid = child.pid ?? -1;
  // The root's fd 2 is the pipe: a process whose fd 2 is the same gets its startup table there.
  const debugPipe = procProber.descriptor(rootPid, 2)?.link;

  const status = (changed: boolean): ActivatorStatus => ({
    changed,
    references: collection.requested,
    switches: collection.switchCount,
    tracedReferences: model.counts.references,
    windows: model.windowCount,
  });
  const control: TracingControl = {
    command: (command) => status(command === 'status' ? false : collection.switchTracing(command === 'start')),
    toggle: () => status(collection.switchTracing(collection.requested !== 'on')),
    finish: () => {
      for (const pid of new Set([rootPid, ...logs.pids()])) if (isAlive(pid)) process.kill(pid, 'SIGTERM');
    },
  };
  let server: ActivatorServer | undefined;

  try {
    if (options.controlDir !== undefined) server = await ActivatorServer.listen(options.controlDir, (command) => control.command(command));
    options.onControl?.(control);
    await collection.run(
      rootPid,
      inheritedDescriptors(collection.files),
      {
        alive: (pid) => (pid === rootPid ? exit === undefined : isAlive(pid)),
        exited: () => exit !== undefined || spawnError !== undefined,
        stderrDone: () => stderrDone,
        failure: () => (spawnError ? new UsageError(`valgrind could not be started: ${spawnError.message}`) : undefined),
        debugPipe: () => debugPipe,
      },
      options.onProgress && (() => options.onProgress!({ references: model.counts.references, processes: model.counts.processes, seconds: (Date.now() - started) / 1000 })),
    );
    if (!collection.started) {
      throw new UsageError(`valgrind could not run ${JSON.stringify(options.command[0])} (exit status ${exit?.code ?? exit?.signal}); its messages are above`);
    }
    server?.close();
    collection.close();
    const parsed = collection.parserCounts();
    const summary: CollectSummary = {
      output,
      command: options.command,
      cwd,
      valgrind: version,
      valgrindArguments: args.map((a) => a.replace(logs.pattern, 'DIR/vg.%p.%n')),
      exitCode: exit?.code ?? null,
      signal: exit?.signal ?? null,
      seconds: (Date.now() - started) / 1000,
      collectorCpuSeconds: cpuSeconds(process.cpuUsage(cpuAtStart)),
      files: { kernel: COLLECT_FILES.kernel, references: COLLECT_FILES.references },
      layout: 'x86_64',
      pageSize: PAGE_SIZE,
      order: { model: 'round-robin', quantum, unit: 'page references', happensBefore: ['fork', 'wait'] },
      instructions,
      filter: filter || null,
      mergeWindow: out.filter.requiredWindow,
      processes: model.counts.processes,
      threads: model.counts.threads,
      references: model.counts.references,
      tracedReferences: model.counts.traced,
      referenceRecords: out.references.records,
      kernelRecords: out.kernel.records,
      copyOnWrite: model.counts.copyOnWrite,
      leftOut: {
        valgrindPages: model.counts.valgrindPages,
        outsideMappings: model.counts.outsideMappings,
        beyondUserSpace: parsed.beyondUserSpace,
      },
      unknownLogLines: parsed.unknownLines,
      unknownDescriptors: model.counts.unknownDescriptors,
      unknownOffsets: model.counts.unknownOffsets,
      madeUpFiles: collection.files.madeUp,
      damagedStartupTables: collection.debug.damagedTables,
      logBytes: logs.bytes,
      tracing: {
        start: tracing.afterExec !== undefined || tracing.afterReferences !== undefined ? 'trigger' : tracing.on ? 'on' : 'off',
        afterReferences: tracing.afterReferences ?? null,
        afterExec: tracing.afterExec ?? null,
        userSwitches: collection.switchCount,
        switches: model.windows,
        untracedReferences: model.counts.untraced,
        skippedLines: logs.skipped,
      },
    };
    fs.rmSync(logsDir, { recursive: true, force: true });
    fs.rmSync(spoolDir, { recursive: true, force: true });
    writeFileAtomic(dir.file(COLLECT_FILES.manifest), JSON.stringify(summary, null, 2) + '\n');
    dir.commit();
    return summary;
  } catch (err) {
    server?.close();
    // Stop what this run started: valgrind and the traced processes still running.
    if (exit === undefined) child.kill('SIGKILL');
    for (const pid of logs.pids()) if (pid !== rootPid && isAlive(pid)) process.kill(pid, 'SIGKILL');
    collection.abort();
    dir.abort();
    throw err;
  }
}

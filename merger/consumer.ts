/**
 * The Consumer API: what the merger tells the code that turns a merge into outputs. Every output
 * (basic, basic-named, per-process, per-thread) is a Consumer, and so is a user's module loaded
 * with `--consumer ./mine.js` (docs/merger.md walks through one).
 *
 * Events arrive in merged time order. Every callback is optional. Event objects passed to
 * `reference` and `release` are reused for the next event: copy what must outlive the call.
 * Tasks, processes and files are long-lived objects whose fields the merger keeps up to date.
 */
import type { Kind, Op } from '../traces/index.js';
import type { MergeSummary } from './summary.js';

/** A process: a pid from its creation (fork, or first sight) to the exit of its last task. */
export interface MergeProcess {
  /** Dense id, in order of creation. */
  readonly id: number;
  readonly pid: number;
  /** Unique among the merge's processes: the pid in decimal, `-2`, `-3`… when the pid was reused. */
  readonly label: string;
  /** The program it runs (from the last `X`; inherited from the parent at fork). */
  readonly name: string;
  readonly parent: MergeProcess | undefined;
  readonly startCycle: number;
  /** Undefined while alive. */
  readonly exitCycle: number | undefined;
}

/** A task (kernel-level thread): one pid from its `F` (or first sight) to its `T`. */
export interface MergeTask {
  readonly id: number;
  readonly pid: number;
  /** Unique within its process, like MergeProcess.label. */
  readonly label: string;
  readonly process: MergeProcess;
  readonly startCycle: number;
  readonly exitCycle: number | undefined;
}

/** A file, identified by (major, minor, inode). */
export interface MergeFile {
  readonly major: number;
  readonly minor: number;
  readonly inode: number;
  /** The last name seen for it (`(`, `M` or `X`), possibly truncated; '' when none was seen. */
  readonly name: string;
}

/** What backs a canonical page. Shared memory counts as anonymous in basic-named streams. */
export type PageClass = 'anonymous' | 'file' | 'shared-memory';

export interface ReferenceEvent {
  /** OP_VM_READ, OP_VM_WRITE, OP_FS_READ or OP_FS_WRITE (traces/operations.ts). */
  op: Op;
  page: number;
  /** KIND_ANON or KIND_FILE, as basic-named writes it. */
  kind: Kind;
  /** makeCode(op, kind): what a basic-named TraceWriter appends. */
  code: number;
  pageClass: PageClass;
  /** The page appears here for the first time. */
  first: boolean;
  /** Undefined when the reference could not be attributed (see the merge's warnings). */
  task: MergeTask | undefined;
  process: MergeProcess | undefined;
  cycle: number;
  reftime: number;
  /** The address space and virtual page (VM references); -1 for FS references. */
  context: number;
  vpn: number;
  /** The file and page index within it, for file pages (also for VM references through a mapping). */
  file: MergeFile | undefined;
  filePage: number;
  /** kVMTrace's `R`/`W`: referenced more than once while in its tracing pool. */
  multiple: boolean;
}

export type ReleaseCause = 'munmap' | 'mremap' | 'remap' | 'teardown' | 'cow' | 'shm-destroy' | 'delete' | 'truncate';

export interface ReleaseEvent {
  page: number;
  kind: Kind;
  pageClass: PageClass;
  cause: ReleaseCause;
  cycle: number;
  file: MergeFile | undefined;
}

export interface MappingEvent {
  /** `map`: M, m or s; `unmap`: U; `move`: @ (then `old*` say where from); `cow`: C (one page); `teardown`: u. */
  change: 'map' | 'unmap' | 'move' | 'cow' | 'teardown';
  cycle: number;
  context: number;
  process: MergeProcess | undefined;
  task: MergeTask | undefined;
  /** Bytes. */
  address: number;
  length: number;
  oldAddress: number;
  oldLength: number;
  /** For `map`: what the new region shows. */
  backing: PageClass | undefined;
  file: MergeFile | undefined;
  /** For file maps: the file page shown at `address`. */
  pageOffset: number;
}

export interface FileEvent {
  change: 'open' | 'close' | 'delete' | 'truncate';
  cycle: number;
  file: MergeFile;
  task: MergeTask | undefined;
  /** Size at open, new size at truncate; 0 otherwise. */
  size: number;
}

export interface MergeStart {
  kernelFile: string;
  referenceFile: string;
  /** Reference-trace layout (given or detected). */
  layout: string;
  pageSize: number;
}

export interface Consumer {
  /** Before the first event (open outputs here). */
  begin?(start: MergeStart): void | Promise<void>;
  reference?(event: ReferenceEvent): void;
  release?(event: ReleaseEvent): void;
  processStart?(process: MergeProcess): void;
  processExit?(process: MergeProcess): void;
  taskStart?(task: MergeTask): void;
  taskExit?(task: MergeTask): void;
  /** A task ran a new program (`X`). */
  exec?(task: MergeTask, program: string, cycle: number): void;
  mapping?(event: MappingEvent): void;
  file?(event: FileEvent): void;
  /** After the last event: finish and commit outputs. */
  end?(summary: MergeSummary): void | Promise<void>;
  /** The merge failed: remove partial outputs. */
  abort?(): void;
}

/** What a consumer is built from: the command line's output options. */
export interface ConsumerOptions {
  /** `-o`: a file, or a directory for directory outputs; undefined when none was given. */
  output: string | undefined;
  /** Write release records (`--releases`). */
  releases: boolean;
  /** File name ending of the streams of directory outputs: `.bin`, `.txt`, `.bin.gz` or `.txt.gz`. */
  suffix: string;
}

/** Builds a consumer. A `--consumer` module's default export has this type. */
export type ConsumerFactory = (options: ConsumerOptions) => Consumer | Promise<Consumer>;

/**
 * The streams of a directory output (per-process, per-thread): one basic-named file per owner
 * (a process or a task), opened at its first record and closed when the owner ends, all inside an
 * AtomicDirectory that appears only when the merge succeeds, with a `processes.json` manifest.
 * Canonical numbers are global across the files, so they are written with `globalPages`.
 */
import { AtomicDirectory, OP_RELEASE, PAGE_SIZE, PageSet, TraceWriter, UsageError, formOfPath, writeFileAtomic } from '../../traces/index.js';
import type { Consumer, ConsumerOptions, MergeProcess, MergeTask, ReferenceEvent, ReleaseEvent } from '../consumer.js';

export const MANIFEST = 'processes.json';
const UNATTRIBUTED = {};

/** One stream file: its writer (while open), the pages it has shown, its counts. */
export class OwnedStream {
  writer: TraceWriter | undefined;
  readonly seen = new PageSet();
  references = 0;
  releases = 0;

  constructor(
    readonly file: string,
    writer: TraceWriter,
    readonly process: MergeProcess | undefined,
    readonly task: MergeTask | undefined,
  ) {
    this.writer = writer;
  }
}

/** What `processes.json` says about each stream file. */
export interface ManifestEntry {
  file: string;
  process: ManifestProcess | null;
  thread: { pid: number; label: string; startCycle: number; exitCycle: number | null } | null;
  references: number;
  releases: number;
}

export interface ManifestProcess {
  label: string;
  pid: number;
  program: string;
  parent: string | null;
  startCycle: number;
  exitCycle: number | null;
}

/** The streams of one directory output, keyed by their owner: a task or process object (or the unattributed sentinel). */
export class DirectoryStreams {
  private dir: AtomicDirectory | undefined;
  private readonly target: string;
  private readonly open = new Map<object, OwnedStream>();
  private readonly done = new WeakSet<object>();
  /** Every stream ever opened, in order (for the manifest). */
  readonly all: OwnedStream[] = [];
  private lastOwner: object | undefined;
  private lastStream: OwnedStream | undefined;

  /** Checks the options; nothing is created before `begin`. */
  constructor(
    private readonly options: ConsumerOptions,
    private readonly format: string,
  ) {
    if (!options.output) throw new UsageError(`the ${format} output is a directory: name it with -o DIR/`);
    formOfPath(`stream${options.suffix}`);
    this.target = options.output.replace(/\/+$/, '') || '/';
  }

  /** Starts building the directory (under a temporary name). */
  begin(): void {
    this.dir = new AtomicDirectory(this.target);
  }

  /** The open stream of `owner`, opening `file` for it on first use. */
  streamOf(owner: object, file: () => string, process: MergeProcess | undefined, task: MergeTask | undefined): OwnedStream {
    if (owner === this.lastOwner) return this.lastStream!;
    let stream = this.open.get(owner);
    if (!stream) {
      const name = file() + this.options.suffix;
      const writer = new TraceWriter(this.dir!.file(name), { format: 'basic-named', pageSize: PAGE_SIZE, releases: this.options.releases, globalPages: true });
      stream = new OwnedStream(name, writer, process, task);
      this.open.set(owner, stream);
      this.all.push(stream);
    }
    this.lastOwner = owner;
    this.lastStream = stream;
    return stream;
  }

  /** The stream of references that no owner can take: `DIR/unattributed<suffix>`. */
  unattributed(): OwnedStream {
    return this.streamOf(UNATTRIBUTED, () => 'unattributed', undefined, undefined);
  }

  /** Appends a reference to a stream. */
  reference(stream: OwnedStream, ev: ReferenceEvent): void {
    stream.writer!.append(ev.code, ev.page);
    stream.seen.add(ev.page);
    stream.references++;
  }

  /** A page died: every open stream that has shown it gets a release record. */
  release(ev: ReleaseEvent): void {
    if (!this.options.releases) return;
    for (const stream of this.open.values()) {
      if (stream.seen.has(ev.page)) {
        stream.writer!.append(OP_RELEASE, ev.page);
        stream.releases++;
      }
    }
  }

  /** The owner ended: its file is finished (a later record for it goes elsewhere). */
  close(owner: object): void {
    const stream = this.open.get(owner);
    if (!stream) return;
    stream.writer!.close();
    stream.writer = undefined;
    this.open.delete(owner);
    this.done.add(owner);
    if (this.lastOwner === owner) this.lastOwner = this.lastStream = undefined;
  }

  /** The owner's stream was closed: records still attributed to it must go elsewhere. */
  finished(owner: object): boolean {
    return this.done.has(owner);
  }

  /** Closes every stream, writes the manifest and puts the directory in place. */
  commit(): void {
    for (const owner of [...this.open.keys()]) this.close(owner);
    const streams: ManifestEntry[] = this.all.map((s) => ({
      file: s.file,
      process: s.process ? describeProcess(s.process) : null,
      thread: s.task ? { pid: s.task.pid, label: s.task.label, startCycle: s.task.startCycle, exitCycle: s.task.exitCycle ?? null } : null,
      references: s.references,
      releases: s.releases,
    }));
    writeFileAtomic(this.dir!.file(MANIFEST), JSON.stringify({ format: this.format, streams }, null, 2) + '\n');
    this.dir!.commit();
  }

  abort(): void {
    for (const stream of this.open.values()) stream.writer!.abort();
    this.open.clear();
    this.dir?.abort();
  }

  /**
   * The output as a Consumer: each reference goes to the stream `route` picks; a stream is
   * finished when its owner (a task or a process) ends.
   */
  consumer(route: (event: ReferenceEvent) => OwnedStream): Consumer {
    return {
      begin: () => this.begin(),
      reference: (event) => this.reference(route(event), event),
      release: (event) => this.release(event),
      taskExit: (task) => this.close(task),
      processExit: (process) => this.close(process),
      end: () => this.commit(),
      abort: () => this.abort(),
    };
  }
}

function describeProcess(p: MergeProcess): ManifestProcess {
  return {
    label: p.label,
    pid: p.pid,
    program: p.name,
    parent: p.parent?.label ?? null,
    startCycle: p.startCycle,
    exitCycle: p.exitCycle ?? null,
  };
}

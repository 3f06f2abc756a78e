/**
 * Fans reconstructed events out to the consumers. The callbacks of each kind are collected once,
 * so the per-reference path is a loop over a short array; reference and release events are single
 * reused objects (the Consumer contract says so).
 */
import { KIND_ANON, OP_VM_READ } from '../traces/index.js';
import type { Consumer, FileEvent, MappingEvent, MergeProcess, MergeTask, ReferenceEvent, ReleaseEvent } from './consumer.js';

type Fn<T> = (value: T) => void;

function collect<K extends keyof Consumer>(consumers: Consumer[], key: K): NonNullable<Consumer[K]>[] {
  return consumers.filter((c) => typeof c[key] === 'function').map((c) => (c[key] as (...a: unknown[]) => unknown).bind(c) as NonNullable<Consumer[K]>);
}

export class EventBus {
  readonly ref: ReferenceEvent = {
    op: OP_VM_READ,
    page: 0,
    kind: KIND_ANON,
    code: 0,
    pageClass: 'anonymous',
    first: false,
    task: undefined,
    process: undefined,
    cycle: 0,
    reftime: 0,
    context: -1,
    vpn: -1,
    file: undefined,
    filePage: -1,
    multiple: false,
  };
  readonly rel: ReleaseEvent = { page: 0, kind: KIND_ANON, pageClass: 'anonymous', cause: 'munmap', cycle: 0, file: undefined };

  private readonly refFns: Fn<ReferenceEvent>[];
  private readonly relFns: Fn<ReleaseEvent>[];
  private readonly processStartFns: Fn<MergeProcess>[];
  private readonly processExitFns: Fn<MergeProcess>[];
  private readonly taskStartFns: Fn<MergeTask>[];
  private readonly taskExitFns: Fn<MergeTask>[];
  private readonly execFns: ((task: MergeTask, program: string, cycle: number) => void)[];
  private readonly mappingFns: Fn<MappingEvent>[];
  private readonly fileFns: Fn<FileEvent>[];

  constructor(consumers: Consumer[]) {
    this.refFns = collect(consumers, 'reference');
    this.relFns = collect(consumers, 'release');
    this.processStartFns = collect(consumers, 'processStart');
    this.processExitFns = collect(consumers, 'processExit');
    this.taskStartFns = collect(consumers, 'taskStart');
    this.taskExitFns = collect(consumers, 'taskExit');
    this.execFns = collect(consumers, 'exec');
    this.mappingFns = collect(consumers, 'mapping');
    this.fileFns = collect(consumers, 'file');
  }

  /** Some consumer wants mapping (or file) events: only then are they built. */
  get wantsMappings(): boolean {
    return this.mappingFns.length > 0;
  }

  get wantsFiles(): boolean {
    return this.fileFns.length > 0;
  }

  reference(): void {
    const fns = this.refFns;
    for (let i = 0; i < fns.length; i++) fns[i]!(this.ref);
  }

  release(): void {
    for (const f of this.relFns) f(this.rel);
  }

  processStart(p: MergeProcess): void {
    for (const f of this.processStartFns) f(p);
  }

  processExit(p: MergeProcess): void {
    for (const f of this.processExitFns) f(p);
  }

  taskStart(t: MergeTask): void {
    for (const f of this.taskStartFns) f(t);
  }

  taskExit(t: MergeTask): void {
    for (const f of this.taskExitFns) f(t);
  }

  exec(t: MergeTask, program: string, cycle: number): void {
    for (const f of this.execFns) f(t, program, cycle);
  }

  mapping(e: MappingEvent): void {
    for (const f of this.mappingFns) f(e);
  }

  file(e: FileEvent): void {
    for (const f of this.fileFns) f(e);
  }
}

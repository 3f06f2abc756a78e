/**
 * The simulated kernel of the synthetic generator: processes, tasks, address spaces, files and
 * shm segments, and every system call a scenario step makes. Each operation writes the kernel
 * records kVMTrace would have logged (docs/raw-formats.md, "Kernel-event trace", in the order the Linux 2.4
 * code paths log them), feeds user references through the reference filter, and tells the
 * truth recorder what each reference reached and which pages died.
 *
 * Time: one cycle counter; every kernel record and every reference gets its own, larger cycle,
 * so the merged order is the order of events here.
 */
import { KIND_ANON, KIND_FILE } from '../../traces/index.js';
import type { UntimedKernelRecord, KernelRecord } from '../../merger/index.js';
import type { ReferenceFilter } from '../referenceFilter.js';
import { FileSystem, type FileFamily, type SimFile } from './files.js';
import type { Random } from './random.js';
import type { ProgramSpec, Scenario, Pick } from './scenario.js';
import { ANON, FILE, MMAP_BASE, PAGE, SHM, STACK_TOP, Space, TEXT_BASE, newRegion, resizeAnon, type Region, type Segment } from './space.js';
import type { Truth } from './truth.js';

/** A tracing window in user references: [start, end), or from start to the end of the run. */
export interface TracingWindowSpec {
  start: number;
  end?: number;
}

/** Cycles a user reference takes, and a kernel event. */
const REFERENCE_CYCLES = 3;
const KERNEL_CYCLES = 211;
const FIRST_PID = 100;

export interface SimProcess {
  pid: number;
  space: Space;
  program: string;
  stackPages: number;
  /** This process's temporary files (file keys with perProcess). */
  readonly files: Map<string, FileFamily>;
  readonly open: Set<SimFile>;
  /** read()/write() position per open file. */
  readonly positions: Map<SimFile, number>;
  liveTasks: number;
}

export interface SimTask {
  pid: number;
  proc: SimProcess;
  /** Its stack: the process's `stack` region, or the thread's own mapping. */
  stack: Region;
  reftime: number;
  syscalls: number;
}

/** A runtime mistake of a scenario (a region that is not mapped, an address space that is full). */
export class ScenarioFault extends Error {
  constructor(
    message: string,
    /** The step, as a path in the scenario (`programs.cc1.steps[3]`). */
    readonly where = '',
  ) {
    super(message);
  }
}

export class Machine {
  cycle = 0;
  private running: SimTask | undefined;
  private nextPid = FIRST_PID;
  private nextContext = 0x1f3a0;
  private readonly freeContexts: number[] = [];
  private nextShmId = 0x8000;
  private readonly segments = new Map<string, Segment>();
  readonly fs: FileSystem;
  /** Page-table entries that point at each anonymous identity. */
  private sharers = new Int32Array(1 << 16);
  private readonly dying: number[] = [];
  processes = 0;
  threads = 0;
  references = 0;
  /** References are traced now (tracing windows: see setWindows). */
  private tracing = true;
  /** Reference counts at which tracing switches, latest first. */
  private switches: number[] = [];
  private window = 0;

  constructor(
    private readonly scenario: Scenario,
    private readonly random: Random,
    private readonly filter: ReferenceFilter,
    private readonly truth: Truth,
    private readonly writeKernel: (record: KernelRecord) => void,
  ) {
    this.fs = new FileSystem(scenario.files, random.fork(1));
  }

  // ---- tracing windows ----

  /**
   * References are traced only inside `windows` (user-reference counts [start, end), in order,
   * not overlapping; no end: to the end of the run). Kernel events are written throughout; the
   * switches are the activator's `[`/`]` records, `] 0` first when tracing starts off.
   */
  setWindows(windows: readonly TracingWindowSpec[]): void {
    const switches: number[] = [];
    for (const w of windows) {
      if (w.start === 0 && switches.length === 0) switches.push(0);
      else switches.push(w.start);
      if (w.end !== undefined) switches.push(w.end);
    }
    this.switches = switches.reverse();
    if (this.switches[this.switches.length - 1] !== 0) return this.stopTracing();
    // Traced from the start: window 1 is open, its `] 1` will say so.
    this.switches.pop();
    this.window = 1;
  }

  private stopTracing(): void {
    // The filter's entries leave it: their records belong to the window that ends.
    this.filter.flush();
    this.emit({ tag: ']', window: this.window });
    this.tracing = false;
  }

  private switchTracing(): void {
    this.switches.pop();
    if (this.tracing) return this.stopTracing();
    this.emit({ tag: '[', window: ++this.window });
    this.tracing = true;
  }

  // ---- records and identities ----

  private emit(record: UntimedKernelRecord): void {
    this.cycle += KERNEL_CYCLES;
    this.writeKernel({ ...record, cycle: this.cycle, reftime: this.running?.reftime ?? 0 } as KernelRecord);
  }

  /** Releases the identities that died at the record just written. */
  private releaseDying(): void {
    if (this.dying.length === 0) return;
    this.truth.release(this.dying);
    this.dying.length = 0;
  }

  private newAnon(): number {
    const id = this.truth.newIdentity(KIND_ANON);
    if (id >= this.sharers.length) {
      const grown = new Int32Array(this.sharers.length * 2);
      grown.set(this.sharers);
      this.sharers = grown;
    }
    this.sharers[id] = 1;
    return id;
  }

  private dropAnon(id: number): void {
    if (--this.sharers[id]! === 0) this.dying.push(id);
  }

  private filePage(file: SimFile, index: number): number {
    let id = file.pages.get(index);
    if (id === undefined) {
      id = this.truth.newIdentity(KIND_FILE);
      file.pages.set(index, id);
    }
    return id;
  }

  // ---- scheduling ----

  schedule(task: SimTask): void {
    if (this.running === task) return;
    this.running = task;
    this.emit({ tag: 'S', pid: task.pid });
  }

  // ---- references ----

  /**
   * One user reference by `task` to page `index` of `region`. A write to a page shared
   * copy-on-write (after fork, or a private file page) first breaks the sharing: a `C` record and
   * a new anonymous page, whose filter entry starts afresh.
   */
  reference(task: SimTask, region: Region, index: number, write: boolean): void {
    if (this.references === this.switches[this.switches.length - 1]) this.switchTracing();
    const context = task.proc.space.context;
    const vpn = region.start + index;
    let id: number;
    let created = false;
    const anon = region.anon;
    if (anon !== undefined && (region.kind === ANON || anon[index]! >= 0)) {
      id = anon[index]!;
      if (id < 0) {
        id = anon[index] = this.newAnon();
        created = true;
      } else if (write && this.sharers[id]! > 1) id = anon[index] = this.copyOnWrite(task, vpn, id);
    } else if (region.kind === FILE) {
      if (write && region.private) id = anon![index] = this.copyOnWrite(task, vpn, -1);
      else id = this.filePage(region.file!, region.pageOffset + index);
    } else {
      const ids = region.segment!.ids;
      id = ids.get(index) ?? -1;
      if (id < 0) {
        id = this.truth.newIdentity(KIND_ANON);
        ids.set(index, id);
      }
    }
    this.cycle += REFERENCE_CYCLES;
    task.reftime++;
    this.references++;
    if (!this.tracing) {
      // Not traced; a page that comes into being now says so, as the collector's `z` does.
      if (created) {
        this.emit({ tag: 'z', pid: task.pid, address: vpn * PAGE });
        this.truth.touchedBefore(id);
      }
      return;
    }
    const filter = this.filter;
    if (filter.has(context, vpn)) filter.reference(context, vpn, write, this.cycle, task.reftime);
    else filter.reference(context, vpn, write, this.cycle, task.reftime, this.truth.vmReference(id));
  }

  private copyOnWrite(task: SimTask, vpn: number, old: number): number {
    this.emit({ tag: 'C', pid: task.pid, address: vpn * PAGE });
    this.filter.delete(task.proc.space.context, vpn);
    if (old >= 0) this.dropAnon(old);
    this.releaseDying();
    const id = this.newAnon();
    if (!this.tracing) this.truth.touchedBefore(id);
    return id;
  }

  // ---- address spaces ----

  private newSpace(): Space {
    const context = this.freeContexts.pop() ?? (this.nextContext += 1 + this.random.int(4));
    return new Space(context);
  }

  /** Drops pages [from, to) of a region: anonymous identities lose a user, filter entries go. */
  private dropPages(space: Space, r: Region, from: number, to: number): void {
    if (r.anon) for (let i = from; i < to; i++) if (r.anon[i]! >= 0) this.dropAnon(r.anon[i]!);
    this.filter.deleteRange(space.context, r.start + from, r.start + to);
  }

  /** A region leaves its space (its pages must have been dropped). */
  private detach(task: SimTask, space: Space, r: Region): void {
    space.remove(r);
    if (r.file) {
      r.file.mappedBy.delete(r);
      this.finishDelete(r.file);
    }
    if (r.segment) {
      r.segment.attaches--;
      this.finishShm(task, r.segment);
    }
  }

  /** `u`: the space is torn down (exit or exec). */
  private teardown(task: SimTask, space: Space): void {
    this.emit({ tag: 'u', context: space.context });
    for (const r of space.regions) this.dropPages(space, r, 0, r.pages);
    this.filter.deleteContext(space.context);
    this.releaseDying();
    for (const r of [...space.regions]) this.detach(task, space, r);
    this.freeContexts.push(space.context);
  }

  private leaveSpace(task: SimTask, space: Space): void {
    if (--space.users === 0) this.teardown(task, space);
  }

  private area(space: Space, pages: number, what: string): number {
    const start = space.findArea(pages);
    if (start < 0) throw new ScenarioFault(`${what}: no room for ${pages} pages in the address space`);
    return start;
  }

  private region(task: SimTask, name: string): Region {
    const r = task.proc.space.byName.get(name);
    if (!r) throw new ScenarioFault(`region ${JSON.stringify(name)} is not mapped in this process`);
    return r;
  }

  /** The region a touch target names (`stack` is the task's own stack). */
  target(task: SimTask, name: string): Region {
    return name === 'stack' ? task.stack : this.region(task, name);
  }

  private add(task: SimTask, r: Region): void {
    if (task.proc.space.byName.has(r.name)) throw new ScenarioFault(`region ${JSON.stringify(r.name)} is already mapped`);
    task.proc.space.add(r);
  }

  // ---- processes and tasks ----

  private newProcess(pid: number, space: Space, program: string, stackPages: number): SimProcess {
    this.processes++;
    space.users++;
    return { pid, space, program, stackPages, files: new Map(), open: new Set(), positions: new Map(), liveTasks: 1 };
  }

  private newTask(pid: number, proc: SimProcess, stack: Region): SimTask {
    this.threads++;
    return { pid, proc, stack, reftime: 0, syscalls: 0 };
  }

  /** The task that exists when the trace starts (init): an address space with a one-page stack. */
  root(): SimTask {
    const space = this.newSpace();
    const pid = 1;
    const proc = this.newProcess(pid, space, 'init', 1);
    const stack = newRegion('stack', STACK_TOP - 1, 1, ANON, { fromTop: true });
    space.add(stack);
    const task = this.newTask(pid, proc, stack);
    this.emit({ tag: 'A', pid, context: space.context });
    this.emit({ tag: 'm', pid, address: stack.start * PAGE, length: PAGE });
    return task;
  }

  /** fork(): a new process whose space shares the parent's pages copy-on-write. */
  fork(parent: SimTask): SimTask {
    this.syscall(parent);
    const from = parent.proc.space;
    const space = this.newSpace();
    const pid = this.nextPid++;
    this.emit({ tag: 'F', pid, parentPid: parent.pid });
    this.emit({ tag: 'A', pid, context: space.context });
    let stack: Region | undefined;
    for (const r of from.regions) {
      this.emit({ tag: 'D', context: from.context, dupContext: space.context, start: r.start * PAGE, end: (r.start + r.pages) * PAGE });
      const copy: Region = { ...r, anon: r.anon?.slice() };
      if (copy.anon) for (const id of copy.anon) if (id >= 0) this.sharers[id]!++;
      if (r.file) r.file.mappedBy.set(copy, space);
      if (r.segment) r.segment.attaches++;
      space.add(copy);
      if (r === parent.stack) stack = copy;
    }
    const proc = this.newProcess(pid, space, parent.proc.program, parent.proc.stackPages);
    return this.newTask(pid, proc, stack!);
  }

  /** A thread of the task's process, with its own stack mapping. */
  thread(creator: SimTask): SimTask {
    this.syscall(creator);
    const proc = creator.proc;
    const pid = this.nextPid++;
    const pages = proc.stackPages;
    const stack = newRegion(`stack#${pid}`, this.area(proc.space, pages, 'thread stack'), pages, ANON, { fromTop: true });
    this.add(creator, stack);
    this.emit({ tag: 'm', pid: creator.pid, address: stack.start * PAGE, length: pages * PAGE });
    this.emit({ tag: 'F', pid, parentPid: creator.pid });
    proc.liveTasks++;
    proc.space.users++;
    return this.newTask(pid, proc, stack);
  }

  /** A finished thread's stack is unmapped by the task that joined it. */
  unmapStack(joiner: SimTask, stack: Region): void {
    this.unmapRegion(joiner, stack);
  }

  /** execve(): a new address space with the program, its libraries, stack and heap. */
  exec(task: SimTask, programName: string): void {
    this.syscall(task);
    const program: ProgramSpec = this.scenario.programs[programName]!;
    const proc = task.proc;
    if (proc.liveTasks > 1) throw new ScenarioFault(`exec ${programName}: the process has other threads running`);
    const old = proc.space;
    const space = this.newSpace();
    this.emit({ tag: 'A', pid: task.pid, context: space.context });
    proc.space = space;
    space.users++;
    this.leaveSpace(task, old);
    proc.program = programName;
    proc.stackPages = program.stack;
    const stack = newRegion('stack', STACK_TOP - program.stack, program.stack, ANON, { fromTop: true });
    space.add(stack);
    task.stack = stack;
    this.emit({ tag: 'm', pid: task.pid, address: stack.start * PAGE, length: program.stack * PAGE });
    const binary = this.programFile(task, program.binary);
    const end = this.mapProgramFile(task, binary, program.binary, 'text', 'data', TEXT_BASE);
    const heap = newRegion('heap', end, program.heap, ANON);
    space.add(heap);
    if (program.heap > 0) this.emit({ tag: 'm', pid: task.pid, address: heap.start * PAGE, length: program.heap * PAGE });
    this.emit({ tag: 'X', pid: task.pid, inode: binary.inode, major: binary.major, minor: binary.minor, filename: binary.path });
    for (const key of program.libraries) {
      const lib = this.programFile(task, key);
      this.mapProgramFile(task, lib, key, key, `${key}.data`, this.area(space, Math.max(1, this.scenario.files[key]!.pages), `library ${key}`));
    }
  }

  private programFile(task: SimTask, key: string): SimFile {
    return this.fs.member(key, 0, this.fs.family(key, task.proc.files), task.proc.pid);
  }

  /** Maps a program file's text (shared) and data (private) at `start`; returns the page after them. */
  private mapProgramFile(task: SimTask, file: SimFile, key: string, textName: string, dataName: string, start: number): number {
    const spec = this.scenario.files[key]!;
    const text = spec.text;
    const data = spec.pages - text;
    if (text > 0) this.mapFileAt(task, newRegion(textName, start, text, FILE, { file }));
    if (data > 0) this.mapFileAt(task, newRegion(dataName, start + text, data, FILE, { file, pageOffset: text, private: true }));
    return start + text + data;
  }

  private mapFileAt(task: SimTask, r: Region): void {
    const file = r.file!;
    this.add(task, r);
    file.mappedBy.set(r, task.proc.space);
    this.emit({ tag: 'M', pid: task.pid, address: r.start * PAGE, length: r.pages * PAGE, inode: file.inode, major: file.major, minor: file.minor, pageOffset: r.pageOffset, fileType: 'f', filename: file.path });
  }

  /** The task ends; the last task of a process takes the process with it (address space, files). */
  exit(task: SimTask): void {
    this.syscall(task);
    const proc = task.proc;
    this.leaveSpace(task, proc.space);
    if (--proc.liveTasks === 0) {
      for (const file of proc.open) this.close(task, file);
    }
    this.emit({ tag: 'T', pid: task.pid, userTime: Math.floor(task.reftime / 1000), systemTime: task.syscalls });
    if (this.running === task) this.running = undefined;
  }

  // ---- memory system calls ----

  private syscall(task: SimTask): void {
    task.syscalls++;
  }

  mmap(task: SimTask, name: string, pages: number): void {
    this.syscall(task);
    const r = newRegion(name, this.area(task.proc.space, pages, `mmap ${name}`), pages, ANON);
    this.add(task, r);
    this.emit({ tag: 'm', pid: task.pid, address: r.start * PAGE, length: pages * PAGE });
  }

  munmap(task: SimTask, name: string): void {
    this.syscall(task);
    this.unmapRegion(task, this.region(task, name));
  }

  private unmapRegion(task: SimTask, r: Region): void {
    const space = task.proc.space;
    this.emit({ tag: 'U', pid: task.pid, address: r.start * PAGE, length: r.pages * PAGE });
    this.dropPages(space, r, 0, r.pages);
    this.releaseDying();
    this.detach(task, space, r);
  }

  /** Drops the last `n` pages of an anonymous region with a `U` record. */
  private shrink(task: SimTask, r: Region, n: number): void {
    if (n <= 0) return;
    this.emit({ tag: 'U', pid: task.pid, address: (r.start + r.pages - n) * PAGE, length: n * PAGE });
    this.dropPages(task.proc.space, r, r.pages - n, r.pages);
    this.releaseDying();
    resizeAnon(r, 0, -n);
    r.pages -= n;
  }

  /** Grows an anonymous region in place by `n` pages (the `m` record covers the new part only). */
  private growInPlace(task: SimTask, r: Region, n: number): void {
    this.emit({ tag: 'm', pid: task.pid, address: (r.start + r.pages) * PAGE, length: n * PAGE });
    resizeAnon(r, 0, n);
    r.pages += n;
  }

  /** mremap(): shrinks, grows in place when the pages after it are free, or moves (`@`). */
  mremap(task: SimTask, name: string, pages: number): void {
    this.syscall(task);
    const space = task.proc.space;
    const r = this.region(task, name);
    if (r.kind !== ANON || r === task.stack) throw new ScenarioFault(`mremap ${name}: only anonymous mappings other than the stack are resized`);
    if (pages <= r.pages) return this.shrink(task, r, r.pages - pages);
    if (space.free(r.start + r.pages, pages - r.pages, r)) return this.growInPlace(task, r, pages - r.pages);
    const to = this.area(space, pages, `mremap ${name}`);
    this.emit({ tag: '@', pid: task.pid, newAddress: to * PAGE, newLength: pages * PAGE, oldAddress: r.start * PAGE, oldLength: r.pages * PAGE });
    this.filter.deleteRange(space.context, r.start, r.start + r.pages);
    space.remove(r);
    resizeAnon(r, 0, pages - r.pages);
    r.start = to;
    r.pages = pages;
    space.add(r);
  }

  /** brk(): the heap grows (an `m` of the new part) or shrinks (`U` of the tail). */
  brk(task: SimTask, pages: number): void {
    this.syscall(task);
    const heap = this.region(task, 'heap');
    if (pages <= 0) return this.shrink(task, heap, Math.min(-pages, heap.pages));
    if (!task.proc.space.free(heap.start + heap.pages, pages, heap) || heap.start + heap.pages + pages > MMAP_BASE) {
      throw new ScenarioFault(`brk: the heap cannot grow by ${pages} pages: it would run into another mapping`);
    }
    this.growInPlace(task, heap, pages);
  }

  /** The stack grows down (expand_stack logs the new part only). */
  growStack(task: SimTask, pages: number): void {
    const r = task.proc.space.byName.get('stack');
    if (!r || task.stack !== r) throw new ScenarioFault('grow-stack: only a process\'s main stack grows (thread stacks are fixed mappings)');
    if (!task.proc.space.free(r.start - pages, pages)) throw new ScenarioFault(`grow-stack: no room for ${pages} more pages`);
    this.emit({ tag: 'm', pid: task.pid, address: (r.start - pages) * PAGE, length: pages * PAGE });
    resizeAnon(r, pages, 0);
    r.start -= pages;
    r.pages += pages;
  }

  // ---- files ----

  /** The file a step names (created if it does not exist). */
  file(task: SimTask, key: string, pick: Pick): SimFile {
    const family = this.fs.family(key, task.proc.files);
    return this.fs.member(key, this.fs.pick(key, pick), family, task.proc.pid);
  }

  private open(task: SimTask, file: SimFile): void {
    const proc = task.proc;
    if (proc.open.has(file)) return;
    proc.open.add(file);
    file.opens++;
    this.emit({ tag: '(', pid: task.pid, inode: file.inode, major: file.major, minor: file.minor, size: file.size, fileType: file.type, filename: file.path });
  }

  private close(task: SimTask, file: SimFile): void {
    task.proc.open.delete(file);
    task.proc.positions.delete(file);
    file.opens--;
    this.emit({ tag: ')', pid: task.pid, inode: file.inode, major: file.major, minor: file.minor });
    this.finishDelete(file);
  }

  /** An unlinked file goes (`-`, its pages die) once nothing has it open or mapped. */
  private finishDelete(file: SimFile): void {
    if (!file.unlinked || file.gone || file.opens > 0 || file.mappedBy.size > 0) return;
    file.gone = true;
    this.emit({ tag: '-', inode: file.inode, major: file.major, minor: file.minor });
    for (const id of file.pages.values()) this.dying.push(id);
    file.pages.clear();
    this.releaseDying();
    this.fs.release(file);
  }

  map(task: SimTask, name: string, key: string, pick: Pick, pages: number | undefined, offset: number, isPrivate: boolean): void {
    this.syscall(task);
    const file = this.file(task, key, pick);
    this.open(task, file);
    const n = pages ?? Math.max(1, file.sizePages - offset);
    this.mapFileAt(task, newRegion(name, this.area(task.proc.space, n, `map ${name}`), n, FILE, { file, pageOffset: offset, private: isPrivate }));
  }

  /** One read() or write() call moving `length` bytes at `offset`; returns the bytes moved. */
  io(task: SimTask, write: boolean, file: SimFile, offset: number, length: number): void {
    this.syscall(task);
    this.open(task, file);
    this.emit({ tag: write ? '>' : '<', pid: task.pid, inode: file.inode, major: file.major, minor: file.minor, offset, length });
    if (file.type !== 'f') return;
    const last = Math.floor((offset + length - 1) / PAGE);
    for (let index = Math.floor(offset / PAGE); index <= last; index++) {
      const id = this.filePage(file, index);
      if (this.tracing) this.truth.fsReference(id, write);
      else this.truth.touchedBefore(id);
    }
    if (write && offset + length > file.size) file.size = offset + length;
  }

  /** Where the next sequential read()/write() of `file` by this process starts. */
  position(task: SimTask, file: SimFile): number {
    return task.proc.positions.get(file) ?? 0;
  }

  setPosition(task: SimTask, file: SimFile, at: number): void {
    task.proc.positions.set(file, at);
  }

  /** truncate(): pages wholly past the new size die (and leave every mapping of the file). */
  truncate(task: SimTask, key: string, pick: Pick, size: number): void {
    this.syscall(task);
    const file = this.file(task, key, pick);
    this.open(task, file);
    this.emit({ tag: 't', inode: file.inode, major: file.major, minor: file.minor, size });
    const keep = Math.ceil(size / PAGE);
    for (const [index, id] of file.pages) {
      if (index >= keep) {
        this.dying.push(id);
        file.pages.delete(index);
      }
    }
    for (const [r, space] of file.mappedBy) {
      const from = Math.max(0, keep - r.pageOffset);
      if (from < r.pages) this.filter.deleteRange(space.context, r.start + from, r.start + r.pages);
    }
    this.releaseDying();
    file.size = size;
  }

  /** unlink(): closes the file in this process; it goes when no one else has it open or mapped. */
  unlink(task: SimTask, key: string, pick: Pick): void {
    this.syscall(task);
    const family = this.fs.family(key, task.proc.files);
    const file = this.fs.unlink(family, this.fs.pick(key, pick));
    if (!file) return;
    if (task.proc.open.has(file)) this.close(task, file);
    else this.finishDelete(file);
  }

  // ---- System V shared memory ----

  shmat(task: SimTask, name: string, key: string): void {
    this.syscall(task);
    let seg = this.segments.get(key);
    if (!seg) {
      seg = { key, shmId: this.nextShmId++, pages: this.scenario.segments[key]!.pages, ids: new Map(), attaches: 0, removed: false };
      this.segments.set(key, seg);
    }
    const r = newRegion(name, this.area(task.proc.space, seg.pages, `shmat ${name}`), seg.pages, SHM, { segment: seg });
    this.add(task, r);
    seg.attaches++;
    this.emit({ tag: 's', pid: task.pid, address: r.start * PAGE, length: seg.pages * PAGE, shmId: seg.shmId });
  }

  shmdt(task: SimTask, name: string): void {
    this.syscall(task);
    const r = this.region(task, name);
    if (r.kind !== SHM) throw new ScenarioFault(`shmdt ${name}: not a shared memory attachment`);
    this.unmapRegion(task, r);
  }

  /** IPC_RMID: the segment is destroyed (`/`) when its last attachment goes. */
  shmrm(task: SimTask, key: string): void {
    this.syscall(task);
    const seg = this.segments.get(key);
    if (!seg) return;
    this.segments.delete(key);
    seg.removed = true;
    this.finishShm(task, seg);
  }

  private finishShm(task: SimTask, seg: Segment): void {
    if (!seg.removed || seg.attaches > 0) return;
    this.emit({ tag: '/', pid: task.pid, shmId: seg.shmId });
    for (const id of seg.ids.values()) this.dying.push(id);
    seg.ids.clear();
    this.releaseDying();
  }

  accept(task: SimTask): void {
    this.syscall(task);
    this.emit({ tag: 'a', pid: task.pid });
  }
}

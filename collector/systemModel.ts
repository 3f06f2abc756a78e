/**
 * The traced system as the kernel-event trace tells it: processes, their threads, address spaces,
 * descriptors and files. Each event of a process's log (events.ts), applied in the global order
 * the scheduler picks, becomes the kernel records docs/merger.md reads, so that the merger
 * rebuilds the same state:
 *
 * - a process starts with `A pid context` (the root, which existed before the trace) or with
 *   `F child parent`, `A child context` and one `D` per mapping of the parent (fork); a thread with
 *   `F tid creator` and no `A`; `S tid` whenever another task runs;
 * - exec: `A pid new-context`, `u old-context`, `X pid …`, then the new program's mappings;
 * - exit: `T` for each other thread, `u context`, `)` for descriptors left open, `T` for the last;
 * - mappings: `M` (file), `m` (anonymous), `s` (shared anonymous memory, as a shm segment of its
 *   own, destroyed with `/` when no mapping of it is left), `U`, `@` (every successful mremap, in
 *   place or moved); an mmap over mapped pages is preceded by a `U` of its range, as the kernel
 *   replaces them (the merger would otherwise keep anonymous pages it extends);
 * - files: `(` at every open (with the size then), `)` when the last descriptor of an open file
 *   goes, `<`/`>` for read and write calls (offset of the first byte moved), `t` for truncation
 *   (and O_TRUNC on a file the trace knew), `-` when an unlinked file's last open file closes;
 * - `C pid address` before the write that breaks copy-on-write (addressSpace.ts).
 */
import type { UntimedKernelRecord } from '../merger/index.js';
import { PAGE_SIZE } from '../traces/index.js';
import { AddressSpace, REGION_ANON, REGION_EXCLUDED, REGION_FILE_PRIVATE, REGION_FILE_SHARED, REGION_SHM, TOUCH_COW, TOUCH_OK, TOUCH_OUTSIDE, type Region, type RegionKind } from './addressSpace.js';
import { OP_READ, OP_WRITE, type CollectorEvent, type ProbedPath } from './events.js';
import { FdTable, OpenFile } from './fdTable.js';
import type { FileInfo, FileRegistry } from './fileRegistry.js';
import { MAP_ANONYMOUS, MAP_SHARED, MAP_SHARED_VALIDATE, O_APPEND, O_CLOEXEC, O_TRUNC } from './linux.js';
import type { StartupImage } from './startupImage.js';
import type { TraceOutput } from './traceOutput.js';

export class Task {
  /** References made so far: the task's "virtual time" (kVMTrace's reference timestamp). */
  reftime = 0;
  constructor(readonly id: number) {}
}

export class Process {
  /** Live threads by valgrind thread id. */
  tasks = new Map<number, Task>();
  current: Task;
  /** Kernel ids of threads created but not yet seen running, oldest first. */
  pendingThreads: number[] = [];
  /** The brk area's base and the end of what is mapped of it (bytes); start -1 when unknown. */
  brkStart = -1;
  brkEnd = -1;
  /** The least the brk area keeps mapped (what valgrind mapped at start). */
  brkFloor = -1;
  exited = false;

  constructor(
    readonly pid: number,
    public space: AddressSpace,
    public fds: FdTable,
    leader: Task,
    vgtid: number,
  ) {
    this.tasks.set(vgtid, leader);
    this.current = leader;
  }
}

/** A descriptor the process has when the trace starts (the root's stdin, stdout, stderr). */
export interface InheritedFd {
  fd: number;
  file: FileInfo;
  offset: number;
  append: boolean;
}

export interface ModelCounts {
  processes: number;
  threads: number;
  /** Page references seen (instruction fetches included unless left out at parsing). */
  references: number;
  /** … of which written to the filter. */
  traced: number;
  /** … left out: no mapping covered the page. */
  outsideMappings: number;
  /** … left out: valgrind's own pages. */
  valgrindPages: number;
  copyOnWrite: number;
  /** read/write/mmap calls on descriptors the collector did not know. */
  unknownDescriptors: number;
  /** sendfile/copy_file_range whose file offset was behind a pointer (the read is not recorded). */
  unknownOffsets: number;
}

const pageOf = (address: number): number => Math.floor(address / PAGE_SIZE);
const pageEnd = (address: number, length: number): number => Math.ceil((address + length) / PAGE_SIZE);

export class SystemModel {
  readonly counts: ModelCounts = { processes: 0, threads: 0, references: 0, traced: 0, outsideMappings: 0, valgrindPages: 0, copyOnWrite: 0, unknownDescriptors: 0, unknownOffsets: 0 };
  /** Live processes by pid. */
  readonly processes = new Map<number, Process>();
  /** The task whose references come now, and its process. */
  private running: Task | undefined;
  private runningProcess: Process | undefined;
  private nextContext = 1;
  private nextShm = 1;
  /** Ids for threads whose kernel id the log did not give. */
  private nextMadeUpTid = 0x40000000;

  constructor(
    private readonly out: TraceOutput,
    private readonly files: FileRegistry,
  ) {}

  private emit(record: UntimedKernelRecord, task: Task): void {
    this.out.record(record, task.reftime);
  }

  // ---- processes and threads ----

  /** The traced command's first process, which exists before the trace begins. */
  startRoot(pid: number, image: StartupImage | undefined, inherited: InheritedFd[]): Process {
    const leader = new Task(pid);
    const p = new Process(pid, new AddressSpace(this.nextContext++), new FdTable(), leader, 1);
    this.processes.set(pid, p);
    this.counts.processes++;
    this.counts.threads++;
    this.emit({ tag: 'A', pid, context: p.space.context }, leader);
    this.loadImage(p, image);
    for (const h of inherited) {
      const open = new OpenFile(h.file, h.append);
      open.offset = h.offset;
      this.addDescription(p, leader, h.fd, open, false);
    }
    return p;
  }

  /** Process `p` gets the processor (the scheduler's choice): `S` when another task ran. */
  run(p: Process): void {
    this.runningProcess = p;
    if (this.running !== p.current) {
      this.running = p.current;
      this.emit({ tag: 'S', pid: p.current.id }, p.current);
    }
  }

  /** One page reference by process `p`'s current thread (op as the items carry it). */
  reference(p: Process, vpn: number, op: number): void {
    if (op !== OP_WRITE) this.touch(p.current, p.space, vpn, false);
    if (op !== OP_READ) this.touch(p.current, p.space, vpn, true);
  }

  private touch(task: Task, space: AddressSpace, vpn: number, write: boolean): void {
    this.counts.references++;
    task.reftime++;
    const t = space.touch(vpn, write);
    if (t === TOUCH_OK || t === TOUCH_COW) {
      if (t === TOUCH_COW) {
        // The old page's entry leaves the filter with what was done to it before the copy.
        this.out.filter.delete(space.context, vpn);
        this.emit({ tag: 'C', pid: task.id, address: vpn * PAGE_SIZE }, task);
        this.counts.copyOnWrite++;
      }
      this.counts.traced++;
      this.out.reference(space.context, vpn, write, task.reftime);
    } else if (t === TOUCH_OUTSIDE) this.counts.outsideMappings++;
    else this.counts.valgrindPages++;
  }

  /**
   * Applies one event of process `p`. Returns the new process for a fork (the scheduler adds it
   * to its ring). Exec and wait are the scheduler's to handle (they need other logs).
   */
  apply(p: Process, ev: CollectorEvent): Process | undefined {
    const task = ev.kind === 'switch' ? p.current : (p.tasks.get(ev.tid) ?? p.current);
    switch (ev.kind) {
      case 'switch':
        return void this.switchThread(p, ev.tid, ev.starting);
      case 'thread':
        this.counts.threads++;
        p.pendingThreads.push(ev.child);
        return void this.emit({ tag: 'F', pid: ev.child, parentPid: task.id }, task);
      case 'fork':
        return this.fork(p, task, ev.tid, ev.child);
      case 'exit':
        if (p.tasks.size <= 1) return void this.exit(p, task);
        p.tasks.delete(ev.tid);
        return void this.emit({ tag: 'T', pid: task.id, userTime: 0, systemTime: 0 }, task);
      case 'exitGroup':
        return void this.exit(p, task);
      case 'open':
        return void this.open(p, task, ev.fd, ev.flags, ev.target);
      case 'pipe': {
        const file = this.files.madeUpFile(ev.type, ev.type === 'p' ? 'pipe' : 'socket');
        for (const fd of p.fds.lowestFree(2)) this.addDescription(p, task, fd, new OpenFile(file, false), ev.cloexec);
        return;
      }
      case 'dup': {
        if (ev.lowest >= 0) p.fds.observeLowest(ev.newFd, ev.lowest);
        const open = p.fds.get(ev.oldFd);
        if (open) this.release(task, p.fds.set(ev.newFd, open, ev.cloexec));
        else this.release(task, p.fds.remove(ev.newFd));
        return;
      }
      case 'close':
        return void this.release(task, p.fds.remove(ev.fd));
      case 'closeRange':
        for (const fd of p.fds.inRange(ev.first, ev.last)) {
          if (ev.cloexecOnly) p.fds.setCloexec(fd, true);
          else this.release(task, p.fds.remove(fd));
        }
        return;
      case 'cloexec':
        return void p.fds.setCloexec(ev.fd, ev.on);
      case 'append': {
        const open = p.fds.get(ev.fd);
        if (open) open.append = ev.on;
        return;
      }
      case 'seek': {
        const open = p.fds.get(ev.fd);
        if (open) open.offset = ev.position;
        return;
      }
      case 'io':
        return void this.io(p, task, ev.fd, ev.write, ev.offset, ev.length);
      case 'transfer':
        if (ev.inOffset === -2) this.counts.unknownOffsets++;
        else this.io(p, task, ev.inFd, false, ev.inOffset, ev.length);
        if (ev.outOffset === -2) this.counts.unknownOffsets++;
        else this.io(p, task, ev.outFd, true, ev.outOffset, ev.length);
        return;
      case 'truncate': {
        const file = ev.fd >= 0 ? p.fds.get(ev.fd)?.file : ev.target?.identity ? this.files.identify(ev.target, 'f') : this.files.byPath(ev.target?.path ?? '');
        if (file) this.truncate(file, ev.length, task);
        return;
      }
      case 'unlink':
        return void this.unlinked(this.files.unlink(ev.path), task);
      case 'rename':
        return void this.unlinked(this.files.rename(ev.from, ev.to), task);
      case 'mmap':
        return void this.mmap(p, task, ev.address, ev.length, ev.flags, ev.fd, ev.offset);
      case 'munmap':
        return void this.unmap(p, task, ev.address, ev.length);
      case 'mremap':
        return void this.mremap(p, task, ev.oldAddress, ev.oldLength, ev.address, ev.length);
      case 'brk':
        return void this.brk(p, task, ev.value);
      case 'exec':
      case 'wait':
        return;
    }
  }

  private switchThread(p: Process, vgtid: number, starting: boolean): void {
    // A program's first thread "starts" too: it is the task the process already has.
    let task = starting && p.pendingThreads.length > 0 ? undefined : p.tasks.get(vgtid);
    if (!task) {
      let id = p.pendingThreads.shift();
      if (id === undefined) {
        // A thread the log never showed created: give it an id and create it now.
        id = this.nextMadeUpTid++;
        this.counts.threads++;
        this.emit({ tag: 'F', pid: id, parentPid: p.current.id }, p.current);
      }
      task = new Task(id);
      p.tasks.set(vgtid, task);
    }
    p.current = task;
    this.run(p);
  }

  private fork(parent: Process, task: Task, vgtid: number, pid: number): Process {
    const space = parent.space.fork(this.nextContext++);
    const child = new Process(pid, space, parent.fds.copy(), new Task(pid), vgtid);
    child.brkStart = parent.brkStart;
    child.brkEnd = parent.brkEnd;
    child.brkFloor = parent.brkFloor;
    this.processes.set(pid, child);
    this.counts.processes++;
    this.counts.threads++;
    this.emit({ tag: 'F', pid, parentPid: task.id }, task);
    this.emit({ tag: 'A', pid, context: space.context }, task);
    for (const r of parent.space.mappings) {
      if (r.kind === REGION_EXCLUDED) continue;
      this.emit({ tag: 'D', context: parent.space.context, dupContext: space.context, start: r.start * PAGE_SIZE, end: r.end * PAGE_SIZE }, task);
    }
    return child;
  }

  /** exec: a new address space with the new program's startup mappings; close-on-exec descriptors go. */
  exec(p: Process, image: StartupImage | undefined): void {
    const leader = [...p.tasks.values()].find((t) => t.id === p.pid) ?? p.current;
    for (const t of p.tasks.values()) if (t !== leader) this.emit({ tag: 'T', pid: t.id, userTime: 0, systemTime: 0 }, t);
    p.tasks = new Map([[1, leader]]);
    p.current = leader;
    p.pendingThreads = [];
    const old = p.space;
    p.space = new AddressSpace(this.nextContext++);
    this.emit({ tag: 'A', pid: p.pid, context: p.space.context }, leader);
    this.teardown(old, leader);
    for (const fd of p.fds.closeOnExec()) this.release(leader, p.fds.remove(fd));
    p.brkStart = p.brkEnd = p.brkFloor = -1;
    this.loadImage(p, image);
    this.run(p);
  }

  /** `X` and the startup mappings of a program. */
  private loadImage(p: Process, image: StartupImage | undefined): void {
    const task = p.current;
    const exe = image?.exe ? this.files.get(image.exe.identity, image.exe.path) : this.files.madeUpFile('f', '');
    if (image?.exe) this.files.setPath(image.exe.path, exe);
    this.emit({ tag: 'X', pid: p.pid, inode: exe.inode, major: exe.major, minor: exe.minor, filename: exe.name }, task);
    for (const m of image?.mappings ?? []) {
      if (m.kind === 'anon') this.mapAnon(p, task, m.start, m.end - m.start, REGION_ANON);
      else if (m.kind === 'excluded') p.space.map(region(pageOf(m.start), pageEnd(m.start, m.end - m.start), REGION_EXCLUDED, undefined, 0));
      else this.mapFile(p, task, m.start, m.end - m.start, this.files.get(m.identity!, m.path), m.offset, false);
    }
    if (image?.brk) {
      p.brkStart = image.brk.start;
      p.brkEnd = p.brkFloor = image.brk.end;
    }
  }

  private exit(p: Process, last: Task): void {
    for (const t of p.tasks.values()) if (t !== last) this.emit({ tag: 'T', pid: t.id, userTime: 0, systemTime: 0 }, t);
    this.teardown(p.space, last);
    for (const fd of p.fds.all()) this.release(last, p.fds.remove(fd));
    this.emit({ tag: 'T', pid: last.id, userTime: 0, systemTime: 0 }, last);
    p.exited = true;
    p.tasks.clear();
    this.processes.delete(p.pid);
    if (this.runningProcess === p) this.running = this.runningProcess = undefined;
  }

  /** A process whose log ended without an exit (killed by a signal): it exits there. */
  exitAbruptly(p: Process): void {
    this.exit(p, p.current);
  }

  private teardown(space: AddressSpace, task: Task): void {
    this.out.filter.deleteContext(space.context);
    const regions = space.teardown();
    this.emit({ tag: 'u', context: space.context }, task);
    this.destroyUnusedShm(regions, task);
  }

  // ---- mappings ----

  private mapAnon(p: Process, task: Task, address: number, length: number, kind: RegionKind): void {
    const start = pageOf(address);
    const end = pageEnd(address, length);
    if (kind === REGION_SHM) {
      const shm = this.nextShm++;
      p.space.map(region(start, end, REGION_SHM, undefined, 0, shm));
      return this.emit({ tag: 's', pid: task.id, address, length, shmId: shm }, task);
    }
    p.space.map(region(start, end, REGION_ANON, undefined, 0));
    this.emit({ tag: 'm', pid: task.id, address, length }, task);
  }

  private mapFile(p: Process, task: Task, address: number, length: number, file: FileInfo, offset: number, shared: boolean): void {
    const start = pageOf(address);
    const end = pageEnd(address, length);
    const pageOffset = Math.floor(offset / PAGE_SIZE);
    if (file.excluded) return p.space.map(region(start, end, REGION_EXCLUDED, undefined, 0));
    // The merger maps devices, pipes and sockets as anonymous memory: so does the model.
    const kind = file.type !== 'f' ? REGION_ANON : shared ? REGION_FILE_SHARED : REGION_FILE_PRIVATE;
    p.space.map(region(start, end, kind, file, pageOffset));
    this.emit({ tag: 'M', pid: task.id, address, length, inode: file.inode, major: file.major, minor: file.minor, pageOffset, fileType: file.type, filename: file.name }, task);
  }

  private mmap(p: Process, task: Task, address: number, length: number, flags: number, fd: number, offset: number): void {
    const shared = (flags & MAP_SHARED_VALIDATE) === MAP_SHARED || (flags & MAP_SHARED_VALIDATE) === MAP_SHARED_VALIDATE;
    if (p.space.overlaps(pageOf(address), pageEnd(address, length))) this.unmap(p, task, address, length);
    if ((flags & MAP_ANONYMOUS) !== 0) return this.mapAnon(p, task, address, length, shared ? REGION_SHM : REGION_ANON);
    const open = p.fds.get(fd);
    if (!open) {
      this.counts.unknownDescriptors++;
      return this.mapAnon(p, task, address, length, REGION_ANON);
    }
    this.mapFile(p, task, address, length, open.file, offset, shared);
  }

  private unmap(p: Process, task: Task, address: number, length: number): void {
    const start = pageOf(address);
    const end = pageEnd(address, length);
    this.out.filter.deleteRange(p.space.context, start, end);
    const removed = p.space.unmap(start, end);
    if (removed.every((r) => r.kind === REGION_EXCLUDED)) return;
    this.emit({ tag: 'U', pid: task.id, address, length }, task);
    this.destroyUnusedShm(removed, task);
  }

  private mremap(p: Process, task: Task, oldAddress: number, oldLength: number, address: number, length: number): void {
    const context = p.space.context;
    this.out.filter.deleteRange(context, pageOf(oldAddress), pageEnd(oldAddress, oldLength));
    this.out.filter.deleteRange(context, pageOf(address), pageEnd(address, length));
    const removed = p.space.move(pageOf(oldAddress), pageEnd(oldAddress, oldLength), pageOf(address), pageEnd(address, length));
    this.emit({ tag: '@', pid: task.id, newAddress: address, newLength: length, oldAddress, oldLength }, task);
    this.destroyUnusedShm(removed, task);
  }

  /** brk moved the break to `value`: the brk area's mapping grows or shrinks page-wise. */
  private brk(p: Process, task: Task, value: number): void {
    if (p.brkStart < 0) {
      p.brkStart = value;
      p.brkEnd = p.brkFloor = pageEnd(value, 0) * PAGE_SIZE;
      return;
    }
    const end = Math.max(pageEnd(value, 0) * PAGE_SIZE, p.brkFloor);
    if (end > p.brkEnd) this.mapAnon(p, task, p.brkEnd, end - p.brkEnd, REGION_ANON);
    else if (end < p.brkEnd) this.unmap(p, task, end, p.brkEnd - end);
    p.brkEnd = end;
  }

  /** `/` for each shared-memory segment among `removed` that no live address space maps any more. */
  private destroyUnusedShm(removed: Region[], task: Task): void {
    for (const shm of new Set(removed.filter((r) => r.kind === REGION_SHM).map((r) => r.shm))) {
      let used = false;
      for (const q of this.processes.values()) if (q.space.mappings.some((r) => r.kind === REGION_SHM && r.shm === shm)) used = true;
      if (!used) this.emit({ tag: '/', pid: task.id, shmId: shm }, task);
    }
  }

  // ---- files ----

  private open(p: Process, task: Task, fd: number, flags: number, target: ProbedPath): void {
    const known = target.identity !== undefined && this.files.has(target.identity);
    const file = this.files.identify(target, 'f');
    if (target.identity) file.size = target.identity.size;
    if ((flags & O_TRUNC) !== 0 && file.type === 'f') {
      if (known && !file.excluded) this.truncate(file, 0, task);
      file.size = 0;
    }
    this.files.setPath(target.path, file);
    p.fds.observeLowest(fd, 0);
    this.addDescription(p, task, fd, new OpenFile(file, (flags & O_APPEND) !== 0), (flags & O_CLOEXEC) !== 0);
  }

  private addDescription(p: Process, task: Task, fd: number, open: OpenFile, cloexec: boolean): void {
    const file = open.file;
    file.openFiles++;
    this.release(task, p.fds.set(fd, open, cloexec));
    if (!file.excluded) this.emit({ tag: '(', pid: task.id, inode: file.inode, major: file.major, minor: file.minor, size: file.size, fileType: file.type, filename: file.name }, task);
  }

  /** A descriptor let go of `open`: when no descriptor points there any more, the file is closed. */
  private release(task: Task, open: OpenFile | undefined): void {
    if (!open || open.refs > 0) return;
    const file = open.file;
    file.openFiles--;
    if (!file.excluded) this.emit({ tag: ')', pid: task.id, inode: file.inode, major: file.major, minor: file.minor }, task);
    if (file.unlinked && file.openFiles === 0) this.delete(file, task);
  }

  private io(p: Process, task: Task, fd: number, write: boolean, offset: number, length: number): void {
    const open = p.fds.get(fd);
    if (!open) return void this.counts.unknownDescriptors++;
    const file = open.file;
    const at = offset >= 0 ? offset : write && open.append ? file.size : open.offset;
    if (offset < 0) open.offset = at + length;
    if (write) file.size = Math.max(file.size, at + length);
    if (length > 0 && !file.excluded) this.emit({ tag: write ? '>' : '<', pid: task.id, inode: file.inode, major: file.major, minor: file.minor, offset: at, length }, task);
  }

  private truncate(file: FileInfo, length: number, task: Task): void {
    file.size = length;
    if (!file.excluded) this.emit({ tag: 't', inode: file.inode, major: file.major, minor: file.minor, size: length }, task);
  }

  /** A file lost its name: it is deleted now, or when its last open file closes. */
  private unlinked(file: FileInfo | undefined, task: Task): void {
    if (!file) return;
    file.unlinked = true;
    if (file.openFiles === 0) this.delete(file, task);
  }

  private delete(file: FileInfo, task: Task): void {
    this.files.remove(file);
    if (!file.excluded) this.emit({ tag: '-', inode: file.inode, major: file.major, minor: file.minor }, task);
  }
}

function region(start: number, end: number, kind: RegionKind, file: object | undefined, pageOffset: number, shm = 0): Region {
  return { start, end, kind, file, pageOffset, shm };
}

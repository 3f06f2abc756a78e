/** Applies one kernel-event record to the reconstructed state (the tags of docs/raw-formats.md). */
import type { FileEvent } from './consumer.js';
import type { EventBus } from './events.js';
import type { MemoryState } from './memoryState.js';
import type { RecordPosition } from './position.js';
import type { KernelRecord } from './raw/index.js';
import type { FileState } from './state/files.js';
import type { TaskState } from './state/tasks.js';
import type { TaskRegistry } from './taskRegistry.js';
import type { Warnings } from './warnings.js';

export class KernelDispatch {
  private lastCycle = -1;

  constructor(
    private readonly tasks: TaskRegistry,
    private readonly memory: MemoryState,
    private readonly bus: EventBus,
    private readonly warnings: Warnings,
    private readonly pos: RecordPosition,
  ) {}

  private fileEvent(change: FileEvent['change'], file: FileState, task: TaskState | undefined, size: number, cycle: number): void {
    if (this.bus.wantsFiles) this.bus.file({ change, cycle, file, task, size });
  }

  apply(r: KernelRecord): void {
    const cycle = r.cycle;
    if (cycle < this.lastCycle) {
      const last = this.lastCycle;
      this.warnings.warn('kernel-out-of-order', this.pos.where, () => `cycle 0x${cycle.toString(16)} is earlier than the previous kernel record's 0x${last.toString(16)}`);
    } else this.lastCycle = cycle;
    const { tasks, memory } = this;
    switch (r.tag) {
      case 'S':
        return tasks.schedule(r.pid);
      case 'F':
        return tasks.fork(r.pid, r.parentPid, cycle);
      case 'A':
        return tasks.assign(r.pid, r.context, cycle);
      case 'X': {
        memory.files.get(r.major, r.minor, r.inode).name = r.filename;
        return tasks.exec(r.pid, r.filename, cycle);
      }
      case 'T':
        return tasks.exitPid(r.pid, cycle);
      case 'D':
        return memory.duplicate(r.context, r.dupContext, r.start, r.end, cycle);
      case 'u':
        return memory.teardown(r.context, cycle);
      case 'M': {
        const [task, space] = tasks.spaceOf(r.pid);
        if (!space) return;
        const file = memory.files.get(r.major, r.minor, r.inode);
        file.name = r.filename;
        file.type = r.fileType;
        // A mapping of a device, pipe or socket is not page cache: its pages are anonymous memory.
        if (r.fileType !== 'f') return memory.mapAnonymous(space, r.address, r.length, task, cycle);
        return memory.mapFile(space, file, r.address, r.length, r.pageOffset, task, cycle);
      }
      case 'm': {
        const [task, space] = tasks.spaceOf(r.pid);
        if (space) memory.mapAnonymous(space, r.address, r.length, task, cycle);
        return;
      }
      case 's': {
        const [task, space] = tasks.spaceOf(r.pid);
        if (space) memory.attachShm(space, r.shmId, r.address, r.length, task, cycle);
        return;
      }
      case '@': {
        const [task, space] = tasks.spaceOf(r.pid);
        if (space) memory.move(space, r.newAddress, r.newLength, r.oldAddress, r.oldLength, task, cycle);
        return;
      }
      case 'U': {
        const [task, space] = tasks.spaceOf(r.pid);
        if (space) memory.unmap(space, r.address, r.length, task, cycle);
        return;
      }
      case 'C': {
        const [task, space] = tasks.spaceOf(r.pid);
        if (space) memory.copyOnWrite(space, r.address, task, cycle);
        return;
      }
      case '/':
        tasks.task(r.pid);
        return memory.destroyShm(r.shmId, cycle);
      case '(': {
        const task = tasks.task(r.pid);
        const file = memory.files.get(r.major, r.minor, r.inode);
        file.name = r.filename;
        file.type = r.fileType;
        return this.fileEvent('open', file, task, r.size, cycle);
      }
      case ')': {
        const task = tasks.task(r.pid);
        return this.fileEvent('close', memory.files.get(r.major, r.minor, r.inode), task, 0, cycle);
      }
      case '<':
      case '>': {
        const task = tasks.task(r.pid);
        return memory.fsReferences(r.tag === '>', memory.files.get(r.major, r.minor, r.inode), r.offset, r.length, task, cycle, r.reftime);
      }
      case '-': {
        const file = memory.files.find(r.major, r.minor, r.inode);
        if (!file) return;
        this.fileEvent('delete', file, undefined, 0, cycle);
        return memory.deleteFile(file, cycle);
      }
      case 't': {
        const file = memory.files.get(r.major, r.minor, r.inode);
        this.fileEvent('truncate', file, undefined, r.size, cycle);
        return memory.truncateFile(file, r.size, cycle);
      }
      case 'a':
        tasks.task(r.pid);
        return;
      case '!':
        return this.warnings.warn('invalid-record', this.pos.where, () => 'an invalid (!) record');
      case '[':
        if (!memory.windows.begin(r.window, cycle)) this.warnings.warn('window-marker', this.pos.where, () => `window ${r.window} begins while a window is open`);
        return;
      case ']':
        if (!memory.windows.end(r.window, cycle)) this.warnings.warn('window-marker', this.pos.where, () => `window ${r.window} ends while no window is open`);
        return;
      case 'z': {
        const [, space] = tasks.spaceOf(r.pid);
        if (space) memory.touchedWhileOff(space, r.address);
        return;
      }
      case 'e':
      case '&':
        return;
    }
  }
}

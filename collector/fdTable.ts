/**
 * File descriptors of one process. A descriptor points to an open file description (position,
 * O_APPEND), which dup and fork share: two processes reading one inherited descriptor advance
 * one position. Threads share the whole table.
 */
import type { FileInfo } from './fileRegistry.js';

export class OpenFile {
  /** The byte position of the next read or write. */
  offset = 0;
  /** Descriptors (in all tables) that point here. */
  refs = 0;

  constructor(
    readonly file: FileInfo,
    public append: boolean,
  ) {}
}

interface Slot {
  open: OpenFile;
  cloexec: boolean;
}

export class FdTable {
  private readonly fds = new Map<number, Slot>();
  /**
   * Descriptors open in the process that the trace never saw opened (valgrind keeps one per
   * program image in the client's range), learnt from where the kernel put a new descriptor: it
   * takes the lowest free number, so every number below it is taken.
   */
  private hidden = new Set<number>();

  get(fd: number): OpenFile | undefined {
    return this.fds.get(fd)?.open;
  }

  /** Points `fd` at `open`; returns the description the descriptor pointed to before, if any. */
  set(fd: number, open: OpenFile, cloexec: boolean): OpenFile | undefined {
    this.hidden.delete(fd);
    const old = this.fds.get(fd)?.open;
    open.refs++;
    this.fds.set(fd, { open, cloexec });
    if (old) old.refs--;
    return old;
  }

  /** Closes `fd`; returns the description it pointed to (its refs already decremented). */
  remove(fd: number): OpenFile | undefined {
    this.hidden.delete(fd);
    const slot = this.fds.get(fd);
    if (!slot) return undefined;
    this.fds.delete(fd);
    slot.open.refs--;
    return slot.open;
  }

  setCloexec(fd: number, on: boolean): void {
    const slot = this.fds.get(fd);
    if (slot) slot.cloexec = on;
  }

  /** The kernel gave the lowest free descriptor at or above `min`, and it was `fd`. */
  observeLowest(fd: number, min: number): void {
    this.hidden.delete(fd);
    for (let below = min; below < fd; below++) if (!this.fds.has(below)) this.hidden.add(below);
  }

  /** The lowest free descriptor numbers (where pipe() puts its two ends). */
  lowestFree(count: number): number[] {
    const out: number[] = [];
    for (let fd = 0; out.length < count; fd++) if (!this.fds.has(fd) && !this.hidden.has(fd)) out.push(fd);
    return out;
  }

  /** Descriptors in [first, last]. */
  inRange(first: number, last: number): number[] {
    return [...this.fds.keys()].filter((fd) => fd >= first && fd <= last).sort((a, b) => a - b);
  }

  /** Descriptors marked close-on-exec. */
  closeOnExec(): number[] {
    return [...this.fds].filter(([, s]) => s.cloexec).map(([fd]) => fd).sort((a, b) => a - b);
  }

  all(): number[] {
    return [...this.fds.keys()].sort((a, b) => a - b);
  }

  /** fork: the child's table points at the same descriptions. */
  copy(): FdTable {
    const table = new FdTable();
    for (const [fd, slot] of this.fds) table.set(fd, slot.open, slot.cloexec);
    table.hidden = new Set(this.hidden);
    return table;
  }
}

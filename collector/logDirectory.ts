/**
 * The logs valgrind writes while the program runs (`--log-file=DIR/vg.%p.%n`), read as they
 * grow. valgrind names a log after its process, and a process that execs gets a new log under
 * the same name as its previous program's — truncating it. So each new log is renamed to a
 * private name the moment it is seen (a serial number in order of appearance): valgrind keeps
 * writing to the file it has open, and the next program's log gets a fresh file.
 *
 * Each log is parsed as it grows; consumed bytes are freed (punched out of the file with
 * `fallocate --punch-hole` where the system has it, the file removed once complete), so the logs
 * take little disk. A log is complete when its process is gone, or when a later log of the same
 * pid starts a new program (the old one has exec'd).
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CollectorEvent } from './events.js';
import type { Prober } from './fileProbe.js';
import { ItemQueue } from './itemQueue.js';
import { LogParser, type CompletedSyscall, type LogHandler, type LogStart } from './logParser.js';
import type { StartProbe } from './startProbe.js';
import { decodeSyscall } from './syscallEvents.js';

const LOG_NAME = /^vg\.(\d+)\.(\d+)$/;
const READ_BYTES = 1 << 22;
/** Consumed bytes of a log between two hole punches. */
const PUNCH_BYTES = 1 << 26;

/** Whether process `pid` still runs (a zombie does not). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

class SegmentHandler implements LogHandler {
  constructor(
    private readonly queue: ItemQueue,
    private readonly pid: number,
    private readonly prober: Prober,
  ) {}

  reference(vpn: number, op: number): void {
    this.queue.pushReference(vpn, op);
  }

  syscall(call: CompletedSyscall): void {
    const event = decodeSyscall({ pid: this.pid, prober: this.prober }, call);
    if (event) this.queue.pushEvent(event);
  }

  threadSwitch(tid: number, starting: boolean): void {
    const event: CollectorEvent = { kind: 'switch', tid, starting };
    this.queue.pushEvent(event);
  }
}

/** One log: one process from its start or fork to its exit or exec. */
export class Segment {
  readonly parser: LogParser;
  readonly queue: ItemQueue;
  private readonly fd: number;
  /** Bytes read so far. */
  offset = 0;
  private punched = 0;
  /** Everything has been read and parsed. */
  complete = false;
  /** Taken by the scheduler. */
  used = false;
  /** The program as it started (for a log that begins a program), looked at with its first line. */
  probe: StartProbe | undefined;

  constructor(
    readonly pid: number,
    readonly serial: number,
    readonly file: string,
    spillFile: string,
    prober: Prober,
    instructions: boolean,
    private readonly probeStart: (pid: number) => StartProbe,
  ) {
    this.queue = new ItemQueue(spillFile);
    this.parser = new LogParser(file, new SegmentHandler(this.queue, pid, prober), instructions);
    this.fd = fs.openSync(file, 'r');
  }

  /** How the log begins, once its first line says. */
  get start(): LogStart | undefined {
    return this.parser.start;
  }

  /** Reads and parses up to `budget` new bytes; returns how many were read. */
  read(buffer: Buffer, budget: number): number {
    let total = 0;
    while (total < budget) {
      const n = fs.readSync(this.fd, buffer, 0, Math.min(buffer.length, budget - total), this.offset);
      if (n === 0) break;
      this.offset += n;
      total += n;
      this.parser.push(buffer.subarray(0, n));
      if (!this.probe && this.parser.start === 'exec') this.probe = this.probeStart(this.pid);
    }
    return total;
  }

  /** The log is complete: reads the rest, ends the parse, frees the file. */
  finish(buffer: Buffer): void {
    while (this.read(buffer, READ_BYTES) > 0);
    this.parser.end();
    this.queue.finished = true;
    this.complete = true;
    fs.closeSync(this.fd);
    fs.rmSync(this.file, { force: true });
  }

  /** Lets go of the file (a run that stops early). */
  close(): void {
    if (!this.complete) fs.closeSync(this.fd);
    this.complete = true;
    this.queue.close();
  }

  /** Bytes read since the last punch (what a punch would free). */
  get unpunched(): number {
    return this.offset - this.punched;
  }

  markPunched(): number {
    this.punched = Math.floor(this.offset / 4096) * 4096;
    return this.punched;
  }
}

export interface LogDirectoryOptions {
  /** Where valgrind writes (`vg.%p.%n`). */
  logs: string;
  /** Where queues spill. */
  spool: string;
  prober: Prober;
  instructions: boolean;
  /** Looks at a program as its log begins (startProbe.ts). */
  probeStart: (pid: number) => StartProbe;
}

export class LogDirectory {
  private readonly segments = new Map<number, Segment[]>();
  private readonly open: Segment[] = [];
  private serial = 0;
  private readonly buffer = Buffer.alloc(1 << 20);
  private punching = true;
  /** Bytes of log read. */
  bytes = 0;

  constructor(private readonly options: LogDirectoryOptions) {}

  /** valgrind's name pattern for `--log-file`. */
  get pattern(): string {
    return path.join(this.options.logs, 'vg.%p.%n');
  }

  /**
   * Takes in logs that appeared since the last scan. Of two logs of one pid that appear together,
   * the one from the fork (valgrind numbers it 2 or more) came before the one from an exec (1).
   */
  scan(): void {
    const found = fs
      .readdirSync(this.options.logs)
      .map((name) => ({ name, m: LOG_NAME.exec(name) }))
      .filter((e) => e.m !== null)
      .map(({ name, m }) => ({ name, pid: Number(m![1]), n: Number(m![2]) }))
      .sort((a, b) => a.pid - b.pid || b.n - a.n);
    for (const { name, pid } of found) {
      const serial = ++this.serial;
      const file = path.join(this.options.logs, `log-${serial}`);
      fs.renameSync(path.join(this.options.logs, name), file);
      const segment = new Segment(pid, serial, file, path.join(this.options.spool, `spill-${serial}`), this.options.prober, this.options.instructions, this.options.probeStart);
      const list = this.segments.get(pid) ?? [];
      list.push(segment);
      this.segments.set(pid, list);
      this.open.push(segment);
    }
  }

  /** The logs of `pid`, in order of appearance. */
  of(pid: number): readonly Segment[] {
    return this.segments.get(pid) ?? [];
  }

  /**
   * Reads what the open logs have, up to `budget` bytes in all; completes the logs whose
   * process is gone (by `alive`) or has exec'd. Returns the bytes read.
   */
  poll(alive: (pid: number) => boolean, budget = READ_BYTES): number {
    this.scan();
    let total = 0;
    for (const segment of [...this.open]) {
      const n = segment.read(this.buffer, Math.max(0, budget - total));
      total += n;
      if (n > 0) this.punch(segment);
      if (n === 0 && (this.execdAfter(segment) || !alive(segment.pid))) {
        // Once the process is known gone, a log it wrote last may have appeared just before.
        this.scan();
        segment.finish(this.buffer);
        this.open.splice(this.open.indexOf(segment), 1);
      }
    }
    this.bytes += total;
    return total;
  }

  private execdAfter(segment: Segment): boolean {
    return this.of(segment.pid).some((s) => s.serial > segment.serial && s.start === 'exec');
  }

  private punch(segment: Segment): void {
    if (!this.punching || segment.unpunched < PUNCH_BYTES) return;
    const length = segment.markPunched();
    execFile('fallocate', ['--punch-hole', '--offset', '0', '--length', String(length), segment.file], (err) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') this.punching = false;
    });
  }

  /** Every log seen, in order of appearance. */
  all(): Segment[] {
    return [...this.segments.values()].flat().sort((a, b) => a.serial - b.serial);
  }

  /** The pids that wrote logs. */
  pids(): number[] {
    return [...this.segments.keys()];
  }

  /** Every log has been read to its end. */
  get idle(): boolean {
    return this.open.length === 0;
  }

  /** Frees what is left (after a failure or at the end). */
  close(): void {
    for (const list of this.segments.values()) for (const s of list) s.close();
  }
}

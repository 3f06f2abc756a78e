/**
 * Parses one valgrind log file (one process, from its start or its fork up to its exit or exec)
 * written with `--tool=lackey --trace-mem=yes --trace-syscalls=yes --trace-sched=yes`, fed in
 * chunks as the file grows. Per line (valgrind lackey's output; docs/collect.md, "What it records, and from where"):
 *
 * - `I  ADDR,SIZE`, ` L ADDR,SIZE`, ` S ADDR,SIZE`, ` M ADDR,SIZE`: a reference of SIZE bytes;
 *   one page reference per page the bytes touch (instruction fetches only when asked for).
 * - `SYSCALL[pid,tid](nr) …`: a syscall (syscallLine.ts); a blocking call's result comes on a later
 *   line of the same thread (other threads may run in between); a call cut by a message continues
 *   on a ` --> RESULT` line. A log that starts with such a line is a forked child's: the line is
 *   the child's side of fork.
 * - `--PID--   SCHED[tid]:  acquired lock (…)`: thread `tid` runs from here. Such a line can be
 *   glued to the end of a syscall line that had not printed its newline yet.
 * - `==PID==` (header, footer), other `--PID--` lines, `SCHEDSETJMP…`, empty lines: nothing.
 *
 * A blocking call interrupted by a signal shows no result: the handler runs, and the call starts
 * again (a new start line) or fails with EINTR.
 *
 * A syscall line still without a result when the log ends is a successful execve (or a call
 * the process died in); it is reported with status `none`.
 *
 * While reference tracing is off (`writesOnly`), instruction fetches and loads are skipped on
 * their first two bytes — no address is read: only stores and modifies still matter (they may
 * break copy-on-write or bring an anonymous page into being, which the kernel events record).
 */
import { InputError, PAGE_SHIFT, PAGE_SIZE, quoteFound } from '../traces/index.js';
import { HEX_VALUE } from '../traces/bytes/hex.js';
import { joinCarry } from '../traces/bytes/lines.js';
import { decimalField } from '../traces/importers/fields.js';
import { OP_MODIFY, OP_READ, OP_WRITE } from './events.js';
import { parseResult, parseSyscallLine, type SyscallResult, type SyscallStart } from './syscallLine.js';

export interface CompletedSyscall {
  tid: number;
  nr: number;
  name: string;
  args: string[];
  result: SyscallResult;
  /** Line of the log where the call started (for messages). */
  line: number;
}

export interface LogHandler {
  /** One page reference (op: OP_READ, OP_WRITE or OP_MODIFY). */
  reference(vpn: number, op: number): void;
  syscall(call: CompletedSyscall): void;
  /** Thread `tid` runs from here on; `starting`: its first run. */
  threadSwitch(tid: number, starting: boolean): void;
}

/** How the log begins: at a program's start (exec) or in a forked child. */
export type LogStart = 'exec' | 'fork';

/** Pages at or beyond 2^36 (addresses beyond 2^48) are not user space: valgrind's vsyscall page. */
const MAX_USER_PAGE = 2 ** 36;
/** Hex digits of the page offset in an address. */
const PAGE_SHIFT_DIGITS = PAGE_SHIFT / 4;
const NEWLINE = 0x0a;
const SPACE = 0x20;
const COMMA = 0x2c;
const TAG_I = 0x49;
const TAG_L = 0x4c;
const TAG_S = 0x53;
const TAG_M = 0x4d;
const MAX_LINE = 1 << 20;
const SCHED = /--(\d+)--   SCHED\[(\d+)\]:(.*)$/;
const ACQUIRED = /^\s*acquired lock \((.*)\)/;

export class LogParser {
  /** Lines parsed so far. */
  lines = 0;
  /** Page references delivered. */
  references = 0;
  /** References beyond user space (dropped). */
  beyondUserSpace = 0;
  /** Lines of no known shape (skipped). */
  unknownLines = 0;
  /** Set by the first line that says how the log begins. */
  start: LogStart | undefined;
  /** Reference tracing is off here: loads and instruction fetches are skipped unread. */
  writesOnly = false;
  /** Reference lines skipped while `writesOnly`. */
  skipped = 0;
  /** Run once the line under way (held back in `carry`) is complete. */
  private atBoundary: (() => void)[] = [];
  private carry: Buffer = Buffer.alloc(0);
  private readonly pendingAsync = new Map<number, SyscallStart & { line: number }>();
  private awaiting: (SyscallStart & { line: number }) | undefined;
  private currentTid = -1;
  private seenSyscall = false;

  constructor(
    readonly file: string,
    private readonly handler: LogHandler,
    private readonly instructions = true,
  ) {}

  /** Parses every complete line of `chunk` (with what was held back before). */
  push(chunk: Buffer): void {
    const joined = joinCarry(this.carry, chunk);
    const data = Buffer.isBuffer(joined) ? joined : Buffer.from(joined.buffer, joined.byteOffset, joined.length);
    let start = 0;
    const n = data.length;
    for (;;) {
      const nl = data.indexOf(NEWLINE, start);
      if (nl < 0) break;
      this.lines++;
      this.parseLine(data, start, nl);
      start = nl + 1;
      if (this.atBoundary.length) this.boundary();
    }
    this.carry = start < n ? Buffer.from(data.subarray(start)) : Buffer.alloc(0);
    if (this.carry.length > MAX_LINE) this.fail(`a line longer than ${MAX_LINE} bytes`, this.carry.subarray(0, 80).toString('latin1'));
  }

  /**
   * Runs `action` at the next line boundary: now when no line is under way, else once the line
   * that has begun is complete (a switch of reference tracing falls between lines).
   */
  onBoundary(action: () => void): void {
    this.atBoundary.push(action);
    if (this.carry.length === 0) this.boundary();
  }

  private boundary(): void {
    const actions = this.atBoundary;
    this.atBoundary = [];
    for (const a of actions) a();
  }

  /** The log is complete: parses a last line without newline, reports a call left without result. */
  end(): void {
    if (this.carry.length) {
      this.lines++;
      this.parseLine(this.carry, 0, this.carry.length);
      this.carry = Buffer.alloc(0);
    }
    this.boundary();
    const last = this.awaiting;
    this.awaiting = undefined;
    if (last) this.deliver(last, { status: 'none' }, last.line);
  }

  private fail(detail: string, found: string): never {
    throw new InputError(this.file, `line ${this.lines}`, `${detail}; found ${quoteFound(found, 60)}`);
  }

  private parseLine(b: Buffer, s: number, e: number): void {
    const c0 = b[s];
    if (c0 === TAG_I && b[s + 1] === SPACE && b[s + 2] === SPACE) {
      this.start ??= 'exec';
      if (this.writesOnly) this.skipped++;
      else if (this.instructions) this.reference(b, s, s + 3, e, OP_READ);
      return;
    }
    if (c0 === SPACE && b[s + 2] === SPACE) {
      const c1 = b[s + 1];
      if (c1 === TAG_L || c1 === TAG_S || c1 === TAG_M) {
        this.start ??= 'exec';
        if (c1 === TAG_L && this.writesOnly) {
          this.skipped++;
          return;
        }
        this.reference(b, s, s + 3, e, c1 === TAG_L ? OP_READ : c1 === TAG_S ? OP_WRITE : OP_MODIFY);
        return;
      }
    }
    this.textLine(b.toString('utf8', s, e));
  }

  /** `ADDR,SIZE` at [p, e): one reference per page the bytes touch. */
  private reference(b: Buffer, s: number, p: number, e: number, op: number): void {
    let comma = p;
    while (comma < e && b[comma] !== COMMA) comma++;
    const digits = comma - p;
    const size = decimalField(b, comma + 1, e);
    if (digits === 0 || comma === e || size < 0) this.fail('expected a lackey reference ADDRESS,SIZE (hexadecimal, decimal)', b.toString('latin1', s, e));
    // The page number from all digits but the last three, the offset in the page from those.
    const split = Math.max(p, comma - PAGE_SHIFT_DIGITS);
    let page = 0;
    let offset = 0;
    for (let i = p; i < comma; i++) {
      const d = HEX_VALUE[b[i]!]!;
      if (d < 0) this.fail('expected a hexadecimal address', b.toString('latin1', s, e));
      if (i < split) page = page * 16 + d;
      else offset = offset * 16 + d;
    }
    if (page >= MAX_USER_PAGE) {
      this.beyondUserSpace++;
      return;
    }
    const last = page + Math.floor((offset + Math.max(size, 1) - 1) / PAGE_SIZE);
    for (let v = page; v <= last; v++) {
      this.references++;
      this.handler.reference(v, op);
    }
  }

  private textLine(text: string): void {
    if (text === '' || text.startsWith('==')) return;
    const sched = SCHED.exec(text);
    if (sched) {
      const before = text.slice(0, sched.index);
      if (before.trim()) this.textLine(before);
      this.schedLine(Number(sched[2]), sched[3]!);
      return;
    }
    // valgrind's own scheduler notes (a signal delivered during a blocking call).
    if (text.startsWith('--') || text.startsWith('SCHEDSETJMP')) return;
    if (text.startsWith(' -->')) return this.continuation(text);
    if (text.startsWith('SYSCALL[')) return this.syscallLine(text);
    this.unknownLines++;
  }

  private schedLine(tid: number, rest: string): void {
    const acquired = ACQUIRED.exec(rest);
    if (!acquired) return;
    this.start ??= 'exec';
    const starting = acquired[1]!.includes('starting new thread');
    if (tid !== this.currentTid || starting) {
      this.currentTid = tid;
      this.handler.threadSwitch(tid, starting);
    }
  }

  private continuation(text: string): void {
    const result = parseResult(text);
    const call = this.awaiting;
    if (call) {
      this.awaiting = undefined;
      if (result.status === 'async') this.pendingAsync.set(call.tid, call);
      else this.deliver(call, result, call.line);
      return;
    }
    if (!this.seenSyscall && this.start === undefined) {
      this.start = 'fork';
      return;
    }
    this.unknownLines++;
  }

  private syscallLine(text: string): void {
    const call = parseSyscallLine(text);
    if (!call) this.fail('expected SYSCALL[pid,tid](nr) name ( args ) --> result', text);
    this.start ??= 'exec';
    this.seenSyscall = true;
    if (call.form === 'completion') {
      const started = this.pendingAsync.get(call.tid);
      if (!started || started.nr !== call.nr) {
        this.unknownLines++;
        return;
      }
      this.pendingAsync.delete(call.tid);
      return this.deliver(started, call.result, started.line);
    }
    if (this.awaiting) {
      // A call that never got its result line (only a successful execve may end without one).
      this.awaiting = undefined;
      this.unknownLines++;
    }
    const withLine = { ...call, line: this.lines };
    if (call.result.status === 'async') this.pendingAsync.set(call.tid, withLine);
    else if (call.result.status === 'none') this.awaiting = withLine;
    else this.deliver(withLine, call.result, this.lines);
  }

  private deliver(call: SyscallStart, result: SyscallResult, line: number): void {
    this.handler.syscall({ tid: call.tid, nr: call.nr, name: call.name, args: call.args, result, line });
  }
}

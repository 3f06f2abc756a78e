/**
 * The `--trace-syscalls=yes` lines of a valgrind log (valgrind 3.19, amd64). Shapes seen:
 *
 *   SYSCALL[17272,1](8) sys_lseek ( 4, 4096, 0 )[sync] --> Success(0x1000)
 *   SYSCALL[17272,1](9) sys_mmap ( 0x0, 32768, 3, 1, 4, 0 ) --> [pre-success] Success(0x483c000)
 *   SYSCALL[17272,1](0) sys_read ( 4, 0x1ffeffe620, 4096 ) --> [async] ...        (blocking call starts)
 *   SYSCALL[17272,1](0) ... [async] --> Success(0x1000)                            (… and ends, later)
 *   SYSCALL[4889,1](56) sys_clone ( 1200011, … )   clone(fork): process 4889 created child 4890
 *    --> [pre-success] Success(0x131a)                                             (result on the next line)
 *   SYSCALL[4889,1](231) exit_group( 0 ) --> [pre-success] Success(0x0)
 *
 * Arguments are printed per syscall (decimal, `0x` hex, bare hex for clone flags), a path
 * argument as `0xADDR(path)`. A line may end without a result: the result then comes on a line of
 * its own starting with ` --> `, or never (a successful execve).
 */

export type SyscallResult =
  | { status: 'ok'; value: number }
  | { status: 'fail'; value: number }
  /** a blocking call started; its result comes on a later `... [async] -->` line */
  | { status: 'async' }
  /** no result on this line */
  | { status: 'none' };

export interface SyscallStart {
  form: 'start';
  pid: number;
  tid: number;
  nr: number;
  name: string;
  args: string[];
  result: SyscallResult;
}

export interface SyscallCompletion {
  form: 'completion';
  pid: number;
  tid: number;
  nr: number;
  result: SyscallResult;
}

const HEAD = /^SYSCALL\[(\d+),(\d+)\]\((\d+)\)/;
const COMPLETION = ' ... [async] -->';
const ARROW = '-->';
const RESULT = /(Success|Failure)\(0x([0-9a-fA-F]+)\)/;

/** The result after ` --> `: `[pre-success] Success(0x…)`, `Failure(0x…)`, `[async] ...`. */
export function parseResult(text: string): SyscallResult {
  const m = RESULT.exec(text);
  if (m) return { status: m[1] === 'Success' ? 'ok' : 'fail', value: parseInt(m[2]!, 16) };
  // rt_sigreturn's "result": the call returns to the interrupted code, with nothing to report.
  if (text.includes('NoWriteResult')) return { status: 'ok', value: 0 };
  if (text.includes('[async]')) return { status: 'async' };
  return { status: 'none' };
}

/**
 * The arguments between the parentheses that open at `from`: split at commas outside nested
 * parentheses (a path `0xADDR(/a,b)` stays one argument). Returns undefined without a `(`.
 */
function parseArgs(text: string, from: number): { args: string[]; end: number } | undefined {
  let i = from;
  while (i < text.length && text[i] === ' ') i++;
  if (text[i] !== '(') return undefined;
  const args: string[] = [];
  let depth = 0;
  let start = i + 1;
  for (i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) break;
      depth--;
    } else if (c === ',' && depth === 0) {
      args.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start, i).trim();
  if (last || args.length) args.push(last);
  return { args, end: i + 1 };
}

/** Parses a line starting with `SYSCALL[`; undefined when it does not have that shape. */
export function parseSyscallLine(text: string): SyscallStart | SyscallCompletion | undefined {
  const head = HEAD.exec(text);
  if (!head) return undefined;
  const pid = Number(head[1]);
  const tid = Number(head[2]);
  const nr = Number(head[3]);
  let rest = text.slice(head[0].length);
  if (rest.startsWith(COMPLETION)) {
    return { form: 'completion', pid, tid, nr, result: parseResult(rest.slice(COMPLETION.length)) };
  }
  let result: SyscallResult = { status: 'none' };
  const arrow = rest.lastIndexOf(ARROW);
  if (arrow >= 0) {
    result = parseResult(rest.slice(arrow + ARROW.length));
    rest = rest.slice(0, arrow);
  }
  let i = 0;
  while (i < rest.length && rest[i] === ' ') i++;
  let j = i;
  while (j < rest.length && rest[j] !== ' ' && rest[j] !== '(') j++;
  const name = rest.slice(i, j);
  const parsed = parseArgs(rest, j);
  return { form: 'start', pid, tid, nr, name, args: parsed?.args ?? [], result };
}

/** A numeric argument: `0x` hex or decimal (what valgrind prints for most arguments). NaN otherwise. */
export function numberArg(arg: string | undefined): number {
  if (arg === undefined) return NaN;
  const paren = arg.indexOf('(');
  const text = paren >= 0 ? arg.slice(0, paren) : arg;
  if (/^0x[0-9a-fA-F]+$/.test(text)) return parseInt(text.slice(2), 16);
  if (/^-?\d+$/.test(text)) return Number(text);
  return NaN;
}

/** A hex argument printed without `0x` (clone's flags). */
export function hexArg(arg: string | undefined): number {
  if (arg === undefined || !/^(0x)?[0-9a-fA-F]+$/.test(arg)) return NaN;
  return parseInt(arg.replace(/^0x/, ''), 16);
}

/** A 32-bit signed argument printed unsigned (fds: 4294967295 is -1, 4294967196 is AT_FDCWD). */
export function intArg(arg: string | undefined): number {
  const v = numberArg(arg);
  if (!Number.isFinite(v)) return v;
  const low = v % 4294967296;
  return low >= 2147483648 ? low - 4294967296 : low;
}

/** The path of a `0xADDR(path)` argument, or undefined. */
export function pathArg(arg: string | undefined): string | undefined {
  if (arg === undefined) return undefined;
  const open = arg.indexOf('(');
  if (open < 0 || !arg.endsWith(')')) return undefined;
  return arg.slice(open + 1, -1);
}

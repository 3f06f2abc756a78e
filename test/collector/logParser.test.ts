/**
 * The valgrind log parser on excerpts of real logs (test/fixtures/collector/*.log, cut from
 * valgrind 3.19 runs of small programs): the references against an obviously correct regex
 * reader, the syscalls and thread switches checked by hand against the excerpt's lines, and the
 * same result however the bytes are split into chunks.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../traces/index.js';
import { OP_MODIFY, OP_READ, OP_WRITE } from '../../collector/events.js';
import { LogParser, type CompletedSyscall } from '../../collector/logParser.js';
import { randomInt, rng } from '../helpers/random.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/collector');

type Item = ['ref', number, number] | ['syscall', number, number, string, string] | ['switch', number, boolean];

function parse(bytes: Buffer, chunks: number[] = [bytes.length], instructions = true): { items: Item[]; parser: LogParser } {
  const items: Item[] = [];
  const describeResult = (c: CompletedSyscall): string => (c.result.status === 'ok' || c.result.status === 'fail' ? `${c.result.status} ${c.result.value}` : c.result.status);
  const parser = new LogParser(
    'test.log',
    {
      reference: (vpn, op) => items.push(['ref', vpn, op]),
      syscall: (c) => items.push(['syscall', c.tid, c.nr, c.name, describeResult(c)]),
      threadSwitch: (tid, starting) => items.push(['switch', tid, starting]),
    },
    instructions,
  );
  let at = 0;
  for (const n of chunks) {
    parser.push(bytes.subarray(at, at + n));
    at += n;
  }
  parser.push(bytes.subarray(at));
  parser.end();
  return { items, parser };
}

/** The references of a log the slow, obvious way: one regex per line, pages by division. */
function referenceItems(text: string, instructions = true): Item[] {
  const out: Item[] = [];
  for (const line of text.split('\n')) {
    const m = /^(I |\s[LSM]) ([0-9a-f]+),(\d+)$/.exec(line);
    if (!m) continue;
    const tag = m[1]!.trim();
    if (tag === 'I' && !instructions) continue;
    const addr = BigInt(`0x${m[2]}`);
    const first = Number(addr / 4096n);
    const last = Number((addr + BigInt(Math.max(1, Number(m[3]))) - 1n) / 4096n);
    const op = tag === 'S' ? OP_WRITE : tag === 'M' ? OP_MODIFY : OP_READ;
    for (let v = first; v <= last; v++) out.push(['ref', v, op]);
  }
  return out;
}

const load = (name: string): Buffer => fs.readFileSync(path.join(FIXTURES, name));
const nonReferences = (items: Item[]): Item[] => items.filter((i) => i[0] !== 'ref');

/**
 * Parses a captured log, checks its references against the regex reader and that every line had
 * a known shape; returns how the log begins and everything that is not a reference.
 */
function parseCaptured(name: string): { start: string | undefined; events: Item[] } {
  const bytes = load(name);
  const { items, parser } = parse(bytes);
  expect(items.filter((i) => i[0] === 'ref')).toEqual(referenceItems(bytes.toString('latin1')));
  expect(parser.unknownLines).toBe(0);
  return { start: parser.start, events: nonReferences(items) };
}

describe('LogParser on captured logs', () => {
  it("a forked child's log: starts with the child's side of fork, ends in an execve without newline", () => {
    const bytes = load('fork-child.log');
    expect(bytes[bytes.length - 1]).not.toBe(0x0a);
    expect(parseCaptured('fork-child.log')).toEqual({ start: 'fork', events: [['syscall', 1, 59, 'sys_execve', 'none']] });
  });

  it('a syscall line split by the fork message, its result glued to a scheduler line', () => {
    const { start, events } = parseCaptured('fork-parent.log');
    expect(start).toBe('exec');
    expect(events).toEqual([
      ['switch', 1, true],
      ['syscall', 1, 56, 'sys_clone', `ok ${0x7d27}`],
      ['syscall', 1, 61, 'sys_wait4', `ok ${0x7d27}`],
      ['syscall', 1, 231, 'exit_group', 'ok 0'],
    ]);
  });

  it('threads: a clone glued to the scheduler line, the new thread, blocking calls finished later', () => {
    const { events } = parseCaptured('threads.log');
    expect(events).toEqual([
      ['switch', 1, true],
      ['syscall', 1, 56, 'sys_clone', `ok ${0x7d29}`],
      ['switch', 2, true],
      ['switch', 1, false],
      // thread 1's futex starts (line 43) while thread 2's madvise (line 32) is still blocked
      ['switch', 2, false],
      ['syscall', 2, 28, 'sys_madvise', 'ok 0'],
      ['syscall', 2, 60, 'exit', 'ok 0'],
      ['switch', 1, false],
      ['syscall', 1, 202, 'sys_futex', 'ok 0'],
    ]);
  });

  it('a blocking call interrupted by a signal: the handler runs, the call starts again', () => {
    const { events } = parseCaptured('signal.log');
    expect(events).toEqual([
      ['switch', 1, false],
      // the first wait4 (line 15) never shows a result: the signal handler runs, then rt_sigreturn
      ['syscall', 1, 15, 'sys_rt_sigreturn', 'ok 0'],
      // wait4 again (line 40), interrupted again; then a WNOHANG wait4 (line 50) fails with ECHILD
      ['syscall', 1, 61, 'sys_wait4', `fail ${0xa}`],
    ]);
  });

  it('program start: header and debug lines skipped, blocking calls paired, a message continued', () => {
    const { start, events } = parseCaptured('startup.log');
    expect(start).toBe('exec');
    expect(events).toEqual([
      ['switch', 1, true],
      ['syscall', 1, 12, 'sys_brk', `ok ${0x4035000}`],
      ['syscall', 1, 257, 'sys_openat', 'ok 4'],
      ['syscall', 1, 0, 'sys_read', `ok ${0x340}`],
      ['syscall', 1, 9, 'sys_mmap', `ok ${0x4837000}`],
      ['syscall', 1, 334, 'unimplemented', `fail ${0x26}`],
    ]);
  });

  it('gives the same items however the log is cut into chunks', () => {
    const random = rng(7);
    for (const name of ['fork-child.log', 'fork-parent.log', 'threads.log', 'signal.log', 'startup.log']) {
      const bytes = load(name);
      const whole = parse(bytes).items;
      for (let round = 0; round < 20; round++) {
        const chunks: number[] = [];
        for (let left = bytes.length; left > 0; ) {
          const n = Math.min(left, 1 + randomInt(random, 60));
          chunks.push(n);
          left -= n;
        }
        expect(parse(bytes, chunks).items).toEqual(whole);
      }
    }
  });
});

describe('LogParser on hand-made lines', () => {
  const text = (lines: string[]): Buffer => Buffer.from(lines.join('\n') + '\n');

  it('an access that crosses a page boundary touches both pages; M is one modify item per page', () => {
    const { items } = parse(text([' S 0000000ffe,4', ' M 04000fff,2', 'I  04001000,3', ' L 1ffefffff8,16']));
    expect(items).toEqual([
      ['ref', 0, OP_WRITE],
      ['ref', 1, OP_WRITE],
      ['ref', 0x4000, OP_MODIFY],
      ['ref', 0x4001, OP_MODIFY],
      ['ref', 0x4001, OP_READ],
      ['ref', 0x1ffefff, OP_READ],
      ['ref', 0x1fff000, OP_READ],
    ]);
  });

  it('--no-instructions drops instruction fetches only', () => {
    const { items } = parse(text(['I  04001000,3', ' L 04002000,8', 'I  04001003,5']), undefined, false);
    expect(items).toEqual([['ref', 0x4002, OP_READ]]);
  });

  it('addresses beyond user space (the vsyscall page) are counted and left out', () => {
    const { items, parser } = parse(text(['I  ffffffffff600400,7', ' L 04002000,8']));
    expect(items).toEqual([['ref', 0x4002, OP_READ]]);
    expect(parser.beyondUserSpace).toBe(1);
  });

  it('counts lines of no known shape; a result line with no call pending is one', () => {
    const { items, parser } = parse(text(['vex amd64->IR: unhandled instruction bytes: 0x62', 'SYSCALL[5,1](3) sys_close ( 4 )[sync] --> Success(0x0) ', ' --> [pre-success] Success(0x0) ']));
    expect(nonReferences(items)).toEqual([['syscall', 1, 3, 'sys_close', 'ok 0']]);
    expect(parser.unknownLines).toBe(2);
  });

  it('rejects a malformed reference or syscall line, naming the line', () => {
    const bad = (lines: string[]) => () => parse(text(lines));
    expect(bad(['I  04001000,3', ' L 04zz2000,8'])).toThrow(new InputError('test.log', 'line 2', 'expected a hexadecimal address; found " L 04zz2000,8"'));
    expect(bad([' S 04002000'])).toThrow(/test\.log: line 1: expected a lackey reference ADDRESS,SIZE/);
    expect(bad(['I  ,4'])).toThrow(/line 1: expected a lackey reference/);
    expect(bad(['SYSCALL[12,x](3) sys_close ( 4 )'])).toThrow(/line 1: expected SYSCALL\[pid,tid\]\(nr\) name \( args \) --> result/);
  });
});

/**
 * The collector's model and scheduler on hand-written logs (no valgrind): the kernel records and
 * reference records they make, checked record by record against what docs/collect.md says —
 * fork before the child's first reference, a parent's wait after the child's exit, turns of
 * `quantum` references, exec continuing a process in its next log, threads, copy-on-write, files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatKernelRecord, readKernelRecords, readReferenceRecords } from '../../merger/index.js';
import { Collection } from '../../collector/collection.js';
import type { FileIdentity } from '../../collector/events.js';
import type { Prober } from '../../collector/fileProbe.js';
import { tempDir } from '../helpers/cli.js';

/** A startup table for `pid` running `exe` (inode `inode`): one code page, the brk page, the stack. */
function startupTable(pid: number, exe: string, inode: number): string {
  return [
    `--${pid}:1:    main VG_(libdir) = /usr/libexec/valgrind`,
    `--${pid}:1: aspacem <<< SHOW_SEGMENTS: Memory layout at client startup (6 segments)`,
    `--${pid}:1: aspacem (1,49,7) ${exe}`,
    `--${pid}:1: aspacem   1: file 0000108000-0000108fff    4096 r-x-- d=0xfe00 i=${inode}  o=0       (1,49)`,
    `--${pid}:1: aspacem   2: anon 0004035000-0004035fff    4096 rwx--`,
    `--${pid}:1: aspacem   3: RSVN 0004036000-0004834fff 8384512 ----- SmLower`,
    `--${pid}:1: aspacem   4: RSVN 1ffe801000-1ffeffefff 8380416 ----- SmUpper`,
    `--${pid}:1: aspacem   5: anon 1ffefff000-1fff000fff    8192 rw---`,
    `--${pid}:1: aspacem >>>`,
  ].join('\n');
}

const header = (pid: number): string => `==${pid}== Lackey, an example Valgrind tool\n==${pid}== \n`;
const start = (pid: number): string => `${header(pid)}--${pid}--   SCHED[1]:  acquired lock (thread_wrapper(starting new thread))\n`;
const forkStart = (pid: number): string => `${header(pid)} --> [pre-success] Success(0x0) \n`;

const noProcesses: Prober = { descriptor: () => undefined, path: () => undefined, cwd: () => undefined };
/** A /proc where only /data/f (inode 0x77, 10 bytes) exists. */
const DATA: FileIdentity = { major: 254, minor: 0, inode: 0x77, type: 'f', size: 10 };
const withData: Prober = { ...noProcesses, path: (p) => (p === '/data/f' ? DATA : undefined) };

interface Run {
  kernel: string[];
  refs: string[];
  collection: Collection;
}

/** Orders hand-written logs (file name → text, as valgrind names them) as a finished run. */
async function order(logs: Record<string, string>, debug: string, options: { quantum?: number; prober?: Prober } = {}): Promise<Run> {
  const dir = fs.mkdtempSync(path.join(tempDir('faultline-order-'), 'run-'));
  for (const d of ['logs', 'spool']) fs.mkdirSync(path.join(dir, d));
  for (const [name, text] of Object.entries(logs)) fs.writeFileSync(path.join(dir, 'logs', name), text);
  const collection = new Collection({
    logs: path.join(dir, 'logs'),
    spool: path.join(dir, 'spool'),
    kernelFile: path.join(dir, 'kernel.gz'),
    referenceFile: path.join(dir, 'refs.gz'),
    filter: { segment0: 0, segment1: 0 },
    level: 1,
    quantum: options.quantum ?? 1000,
    instructions: true,
    prober: options.prober ?? noProcesses,
    probeStart: () => ({ stderr: undefined, map: undefined }),
    passOn: () => undefined,
  });
  collection.debug.push(debug + '\n');
  collection.debug.end();
  const rootPid = Number(/^vg\.(\d+)\./.exec(Object.keys(logs)[0]!)![1]);
  await collection.run(rootPid, [], { alive: () => false, exited: () => true, stderrDone: () => true, failure: () => undefined, debugPipe: () => undefined });
  collection.close();
  // Timestamps are checked once (they increase); the records are compared without them.
  const kernel: string[] = [];
  let last = 0;
  for await (const r of readKernelRecords(path.join(dir, 'kernel.gz'))) {
    expect(r.cycle).toBeGreaterThan(last);
    last = r.cycle;
    kernel.push(formatKernelRecord({ ...r, cycle: 0, reftime: 0 }).replace(/^(\S+) 0 0 ?/, '$1 '));
  }
  const refs: string[] = [];
  for await (const r of readReferenceRecords(path.join(dir, 'refs.gz'))) refs.push(`${r.tag} ${r.context} ${r.vpn.toString(16)}`);
  return { kernel, refs, collection };
}

const STARTUP = ['M 64 108000 1000 64 fe 0 0 f /bin/prog', 'm 64 4035000 1000', 'm 64 1ffe801000 800000'];
/** Process 100 starts and runs; it forks 101, which gets its own context sharing the parent's pages. */
const ROOT_FORKS = ['A 64 1', 'X 64 64 fe 0 /bin/prog', ...STARTUP, 'S 64', 'F 65 64', 'A 65 2', 'D 1 2 108000 109000', 'D 1 2 4035000 4036000', 'D 1 2 1ffe801000 1fff001000'];

describe('the collector on hand-written logs', () => {
  it('fork: the child runs after the fork, the parent waits for its exit, copy-on-write on both sides', async () => {
    const run = await order(
      {
        'vg.100.1': [
          start(100) + 'I  00108000,4',
          ' S 1fff000000,8',
          'SYSCALL[100,1](56) sys_clone ( 1200011, 0x0, 0x0, 0x0, 0x0 )   clone(fork): process 100 created child 101',
          ' --> [pre-success] Success(0x65) ',
          ' S 1fff000008,8',
          'SYSCALL[100,1](61) sys_wait4 ( 101, 0x0, 0, 0x0 ) --> [async] ... ',
          'SYSCALL[100,1](61) ... [async] --> Success(0x65) ',
          ' L 04035000,4',
          'SYSCALL[100,1](231) exit_group( 0 ) --> [pre-success] Success(0x0) ',
          '',
        ].join('\n'),
        'vg.101.2': [forkStart(101) + ' L 1fff000000,8', ' S 1fff000010,8', ' M 04035ff0,32', 'SYSCALL[101,1](231) exit_group( 1 ) --> [pre-success] Success(0x0) ', ''].join('\n'),
      },
      startupTable(100, '/bin/prog', 100),
    );
    expect(run.kernel).toEqual([
      ...ROOT_FORKS,
      // the parent writes the stack page it shares with the child: it gets a copy
      'C 64 1fff000000',
      // its wait returned the child, which has not exited: the child runs to its exit first
      'S 65',
      'u 2',
      'T 65 0 0',
      'S 64',
      'u 1',
      'T 64 0 0',
    ]);
    expect(run.refs).toEqual([
      'r 1 108',
      'w 1 1fff000',
      'w 1 1fff000',
      // the child reads and writes the page it now has alone: no copy
      'r 2 1fff000',
      'w 2 1fff000',
      // M: a read and a write of each page; the parent never touched the brk page before the
      // fork, so the child's page is its own (no copy). The bytes crossing into the next page
      // reach beyond the brk area's one mapped page: outside any mapping, left out.
      'r 2 4035',
      'w 2 4035',
      // the parent's read after its wait
      'r 1 4035',
    ]);
    expect(run.collection.model.counts.outsideMappings).toBe(2);
  });

  it('round robin: turns of `quantum` references, the child right after its parent', async () => {
    const refs = (n: number, line: string) => Array.from({ length: n }, () => line);
    const run = await order(
      {
        'vg.100.1': [
          start(100) + 'I  00108000,4',
          'SYSCALL[100,1](57) sys_fork ( )   fork: process 100 created child 101',
          ' --> [pre-success] Success(0x65) ',
          ...refs(6, 'I  00108000,4'),
          'SYSCALL[100,1](231) exit_group( 0 ) --> [pre-success] Success(0x0) ',
          '',
        ].join('\n'),
        'vg.101.2': [forkStart(101) + refs(4, ' L 1fff000000,8').join('\n'), 'SYSCALL[101,1](231) exit_group( 0 ) --> [pre-success] Success(0x0) ', ''].join('\n'),
      },
      startupTable(100, '/bin/prog', 100),
      { quantum: 3 },
    );
    expect(run.refs.map((r) => r.split(' ')[1]).join('')).toBe('111' + '222' + '111' + '2' + '1');
    expect(run.kernel.filter((r) => /^[SuT] /.test(r))).toEqual(['S 64', 'S 65', 'S 64', 'S 65', 'u 2', 'T 65 0 0', 'S 64', 'u 1', 'T 64 0 0']);
  });

  it("exec: the process goes on in its next log with a new address space and the new program's mappings", async () => {
    const run = await order(
      {
        'vg.100.1': [
          start(100) + 'SYSCALL[100,1](57) sys_fork ( )   fork: process 100 created child 101',
          ' --> [pre-success] Success(0x65) ',
          'SYSCALL[100,1](61) sys_wait4 ( 4294967295, 0x0, 0, 0x0 ) --> [async] ... ',
          'SYSCALL[100,1](61) ... [async] --> Success(0x65) ',
          'SYSCALL[100,1](231) exit_group( 0 ) --> [pre-success] Success(0x0) ',
          '',
        ].join('\n'),
        'vg.101.2': forkStart(101) + ' L 1fff000000,8\nSYSCALL[101,1](59) sys_execve ( 0x10a004(/bin/other), 0x1fff000600, 0x1fff000798 )',
        'vg.101.1': start(101) + 'I  00108000,4\nSYSCALL[101,1](231) exit_group( 0 ) --> [pre-success] Success(0x0) \n',
      },
      `${startupTable(100, '/bin/prog', 100)}\n${startupTable(101, '/bin/other', 200)}`,
    );
    expect(run.kernel).toEqual([
      ...ROOT_FORKS,
      'S 65',
      'A 65 3',
      'u 2',
      'X 65 c8 fe 0 /bin/other',
      'M 65 108000 1000 c8 fe 0 0 f /bin/other',
      'm 65 4035000 1000',
      'm 65 1ffe801000 800000',
      'u 3',
      'T 65 0 0',
      'S 64',
      'u 1',
      'T 64 0 0',
    ]);
    expect(run.refs).toEqual(['r 2 1fff000', 'r 3 108']);
  });

  it('threads: F without A, S at each switch, T when a thread exits', async () => {
    const run = await order(
      {
        'vg.100.1': [
          start(100) + ' S 04035000,8',
          'SYSCALL[100,1](56) sys_clone ( 3d0f00, 0x5229f70, 0x522a990, 0x522a990, 0x522a6c0 ) --> [pre-success] Success(0x66) --100--   SCHED[1]: releasing lock (VG_(vg_yield)) -> VgTs_Yielding',
          '--100--   SCHED[2]:  acquired lock (thread_wrapper(starting new thread))',
          ' S 04035008,8',
          'SYSCALL[100,2](60) exit( 0 ) --> [pre-success] Success(0x0) ',
          '--100--   SCHED[1]:  acquired lock (VG_(vg_yield))',
          '',
          ' L 04035008,8',
          'SYSCALL[100,1](231) exit_group( 0 ) --> [pre-success] Success(0x0) ',
          '',
        ].join('\n'),
      },
      startupTable(100, '/bin/prog', 100),
    );
    expect(run.kernel.slice(STARTUP.length + 2)).toEqual(['S 64', 'F 66 64', 'S 66', 'T 66 0 0', 'S 64', 'u 1', 'T 64 0 0']);
    expect(run.refs).toEqual(['w 1 4035', 'w 1 4035', 'r 1 4035']);
    expect(run.collection.model.counts.threads).toBe(2);
  });

  it('files: opens, reads and writes at their offsets, dup, a private file mapping written, close, unlink', async () => {
    const run = await order(
      {
        'vg.100.1': [
          start(100) + 'SYSCALL[100,1](293) sys_pipe2 ( 0x1ffeffdf20, 0x0 )[sync] --> Success(0x0) ',
          'SYSCALL[100,1](1) sys_write ( 1, 0x1ffeffdf30, 5 ) --> [async] ... ',
          'SYSCALL[100,1](1) ... [async] --> Success(0x5) ',
          'SYSCALL[100,1](257) sys_openat ( 4294967196, 0x1fff000a4b(/data/f), 66, 420 ) --> [async] ... ',
          'SYSCALL[100,1](257) ... [async] --> Success(0x3) ',
          'SYSCALL[100,1](1) sys_write ( 3, 0x1ffeffdf30, 8192 ) --> Success(0x2000) ',
          'SYSCALL[100,1](8) sys_lseek ( 3, 4096, 0 )[sync] --> Success(0x1000) ',
          'SYSCALL[100,1](0) sys_read ( 3, 0x1ffeffdf30, 4096 ) --> Success(0x64) ',
          'SYSCALL[100,1](17) sys_pread64 ( 3, 0x1ffeffdf30, 50, 10 ) --> Success(0x32) ',
          'SYSCALL[100,1](0) sys_read ( 3, 0x1ffeffdf30, 4096 ) --> Success(0x0) ',
          "SYSCALL[100,1](72) sys_fcntl[ARG3=='arg'] ( 3, 0, 10 )[sync] --> Success(0xa) ",
          'SYSCALL[100,1](3) sys_close ( 3 )[sync] --> Success(0x0) ',
          'SYSCALL[100,1](1) sys_write ( 10, 0x1ffeffdf30, 3 ) --> Success(0x3) ',
          'SYSCALL[100,1](9) sys_mmap ( 0x0, 8192, 3, 2, 10, 4096 ) --> [pre-success] Success(0x4840000) ',
          ' L 04840010,4',
          ' S 04840010,4',
          ' S 04840018,4',
          'SYSCALL[100,1](3) sys_close ( 10 )[sync] --> Success(0x0) ',
          'SYSCALL[100,1](87) sys_unlink ( 0x10b01a(/data/f) ) --> Success(0x0) ',
          'SYSCALL[100,1](231) exit_group( 0 ) --> [pre-success] Success(0x0) ',
          '',
        ].join('\n'),
      },
      startupTable(100, '/bin/prog', 100),
      { prober: withData },
    );
    expect(run.kernel.slice(STARTUP.length + 3)).toEqual([
      // the pipe's two ends: the lowest free descriptors, a made-up identity on device 0:0
      '( 64 1 0 0 0 p pipe',
      '( 64 1 0 0 0 p pipe',
      '> 64 1 0 0 0 5',
      '( 64 77 fe 0 a f /data/f',
      '> 64 77 fe 0 0 2000',
      '< 64 77 fe 0 1000 64',
      '< 64 77 fe 0 a 32',
      // the dup shares the position: 4096 + 100
      '> 64 77 fe 0 1064 3',
      'M 64 4840000 2000 77 fe 0 1 f /data/f',
      // the first write to a page of a private file mapping: the writer gets a copy
      'C 64 4840000',
      ') 64 77 fe 0',
      '- 77 fe 0',
      'u 1',
      ') 64 1 0 0',
      ') 64 1 0 0',
      'T 64 0 0',
    ]);
    expect(run.refs).toEqual(['r 1 4840', 'w 1 4840', 'w 1 4840']);
  });

  it("descriptors the trace never saw opened (valgrind's own) are learnt from where new ones land", async () => {
    const run = await order(
      {
        'vg.100.1': [
          // the kernel put the new descriptor at 4: 0 to 3 are taken, though the trace never saw 3 opened
          start(100) + 'SYSCALL[100,1](257) sys_openat ( 4294967196, 0x1fff000a4b(/data/f), 0 ) --> Success(0x4) ',
          'SYSCALL[100,1](3) sys_close ( 4 )[sync] --> Success(0x0) ',
          // so the pipe's ends are 4 and 5
          'SYSCALL[100,1](293) sys_pipe2 ( 0x1ffeffdf20, 0x0 )[sync] --> Success(0x0) ',
          'SYSCALL[100,1](1) sys_write ( 5, 0x1ffeffdf30, 3 ) --> Success(0x3) ',
          'SYSCALL[100,1](231) exit_group( 0 ) --> [pre-success] Success(0x0) ',
          '',
        ].join('\n'),
      },
      startupTable(100, '/bin/prog', 100),
      { prober: withData },
    );
    expect(run.kernel.filter((r) => /^[()<>]/.test(r))).toEqual(['( 64 77 fe 0 a f /data/f', ') 64 77 fe 0', '( 64 1 0 0 0 p pipe', '( 64 1 0 0 0 p pipe', '> 64 1 0 0 0 3', ') 64 1 0 0', ') 64 1 0 0']);
    expect(run.collection.model.counts.unknownDescriptors).toBe(0);
  });
});

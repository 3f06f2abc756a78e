/**
 * Decoding syscall lines (as valgrind 3.19 prints them) into collector events, with a fake
 * /proc: arguments by syscall, fork against thread clones, offsets, wait edges, and which
 * identity an opened file gets when the descriptor and the path disagree.
 */
import { describe, expect, it } from 'vitest';
import type { FileIdentity } from '../../collector/events.js';
import { decodeDevice, resolveOpened, type Prober } from '../../collector/fileProbe.js';
import { parseSyscallLine } from '../../collector/syscallLine.js';
import { decodeSyscall } from '../../collector/syscallEvents.js';

const file = (inode: number, size = 100): FileIdentity => ({ major: 254, minor: 0, inode, type: 'f', size });

/** A /proc with given descriptors (pid 7), paths and current directory. */
function fakeProber(descriptors: Record<number, { identity: FileIdentity; link: string }>, paths: Record<string, FileIdentity>, cwd = '/home/u'): Prober {
  return {
    descriptor: (pid, fd) => (pid === 7 ? descriptors[fd] : undefined),
    path: (p) => paths[p],
    cwd: (pid) => (pid === 7 ? cwd : undefined),
  };
}

/** Decodes one complete log line of process 7 (a line with its result on it). */
function decode(line: string, prober: Prober = fakeProber({}, {})) {
  const call = parseSyscallLine(line);
  if (!call || call.form !== 'start') throw new Error('not a start line');
  return decodeSyscall({ pid: 7, prober }, { tid: call.tid, nr: call.nr, name: call.name, args: call.args, result: call.result, line: 1 });
}

describe('decodeSyscall', () => {
  it('reads and writes at the file position, positioned ones at their offset', () => {
    expect(decode('SYSCALL[7,1](0) sys_read ( 4, 0x1ffeffe650, 4096 ) --> Success(0x1000)')).toEqual({ kind: 'io', tid: 1, fd: 4, write: false, offset: -1, length: 4096 });
    expect(decode('SYSCALL[7,2](20) sys_writev ( 6, 0x1ffeffdef0, 2 ) --> Success(0x12c)')).toEqual({ kind: 'io', tid: 2, fd: 6, write: true, offset: -1, length: 300 });
    expect(decode('SYSCALL[7,1](17) sys_pread64 ( 4, 0x1ffeffdf30, 10, 4000 ) --> Success(0xa)')).toEqual({ kind: 'io', tid: 1, fd: 4, write: false, offset: 4000, length: 10 });
    expect(decode('SYSCALL[7,1](296) sys_pwritev ( 4, 0x1ffeffdef0, 2, 12000 ) --> Success(0x12c)')).toEqual({ kind: 'io', tid: 1, fd: 4, write: true, offset: 12000, length: 300 });
    // preadv2 with offset -1 reads at the file position
    expect(decode('SYSCALL[7,1](327) sys_preadv2 ( 4, 0x1ffeffdef0, 2, 18446744073709551615, 0 ) --> Success(0x12c)')).toMatchObject({ offset: -1 });
    // valgrind prints pwritev2 without arguments: the descriptor is unknown
    expect(decode('SYSCALL[7,1](328)  --> Success(0x12c)')).toBeUndefined();
    // a read that failed or moved nothing
    expect(decode('SYSCALL[7,1](0) sys_read ( 4, 0x1ffeffe650, 4096 ) --> Failure(0xb)')).toBeUndefined();
  });

  it('kernel-side copies: offsets given through a pointer are unknown', () => {
    expect(decode('SYSCALL[7,1](40) sys_sendfile ( 15, 17, 0x0, 50 ) --> Success(0x32)')).toEqual({ kind: 'transfer', tid: 1, inFd: 17, inOffset: -1, outFd: 15, outOffset: -1, length: 50 });
    expect(decode('SYSCALL[7,1](326) sys_copy_file_range (17, 137422167784, 15, 0, 100, 0)[sync] --> Success(0x64)')).toEqual({ kind: 'transfer', tid: 1, inFd: 17, inOffset: -2, outFd: 15, outOffset: -1, length: 100 });
  });

  it('descriptors: dup family, fcntl, close_range, pipes', () => {
    expect(decode('SYSCALL[7,1](33) sys_dup2 ( 4, 10 )[sync] --> Success(0xa)')).toEqual({ kind: 'dup', tid: 1, oldFd: 4, newFd: 10, cloexec: false, lowest: -1 });
    expect(decode('SYSCALL[7,1](292) sys_dup3 ( 4, 11, 0x80000 )[sync] --> Success(0xb)')).toEqual({ kind: 'dup', tid: 1, oldFd: 4, newFd: 11, cloexec: true, lowest: -1 });
    expect(decode("SYSCALL[7,1](72) sys_fcntl[ARG3=='arg'] ( 4, 1030, 30 )[sync] --> Success(0x1e)")).toEqual({ kind: 'dup', tid: 1, oldFd: 4, newFd: 30, cloexec: true, lowest: 30 });
    expect(decode('SYSCALL[7,1](32) sys_dup ( 4 )[sync] --> Success(0x6)')).toEqual({ kind: 'dup', tid: 1, oldFd: 4, newFd: 6, cloexec: false, lowest: 0 });
    expect(decode("SYSCALL[7,1](72) sys_fcntl[ARG3=='arg'] ( 4, 2, 1 )[sync] --> Success(0x0)")).toEqual({ kind: 'cloexec', tid: 1, fd: 4, on: true });
    expect(decode("SYSCALL[7,1](72) sys_fcntl[ARG3=='arg'] ( 5, 4, 1024 )[sync] --> Success(0x0)")).toEqual({ kind: 'append', tid: 1, fd: 5, on: true });
    expect(decode('SYSCALL[7,1](436) sys_close_range ( 3, 4294967295, 4 ) --> [pre-success] Success(0x0)')).toEqual({ kind: 'closeRange', tid: 1, first: 3, last: 4294967295, cloexecOnly: true });
    expect(decode('SYSCALL[7,1](293) sys_pipe2 ( 0x1ffeffdf20, 0x80000 )[sync] --> Success(0x0)')).toEqual({ kind: 'pipe', tid: 1, type: 'p', cloexec: true });
    expect(decode('SYSCALL[7,1](53) sys_socketpair ( 1, 1, 0, 0x1ffeffdf18 )[sync] --> Success(0x0)')).toEqual({ kind: 'pipe', tid: 1, type: 's', cloexec: false });
  });

  it('mappings: mmap (fd -1 printed unsigned), munmap, mremap, brk', () => {
    expect(decode('SYSCALL[7,1](9) sys_mmap ( 0x0, 8192, 3, 34, 4294967295, 0 ) --> [pre-success] Success(0x4835000)')).toEqual({ kind: 'mmap', tid: 1, address: 0x4835000, length: 8192, flags: 34, fd: -1, offset: 0 });
    expect(decode('SYSCALL[7,1](9) sys_mmap ( 0x486b000, 1400832, 5, 2066, 4, 155648 ) --> [pre-success] Success(0x486b000)')).toEqual({ kind: 'mmap', tid: 1, address: 0x486b000, length: 1400832, flags: 2066, fd: 4, offset: 155648 });
    expect(decode('SYSCALL[7,1](11) sys_munmap ( 0x483c000, 35343 )[sync] --> Success(0x0)')).toEqual({ kind: 'munmap', tid: 1, address: 0x483c000, length: 35343 });
    expect(decode('SYSCALL[7,1](25) sys_mremap ( 0x483c000, 16384, 40960, 0x3, 0x10000000 ) --> [pre-success] Success(0x10000000)')).toEqual({ kind: 'mremap', tid: 1, oldAddress: 0x483c000, oldLength: 16384, address: 0x10000000, length: 40960 });
    expect(decode('SYSCALL[7,1](12) sys_brk ( 0x404d6a0 ) --> [pre-success] Success(0x404d6a0)')).toEqual({ kind: 'brk', tid: 1, value: 0x404d6a0 });
  });

  it('processes: fork and vfork against thread clones, exit, exec, waits', () => {
    expect(decode('SYSCALL[7,1](56) sys_clone ( 1200011, 0x0, 0x0, 0x4a27a10, 0x0 ) --> [pre-success] Success(0x7d27)')).toEqual({ kind: 'fork', tid: 1, child: 0x7d27 });
    expect(decode('SYSCALL[7,1](56) sys_clone ( 4111, 0x4844ff0, 0x0, 0x0, 0x0 ) --> [pre-success] Success(0x3aae)')).toEqual({ kind: 'fork', tid: 1, child: 0x3aae });
    expect(decode('SYSCALL[7,1](56) sys_clone ( 3d0f00, 0x5229f70, 0x522a990, 0x522a990, 0x522a6c0 ) --> [pre-success] Success(0x7d29)')).toEqual({ kind: 'thread', tid: 1, child: 0x7d29 });
    expect(decode('SYSCALL[7,1](58) sys_fork ( ) --> [pre-success] Success(0x3aad)')).toEqual({ kind: 'fork', tid: 1, child: 0x3aad });
    expect(decode('SYSCALL[7,2](60) exit( 0 ) --> [pre-success] Success(0x0)')).toEqual({ kind: 'exit', tid: 2 });
    expect(decode('SYSCALL[7,1](231) exit_group( 3 ) --> [pre-success] Success(0x0)')).toEqual({ kind: 'exitGroup', tid: 1, code: 3 });
    // a successful execve has no result; a failed one means nothing
    expect(decode('SYSCALL[7,1](59) sys_execve ( 0x10a004(/bin/true), 0x1fff000600, 0x1fff000798 )')).toEqual({ kind: 'exec', tid: 1, path: '/bin/true' });
    expect(decode('SYSCALL[7,1](59) sys_execve ( 0x4035f28(/root/bin/true), 0x4035dd8, 0x4035de8 ) --> [pre-fail] Failure(0x2)')).toBeUndefined();
    expect(decode('SYSCALL[7,1](61) sys_wait4 ( 4294967295, 0x1fff00036c, 0, 0x0 ) --> Success(0x3aad)')).toEqual({ kind: 'wait', tid: 1, child: 0x3aad });
    expect(decode('SYSCALL[7,1](61) sys_wait4 ( 4294967295, 0x1fff00036c, 1, 0x0 ) --> Success(0x0)')).toBeUndefined();
    expect(decode('SYSCALL[7,1](247) sys_waitid( 1, 15020, 0x1ffeffde60, 4, 0x0 ) --> Success(0x0)')).toEqual({ kind: 'wait', tid: 1, child: 15020 });
    expect(decode('SYSCALL[7,1](247) sys_waitid( 0, 0, 0x1ffeffde60, 4, 0x0 ) --> Success(0x0)')).toBeUndefined();
  });

  it('files by path: relative to the cwd or a directory descriptor; unlink, rename, truncate', () => {
    const dirFd = { identity: { ...file(9), type: 'f' as const }, link: '/data' };
    const prober = fakeProber({ 16: dirFd }, { '/home/u/f2': file(5, 3) });
    expect(decode('SYSCALL[7,1](263) sys_unlinkat ( 4294967196, 0x10b025(rel.txt) ) --> Success(0x0)', prober)).toEqual({ kind: 'unlink', tid: 1, path: '/home/u/rel.txt' });
    expect(decode('SYSCALL[7,1](263) sys_unlinkat ( 16, 0x10b025(sub/../x) ) --> Success(0x0)', prober)).toEqual({ kind: 'unlink', tid: 1, path: '/data/x' });
    expect(decode('SYSCALL[7,1](82) sys_rename ( 0x10b00f(/tmp/a), 0x10b01a(b) )[sync] --> Success(0x0)', prober)).toEqual({ kind: 'rename', tid: 1, from: '/tmp/a', to: '/home/u/b' });
    expect(decode('SYSCALL[7,1](76) sys_truncate ( 0x10b00f(f2), 3 ) --> Success(0x0)', prober)).toEqual({ kind: 'truncate', tid: 1, fd: -1, target: { path: '/home/u/f2', identity: file(5, 3) }, length: 3 });
    expect(decode('SYSCALL[7,1](77) sys_ftruncate ( 4, 6000 ) --> Success(0x0)', prober)).toEqual({ kind: 'truncate', tid: 1, fd: 4, target: undefined, length: 6000 });
  });

  it('opens: the file behind the new descriptor, checked against the path', () => {
    const prober = fakeProber({ 4: { identity: file(2170954), link: '/tmp/cs/data.bin' } }, { '/tmp/cs/data.bin': file(2170954) });
    expect(decode('SYSCALL[7,1](257) sys_openat ( 4294967196, 0x1fff000a4b(/tmp/cs/data.bin), 578, 420 ) --> Success(0x4)', prober)).toEqual({
      kind: 'open',
      tid: 1,
      fd: 4,
      flags: 578,
      target: { path: '/tmp/cs/data.bin', identity: file(2170954) },
    });
    expect(decode('SYSCALL[7,1](85) sys_creat ( 0x10b00f(data.bin), 420 ) --> Success(0x4)', fakeProber({ 4: { identity: file(1), link: '/home/u/data.bin' } }, {}))).toMatchObject({ flags: 0o1101, target: { path: '/home/u/data.bin', identity: file(1) } });
    expect(decode('SYSCALL[7,1](41) sys_socket ( 1, 524289, 0 ) --> Success(0x5)', fakeProber({ 5: { identity: { ...file(77), type: 's' }, link: 'socket:[77]' } }, {}))).toEqual({
      kind: 'open',
      tid: 1,
      fd: 5,
      flags: 0o2000000,
      target: { path: 'socket:[77]', identity: { ...file(77), type: 's' } },
    });
  });
});

describe('resolveOpened', () => {
  const fd = (inode: number, link: string) => ({ identity: file(inode), link });

  it('descriptor and path agree: that file', () => {
    expect(resolveOpened(fakeProber({ 3: fd(1, '/usr/lib/libc.so.6') }, { '/lib/libc.so.6': file(1) }), 7, 3, '/lib/libc.so.6')).toEqual({ path: '/lib/libc.so.6', identity: file(1) });
  });

  it('the file was deleted or renamed since: the descriptor, when it shows a file of that name', () => {
    expect(resolveOpened(fakeProber({ 3: fd(1, '/tmp/sortX (deleted)') }, {}), 7, 3, '/tmp/sortX').identity).toEqual(file(1));
    expect(resolveOpened(fakeProber({ 3: fd(1, '/tmp/new') }, { '/tmp/old': file(2) }), 7, 3, '/tmp/old').identity).toEqual(file(2));
  });

  it('the descriptor was closed and reused for another file: the path', () => {
    expect(resolveOpened(fakeProber({ 3: fd(8, '/etc/other') }, { '/tmp/f': file(2) }), 7, 3, '/tmp/f').identity).toEqual(file(2));
  });

  it('neither is there: unknown', () => {
    expect(resolveOpened(fakeProber({ 3: fd(8, '/etc/other') }, {}), 7, 3, '/tmp/f').identity).toBeUndefined();
    expect(resolveOpened(fakeProber({}, {}), 7, 3, '/tmp/f').identity).toBeUndefined();
  });
});

describe('decodeDevice', () => {
  it('decodes the kernel encoding valgrind prints and glibc 64-bit device numbers', () => {
    expect(decodeDevice(0xfe00)).toEqual({ major: 254, minor: 0 });
    expect(decodeDevice(0x803)).toEqual({ major: 8, minor: 3 });
    // gnu_dev_makedev(259, 0x12345): minor bits 8+ at bit 20, major bits 12+ at bit 44
    const dev = 0x45 + (259 & 0xfff) * 2 ** 8 + (0x12345 >> 8) * 2 ** 20;
    expect(decodeDevice(dev)).toEqual({ major: 259, minor: 0x12345 });
    expect(decodeDevice(0x1000 * 2 ** 32 + 5)).toEqual({ major: 0x1000, minor: 5 });
  });
});

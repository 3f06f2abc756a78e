/**
 * What the collector reads out of one process's valgrind log, in program order: page references
 * (items in the spool, see itemQueue.ts) and these events. Each event is a client syscall that
 * changes state the kernel-event trace records (decoded by syscallEvents.ts), or a thread switch
 * from `--trace-sched`. `tid` is valgrind's thread id within the process (1 = the main thread).
 */
import type { FileType } from '../merger/index.js';

/** A file's identity and what `stat` said about it when the collector looked. */
export interface FileIdentity {
  major: number;
  minor: number;
  inode: number;
  type: FileType;
  /** Size in bytes when probed. */
  size: number;
}

/** The path a syscall named, made absolute, and the identity probed for it (if any). */
export interface ProbedPath {
  path: string;
  identity: FileIdentity | undefined;
}

export type CollectorEvent =
  /** A syscall returned a new file descriptor (open, openat, creat, socket, memfd_create, …). */
  | { kind: 'open'; tid: number; fd: number; flags: number; target: ProbedPath }
  /** pipe, pipe2, socketpair: two new descriptors, which the log does not show. */
  | { kind: 'pipe'; tid: number; type: FileType; cloexec: boolean }
  /**
   * dup, dup2, dup3, fcntl(F_DUPFD…): `newFd` shares `oldFd`'s open file. `lowest`: the kernel
   * chose `newFd` as the lowest free number at or above it (dup, F_DUPFD); -1 when it was named.
   */
  | { kind: 'dup'; tid: number; oldFd: number; newFd: number; cloexec: boolean; lowest: number }
  | { kind: 'close'; tid: number; fd: number }
  /** close_range; with `cloexecOnly` the descriptors are only marked close-on-exec. */
  | { kind: 'closeRange'; tid: number; first: number; last: number; cloexecOnly: boolean }
  /** fcntl(F_SETFD) */
  | { kind: 'cloexec'; tid: number; fd: number; on: boolean }
  /** fcntl(F_SETFL): O_APPEND on or off */
  | { kind: 'append'; tid: number; fd: number; on: boolean }
  /** lseek: the new file position */
  | { kind: 'seek'; tid: number; fd: number; position: number }
  /** read/write and their vector and positioned forms; `offset` -1: at the file position. */
  | { kind: 'io'; tid: number; fd: number; write: boolean; offset: number; length: number }
  /**
   * sendfile, copy_file_range: `length` bytes moved by the kernel from `inFd` to `outFd`.
   * Offsets: -1 at the file position, -2 unknown (given through a pointer).
   */
  | { kind: 'transfer'; tid: number; inFd: number; inOffset: number; outFd: number; outOffset: number; length: number }
  /** ftruncate (fd ≥ 0) or truncate (path) */
  | { kind: 'truncate'; tid: number; fd: number; target: ProbedPath | undefined; length: number }
  | { kind: 'unlink'; tid: number; path: string }
  | { kind: 'rename'; tid: number; from: string; to: string }
  | { kind: 'mmap'; tid: number; address: number; length: number; flags: number; fd: number; offset: number }
  | { kind: 'munmap'; tid: number; address: number; length: number }
  | { kind: 'mremap'; tid: number; oldAddress: number; oldLength: number; address: number; length: number }
  /** brk: the break after the call */
  | { kind: 'brk'; tid: number; value: number }
  /** a new process (fork, vfork, clone without CLONE_VM) */
  | { kind: 'fork'; tid: number; child: number }
  /** a new thread; `child` is its kernel thread id */
  | { kind: 'thread'; tid: number; child: number }
  /** a successful execve: the log ends here and the new program's log follows */
  | { kind: 'exec'; tid: number; path: string }
  /** exit of one thread */
  | { kind: 'exit'; tid: number }
  /** exit_group: the whole process ends */
  | { kind: 'exitGroup'; tid: number; code: number }
  /** wait4 or waitid returned child `child` (it has exited) */
  | { kind: 'wait'; tid: number; child: number }
  /** `--trace-sched`: thread `tid` now runs; `starting`: it is a new thread's first run */
  | { kind: 'switch'; tid: number; starting: boolean };

export type CollectorEventKind = CollectorEvent['kind'];

/** Page-reference operations as items carry them. */
export const OP_READ = 0;
export const OP_WRITE = 1;
/** lackey's M: a load and a store by one instruction (a read, then a write). */
export const OP_MODIFY = 2;

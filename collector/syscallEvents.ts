/**
 * Turns a completed syscall of a valgrind log into the collector event it means (events.ts), by
 * x86_64 syscall number; the argument layouts are those valgrind 3.19 prints. Files a call opens
 * are identified right away (fileProbe.ts), while the descriptor is most likely still open.
 * Calls that change nothing the kernel-event trace records (mprotect, getpid…) and failed calls
 * give no event.
 */
import type { CollectorEvent, ProbedPath } from './events.js';
import { AT_FDCWD, absolutePath, resolveOpened, type Prober } from './fileProbe.js';
import type { CompletedSyscall } from './logParser.js';
import { O_APPEND, O_CLOEXEC, O_WRONLY_CREAT_TRUNC } from './linux.js';
import { hexArg, intArg, numberArg, pathArg } from './syscallLine.js';

const CLONE_THREAD = 0x10000;
const CLOSE_RANGE_CLOEXEC = 4;
const F_DUPFD = 0;
const F_DUPFD_CLOEXEC = 1030;
const F_SETFD = 2;
const F_SETFL = 4;
const FD_CLOEXEC = 1;
const P_PID = 1;
const WNOHANG = 1;

/** Syscalls that return a new descriptor of something without a path. */
const NEW_DESCRIPTOR = new Set([
  41, // socket
  43, // accept
  213, // epoll_create
  253, // inotify_init
  282, // signalfd
  283, // timerfd_create
  284, // eventfd
  288, // accept4
  289, // signalfd4
  290, // eventfd2
  291, // epoll_create1
  294, // inotify_init1
  298, // perf_event_open
  300, // fanotify_init
  304, // open_by_handle_at
  319, // memfd_create
  323, // userfaultfd
  425, // io_uring_setup
  434, // pidfd_open
]);

/** An offset argument where -1 (printed as a large unsigned number) means "the file position". */
function offsetArg(arg: string | undefined): number {
  const v = numberArg(arg);
  return !Number.isFinite(v) || v < 0 || v >= 2 ** 63 ? -1 : v;
}

/** What the decoder needs from its owner: the process, and where to look up files. */
export interface DecodeContext {
  pid: number;
  prober: Prober;
}

function opened(ctx: DecodeContext, call: CompletedSyscall, dirfd: number, pathIndex: number, flags: number): CollectorEvent {
  const fd = call.result.status === 'ok' ? call.result.value : -1;
  const given = pathArg(call.args[pathIndex]) ?? '';
  const file = given ? absolutePath(ctx.prober, ctx.pid, dirfd, given) : '';
  return { kind: 'open', tid: call.tid, fd, flags, target: resolveOpened(ctx.prober, ctx.pid, fd, file) };
}

function pathAt(ctx: DecodeContext, call: CompletedSyscall, dirfdIndex: number, pathIndex: number): string {
  const dirfd = dirfdIndex < 0 ? AT_FDCWD : intArg(call.args[dirfdIndex]);
  return absolutePath(ctx.prober, ctx.pid, dirfd, pathArg(call.args[pathIndex]) ?? '');
}

function probedPath(ctx: DecodeContext, file: string): ProbedPath {
  return { path: file, identity: file.startsWith('/') ? ctx.prober.path(file) : undefined };
}

/** The event a completed syscall means, or undefined when it means none. */
export function decodeSyscall(ctx: DecodeContext, call: CompletedSyscall): CollectorEvent | undefined {
  const { tid, args, result } = call;
  if (result.status === 'none') {
    // A call cut off by the end of the log: execve (59) and execveat (322) succeeded.
    if (call.nr === 59) return { kind: 'exec', tid, path: pathAt(ctx, call, -1, 0) };
    if (call.nr === 322) return { kind: 'exec', tid, path: pathAt(ctx, call, 0, 1) };
    return undefined;
  }
  if (result.status !== 'ok') return undefined;
  const value = result.value;
  const fd0 = intArg(args[0]);
  switch (call.nr) {
    case 0: // read
    case 19: // readv
      return { kind: 'io', tid, fd: fd0, write: false, offset: -1, length: value };
    case 1: // write
    case 20: // writev
      return { kind: 'io', tid, fd: fd0, write: true, offset: -1, length: value };
    case 17: // pread64
    case 295: // preadv
    case 327: // preadv2
      return { kind: 'io', tid, fd: fd0, write: false, offset: offsetArg(args[3]), length: value };
    case 18: // pwrite64
    case 296: // pwritev
    case 328: // pwritev2 (valgrind 3.19 prints no arguments for it: then the fd is unknown)
      return args.length ? { kind: 'io', tid, fd: fd0, write: true, offset: offsetArg(args[3]), length: value } : undefined;
    case 40: // sendfile (out, in, offset*, count)
      return { kind: 'transfer', tid, inFd: intArg(args[1]), inOffset: numberArg(args[2]) === 0 ? -1 : -2, outFd: fd0, outOffset: -1, length: value };
    case 326: // copy_file_range (in, off_in*, out, off_out*, len, flags)
      return { kind: 'transfer', tid, inFd: fd0, inOffset: numberArg(args[1]) === 0 ? -1 : -2, outFd: intArg(args[2]), outOffset: numberArg(args[3]) === 0 ? -1 : -2, length: value };
    case 8: // lseek
      return { kind: 'seek', tid, fd: fd0, position: value };
    case 2: // open (path, flags, mode)
      return opened(ctx, call, AT_FDCWD, 0, numberArg(args[1]));
    case 85: // creat (path, mode)
      return opened(ctx, call, AT_FDCWD, 0, O_WRONLY_CREAT_TRUNC);
    case 257: // openat (dirfd, path, flags, mode)
      return opened(ctx, call, fd0, 1, numberArg(args[2]));
    case 437: // openat2 (dirfd, path, how*, size): the flags are behind a pointer
      return opened(ctx, call, fd0, 1, 0);
    case 22: // pipe
      return { kind: 'pipe', tid, type: 'p', cloexec: false };
    case 293: // pipe2 (fds*, flags)
      return { kind: 'pipe', tid, type: 'p', cloexec: (numberArg(args[1]) & O_CLOEXEC) !== 0 };
    case 53: // socketpair (domain, type, protocol, fds*)
      return { kind: 'pipe', tid, type: 's', cloexec: (numberArg(args[1]) & O_CLOEXEC) !== 0 };
    case 32: // dup
      return { kind: 'dup', tid, oldFd: fd0, newFd: value, cloexec: false, lowest: 0 };
    case 33: // dup2
      return { kind: 'dup', tid, oldFd: fd0, newFd: value, cloexec: false, lowest: -1 };
    case 292: // dup3
      return { kind: 'dup', tid, oldFd: fd0, newFd: value, cloexec: (numberArg(args[2]) & O_CLOEXEC) !== 0, lowest: -1 };
    case 72: {
      // fcntl (fd, cmd, arg)
      const cmd = numberArg(args[1]);
      const arg = numberArg(args[2]);
      if (cmd === F_DUPFD || cmd === F_DUPFD_CLOEXEC) return { kind: 'dup', tid, oldFd: fd0, newFd: value, cloexec: cmd === F_DUPFD_CLOEXEC, lowest: arg };
      if (cmd === F_SETFD) return { kind: 'cloexec', tid, fd: fd0, on: (arg & FD_CLOEXEC) !== 0 };
      if (cmd === F_SETFL) return { kind: 'append', tid, fd: fd0, on: (arg & O_APPEND) !== 0 };
      return undefined;
    }
    case 3: // close
      return { kind: 'close', tid, fd: fd0 };
    case 436: // close_range (first, last, flags)
      return { kind: 'closeRange', tid, first: numberArg(args[0]), last: numberArg(args[1]), cloexecOnly: (numberArg(args[2]) & CLOSE_RANGE_CLOEXEC) !== 0 };
    case 77: // ftruncate (fd, length)
      return { kind: 'truncate', tid, fd: fd0, target: undefined, length: numberArg(args[1]) };
    case 76: // truncate (path, length)
      return { kind: 'truncate', tid, fd: -1, target: probedPath(ctx, pathAt(ctx, call, -1, 0)), length: numberArg(args[1]) };
    case 84: // rmdir
    case 87: // unlink
      return { kind: 'unlink', tid, path: pathAt(ctx, call, -1, 0) };
    case 263: // unlinkat (dirfd, path, flags)
      return { kind: 'unlink', tid, path: pathAt(ctx, call, 0, 1) };
    case 82: // rename (old, new)
      return { kind: 'rename', tid, from: pathAt(ctx, call, -1, 0), to: pathAt(ctx, call, -1, 1) };
    case 264: // renameat (olddirfd, old, newdirfd, new)
    case 316: // renameat2 (…, flags)
      return { kind: 'rename', tid, from: pathAt(ctx, call, 0, 1), to: pathAt(ctx, call, 2, 3) };
    case 9: // mmap (addr, length, prot, flags, fd, offset)
      return { kind: 'mmap', tid, address: value, length: numberArg(args[1]), flags: numberArg(args[3]), fd: intArg(args[4]), offset: numberArg(args[5]) };
    case 11: // munmap (addr, length)
      return { kind: 'munmap', tid, address: numberArg(args[0]), length: numberArg(args[1]) };
    case 25: // mremap (old, old_size, new_size, flags[, new])
      return { kind: 'mremap', tid, oldAddress: numberArg(args[0]), oldLength: numberArg(args[1]), address: value, length: numberArg(args[2]) };
    case 12: // brk
      return { kind: 'brk', tid, value };
    case 56: // clone (flags, …); valgrind turns vfork-style clones into forks
      return (hexArg(args[0]) & CLONE_THREAD) !== 0 ? { kind: 'thread', tid, child: value } : { kind: 'fork', tid, child: value };
    case 57: // fork
    case 58: // vfork
      return { kind: 'fork', tid, child: value };
    case 60: // exit
      return { kind: 'exit', tid };
    case 231: // exit_group
      return { kind: 'exitGroup', tid, code: numberArg(args[0]) };
    case 61: // wait4 (pid, status*, options, rusage*): the reaped child, 0 with WNOHANG and none ready
      return value > 0 ? { kind: 'wait', tid, child: value } : undefined;
    case 247: {
      // waitid (idtype, id, info*, options, rusage*): the child only shows when one was named
      const waited = numberArg(args[0]) === P_PID && (numberArg(args[3]) & WNOHANG) === 0;
      return waited ? { kind: 'wait', tid, child: numberArg(args[1]) } : undefined;
    }
    default:
      if (NEW_DESCRIPTOR.has(call.nr)) {
        const cloexec = call.nr === 41 && (numberArg(args[1]) & O_CLOEXEC) !== 0;
        return opened(ctx, call, AT_FDCWD, -1, cloexec ? O_CLOEXEC : 0);
      }
      return undefined;
  }
}

/**
 * File identities (device, inode, type, size) for the files a traced program opens, looked up as
 * soon as the collector reads the syscall — the log carries only paths and descriptor numbers.
 * The open descriptor itself is the best witness (`/proc/PID/fd/N` reaches the file even after it
 * was deleted or renamed); the path is the fallback once the descriptor is gone. Both can race
 * with the program (a descriptor closed and reused, a path replaced): `resolveOpened` cross-checks
 * them by name.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileType } from '../merger/index.js';
import type { FileIdentity, ProbedPath } from './events.js';

/** Linux's AT_FDCWD as a signed int. */
export const AT_FDCWD = -100;

/** (major, minor) of a dev_t as glibc encodes it (which also decodes the kernel's 32-bit form). */
export function decodeDevice(dev: number): { major: number; minor: number } {
  const high = Math.floor(dev / 2 ** 32);
  const low = dev % 2 ** 32;
  // gnu_dev_major/minor: major = bits 8–19 and 44–63, minor = bits 0–7 and 20–43.
  const major = ((low >>> 8) & 0xfff) + ((high & 0xfffff000) >>> 0);
  const minor = (low & 0xff) + ((low >>> 12) & 0xfff00) + (high & 0xfff) * 2 ** 20;
  return { major, minor };
}

/** kVMTrace's file type letter for a stat mode. */
export function fileTypeOf(mode: number): FileType {
  switch (mode & fs.constants.S_IFMT) {
    case fs.constants.S_IFREG:
    case fs.constants.S_IFDIR:
    case fs.constants.S_IFLNK:
      return 'f';
    case fs.constants.S_IFIFO:
      return 'p';
    case fs.constants.S_IFCHR:
    case fs.constants.S_IFBLK:
      return 'd';
    case fs.constants.S_IFSOCK:
      return 's';
    default:
      return 'o';
  }
}

export function identityOf(st: fs.Stats): FileIdentity {
  return { ...decodeDevice(st.dev), inode: st.ino, type: fileTypeOf(st.mode), size: st.size };
}

function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  return a.major === b.major && a.minor === b.minor && a.inode === b.inode;
}

/** Where the collector looks things up; tests substitute a fake. */
export interface Prober {
  /** The file behind descriptor `fd` of process `pid` and its /proc link text, if still open. */
  descriptor(pid: number, fd: number): { identity: FileIdentity; link: string } | undefined;
  /** The file at an absolute path, if it exists. */
  path(file: string): FileIdentity | undefined;
  /** The current directory of `pid`, if it is alive. */
  cwd(pid: number): string | undefined;
}

function attempt<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

export const procProber: Prober = {
  descriptor(pid, fd) {
    const where = `/proc/${pid}/fd/${fd}`;
    const st = attempt(() => fs.statSync(where));
    const link = attempt(() => fs.readlinkSync(where));
    return st && link !== undefined ? { identity: identityOf(st), link } : undefined;
  },
  path(file) {
    const st = attempt(() => fs.statSync(file));
    return st ? identityOf(st) : undefined;
  },
  cwd(pid) {
    return attempt(() => fs.readlinkSync(`/proc/${pid}/cwd`));
  },
};

/** Makes a syscall's path argument absolute: relative to `dirfd`'s directory or the cwd. */
export function absolutePath(prober: Prober, pid: number, dirfd: number, file: string): string {
  if (file.startsWith('/')) return path.normalize(file);
  const base = dirfd === AT_FDCWD ? prober.cwd(pid) : prober.descriptor(pid, dirfd)?.link;
  return base?.startsWith('/') ? path.resolve(base, file) : file;
}

function linkName(link: string): string {
  return path.basename(link.replace(/ \(deleted\)$/, ''));
}

/**
 * The identity of the file a syscall just opened as descriptor `fd`, given the path it named
 * (empty for descriptors without a path: sockets, eventfds…). The descriptor wins when it shows a
 * file of the path's name; otherwise the path, when it still exists; otherwise unknown.
 */
export function resolveOpened(prober: Prober, pid: number, fd: number, file: string): ProbedPath {
  const opened = prober.descriptor(pid, fd);
  if (!file) return { path: opened?.link ?? '', identity: opened?.identity };
  const atPath = file.startsWith('/') ? prober.path(file) : undefined;
  const named = opened !== undefined && linkName(opened.link) === path.basename(file);
  if (opened && atPath && sameFile(opened.identity, atPath)) return { path: file, identity: opened.identity };
  if (opened && named) return { path: file, identity: opened.identity };
  return { path: file, identity: atPath };
}

/**
 * What a program's address space holds when it starts under valgrind, from the `-d` segment
 * table (debugLog.ts): valgrind maps the executable, ld.so, the stack and the first page of the
 * brk area itself, so they never show up as the program's mmap calls.
 *
 * - Lower-case `file` rows are the program's file mappings (private), upper-case rows are
 *   valgrind's and are left out, and so are files in valgrind's library directory (the tool
 *   binary's trampoline page, which the program executes, and the `vgpreload_*` libraries).
 * - An `anon` row right above an `SmUpper` reservation is the main stack: the reservation is
 *   where it grows, so the stack mapping covers both (the merger needs no growth records).
 * - An `anon` row right below an `SmLower` reservation is the brk area.
 * - The executable is the client file mapped at the lowest address.
 */
import * as path from 'node:path';
import type { StartupMap } from './debugLog.js';
import type { FileIdentity } from './events.js';
import { decodeDevice } from './fileProbe.js';

export interface StartupMapping {
  kind: 'file' | 'anon' | 'excluded';
  /** Bytes, end exclusive. */
  start: number;
  end: number;
  /** File mappings: the file, its byte offset at `start`, its path. */
  identity: FileIdentity | undefined;
  offset: number;
  path: string;
}

export interface StartupImage {
  exe: { path: string; identity: FileIdentity } | undefined;
  mappings: StartupMapping[];
  /** The brk area: its base and the end of what is mapped of it (bytes). */
  brk: { start: number; end: number } | undefined;
}

/** valgrind's own files the program can see: anything in its library directory, its preloads. */
export function isValgrindFile(file: string, libdir: string | undefined): boolean {
  if (libdir && file.startsWith(libdir.endsWith('/') ? libdir : libdir + '/')) return true;
  return path.basename(file).startsWith('vgpreload_');
}

export function startupImage(map: StartupMap, libdir: string | undefined): StartupImage {
  const image: StartupImage = { exe: undefined, mappings: [], brk: undefined };
  const rows = map.segments;
  rows.forEach((row, i) => {
    const below = rows[i - 1];
    const above = rows[i + 1];
    if (row.kind === 'file') {
      const identity: FileIdentity = { ...decodeDevice(row.device), inode: row.inode, type: 'f', size: 0 };
      const excluded = isValgrindFile(row.name, libdir);
      image.mappings.push({ kind: excluded ? 'excluded' : 'file', start: row.start, end: row.end, identity, offset: row.offset, path: row.name });
      if (!excluded && !image.exe) image.exe = { path: row.name, identity };
    } else if (row.kind === 'anon') {
      const stack = below && below.kind === 'RSVN' && below.shrink === 'SmUpper' && below.end === row.start;
      image.mappings.push({ kind: 'anon', start: stack ? below.start : row.start, end: row.end, identity: undefined, offset: 0, path: '' });
      if (above && above.kind === 'RSVN' && above.shrink === 'SmLower' && above.start === row.end) image.brk = { start: row.start, end: row.end };
    }
  });
  return image;
}

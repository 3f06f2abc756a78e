/**
 * A look at a program as it starts under valgrind, taken when its log shows its first line:
 * where its stderr goes, and its address space from /proc/PID/maps.
 *
 * valgrind prints a program's startup table (debugLog.ts) on the program's own stderr, so a
 * program whose stderr is redirected (`2>/dev/null`, `2>&1 | …`) prints it elsewhere. Its stderr
 * tells the collector whether the table will come through its pipe; when it will not, the maps
 * stand in for it: the client's part of them — valgrind (3.19, amd64) gives the program the
 * addresses below 0x58000000 and the main stack just below 0x1fff001000, and keeps the rest for
 * itself. The maps are a snapshot taken a little after the start, so they may already show a few
 * of the program's own mmaps (harmless: those come again from the log).
 */
import * as fs from 'node:fs';
import type { StartupMap, StartupSegment } from './debugLog.js';

/** Below this address valgrind lays out the program (its own tool binary starts here). */
const CLIENT_END = 0x58000000;
/** The main stack ends here, and valgrind reserves 8 MiB below it for the stack to grow. */
const STACK_END = 0x1fff001000;
const STACK_RESERVE = 8 * 1024 * 1024;

export interface StartProbe {
  /** Where the program's fd 2 points (`pipe:[…]`, a path…), if it could be read. */
  stderr: string | undefined;
  /** The client's mappings as a startup table, if /proc/PID/maps could be read. */
  map: StartupMap | undefined;
}

/** One line of /proc/PID/maps as a startup-table row (device as the kernel encodes dev_t). */
function row(line: string): StartupSegment | undefined {
  const m = /^([0-9a-f]+)-([0-9a-f]+) (\S{4}) ([0-9a-f]+) ([0-9a-f]+):([0-9a-f]+) (\d+)\s*(.*)$/.exec(line);
  if (!m) return undefined;
  const major = parseInt(m[5]!, 16);
  const minor = parseInt(m[6]!, 16);
  const inode = Number(m[7]);
  const name = m[8]!;
  const file = inode !== 0 && name.startsWith('/');
  return {
    kind: file ? 'file' : 'anon',
    start: parseInt(m[1]!, 16),
    end: parseInt(m[2]!, 16),
    device: file ? (minor & 0xff) + major * 256 + (minor - (minor & 0xff)) * 4096 : 0,
    inode: file ? inode : 0,
    offset: file ? parseInt(m[4]!, 16) : 0,
    name: file ? name.replace(/ \(deleted\)$/, '') : '',
    shrink: '',
  };
}

/** The program's part of a /proc/PID/maps text, with the stack's reservation below it. */
export function clientMap(pid: number, maps: string): StartupMap {
  const segments: StartupSegment[] = [];
  for (const line of maps.split('\n')) {
    const r = row(line);
    if (!r) continue;
    // The client's range; and the tool binary, whose trampoline page the program runs (left out later).
    if (r.end <= CLIENT_END || /\/valgrind\/[^/]+-linux$/.test(r.name)) segments.push(r);
    else if (r.end === STACK_END && r.kind === 'anon') {
      segments.push({ ...r, kind: 'RSVN', end: r.start, start: STACK_END - STACK_RESERVE, shrink: 'SmUpper' }, r);
    }
  }
  return { pid, segments };
}

export function probeStart(pid: number): StartProbe {
  let stderr: string | undefined;
  let map: StartupMap | undefined;
  try {
    stderr = fs.readlinkSync(`/proc/${pid}/fd/2`);
  } catch {
    stderr = undefined;
  }
  try {
    map = clientMap(pid, fs.readFileSync(`/proc/${pid}/maps`, 'latin1'));
  } catch {
    map = undefined;
  }
  return { stderr, map };
}

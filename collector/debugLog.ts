/**
 * valgrind's `-d` debug output, which it writes to stderr (fd 2) mixed with the traced programs'
 * own stderr. Debug lines start with `--PID:1:`; among them, at each program start, the address
 * space manager's segment table (docs/collect.md, "What it records, and from where"):
 *
 *   --17438:1: aspacem <<< SHOW_SEGMENTS: Memory layout at client startup (34 segments)
 *   --17438:1: aspacem (1,49,7) /tmp/prog                       (segment name table)
 *   --17438:1: aspacem   1: file 0000108000-0000108fff    4096 r---- d=0xfe00 i=260958  o=0       (1,49)
 *   --17438:1: aspacem  24: RSVN 1ffe801000-1ffeffefff 8380416 ----- SmUpper
 *   --17438:1: aspacem  25: anon 1ffefff000-1fff000fff    8192 rw---
 *   --17438:1: aspacem >>>
 *
 * Lower-case `file`/`anon` rows are the program's, upper-case ones valgrind's own. Every other
 * line is the programs' stderr and is handed on untouched (debugStream.ts separates the two).
 */
import { DebugStream } from './debugStream.js';

export interface StartupSegment {
  /** `file`, `anon` (the program's), `FILE`, `ANON` (valgrind's), `RSVN` (reserved), `SHMC`, `` (free). */
  kind: string;
  /** Byte addresses, end exclusive. */
  start: number;
  end: number;
  /** File rows: device (dev_t as valgrind prints it), inode, byte offset, and the file's path. */
  device: number;
  inode: number;
  offset: number;
  name: string;
  /** RSVN rows: SmFixed, SmLower (grows up: the brk area) or SmUpper (grows down: the stack). */
  shrink: string;
}

/** The segment table printed when a program started under valgrind (one per exec). */
export interface StartupMap {
  pid: number;
  segments: StartupSegment[];
}

const DEBUG = /^--(\d+):\d+:\s*(\S+)\s?(.*)$/;
const BEGIN = /^<<< SHOW_SEGMENTS: Memory layout at client startup \((\d+) segments\)/;
const NAME = /^\((\d+),\d+,\d+\) (.*)$/;
const ROW = /^\s*(\d+): (.{4}) ([0-9a-f]+)-([0-9a-f]+)\s+\S+(.*)$/;
const FILE_FIELDS = /d=0x([0-9a-f]+) i=(\d+)\s+o=(\d+)\s+\((\d+),\d+\)/;
const LIBDIR = /VG_\(libdir\) = (.*)$/;
const ROW_MESSAGE = /^--\d+:\d+: aspacem\s+\d+: /;
/** A whole segment-table row, for telling which message a piece of output completes. */
const WHOLE_ROW = /^--\d+:\d+: aspacem\s+\d+: (?:(?:file|FILE) [0-9a-f]+-[0-9a-f]+\s+\S+ \S{5} d=0x[0-9a-f]+ i=\d+\s+o=\d+\s+\(\d+,\d+\)|(?:anon|ANON|RSVN|SHMC|    ) [0-9a-f]+-[0-9a-f]+\s+\S+(?: \S{5})?(?: Sm\w+)?)\s*$/;

interface Collecting {
  expected: number;
  names: Map<number, string>;
  rows: { index: number; segment: StartupSegment; nameIndex: number }[];
}

export class DebugLog {
  /** valgrind's library directory (its tool binaries and preload libraries). */
  libdir: string | undefined;
  /** Startup tables that came out incomplete or garbled (their rows are used as they are). */
  damagedTables = 0;
  private readonly maps = new Map<number, StartupMap[]>();
  private readonly open = new Map<number, Collecting>();
  private readonly stream: DebugStream;

  /** `passOn` receives the programs' own stderr (latin1 text, one character per byte). */
  constructor(passOn: (text: string) => void) {
    this.stream = new DebugStream(
      (_pid, text) => this.line(text),
      passOn,
      // A segment-table row is the message that matters: a piece that completes one goes there.
      (text) => (ROW_MESSAGE.test(text) ? (WHOLE_ROW.test(text) ? 2 : 0) : 1),
    );
  }

  /** More of valgrind's stderr, decoded as latin1. */
  push(chunk: string): void {
    this.stream.push(chunk);
  }

  end(): void {
    this.stream.end();
  }

  /** The startup tables of process `pid` so far, one per program it started under valgrind. */
  startupMaps(pid: number): readonly StartupMap[] {
    return this.maps.get(pid) ?? [];
  }

  private line(text: string): void {
    const m = DEBUG.exec(text);
    if (!m) return;
    const pid = Number(m[1]);
    const facility = m[2]!;
    const rest = m[3]!;
    if (facility === 'main') {
      const lib = LIBDIR.exec(rest);
      if (lib) this.libdir = lib[1]!.trim();
      return;
    }
    if (facility !== 'aspacem') return;
    const collecting = this.open.get(pid);
    const begin = BEGIN.exec(rest);
    if (begin) {
      this.open.set(pid, { expected: Number(begin[1]), names: new Map(), rows: [] });
      return;
    }
    if (!collecting) return;
    if (rest.startsWith('>>>')) return this.close(pid, collecting);
    const name = NAME.exec(rest);
    if (name) {
      collecting.names.set(Number(name[1]), name[2]!);
      return;
    }
    const row = ROW.exec(rest);
    if (!row) return;
    const fields = FILE_FIELDS.exec(row[5]!);
    const shrink = /Sm(Fixed|Lower|Upper)/.exec(row[5]!);
    collecting.rows.push({
      index: Number(row[1]),
      segment: {
        kind: row[2]!.trim(),
        start: parseInt(row[3]!, 16),
        end: parseInt(row[4]!, 16) + 1,
        device: fields ? parseInt(fields[1]!, 16) : 0,
        inode: fields ? Number(fields[2]) : 0,
        offset: fields ? Number(fields[3]) : 0,
        name: '',
        shrink: shrink ? shrink[0] : '',
      },
      nameIndex: fields ? Number(fields[4]) : -1,
    });
  }

  private close(pid: number, collecting: Collecting): void {
    this.open.delete(pid);
    const { rows, names, expected } = collecting;
    if (rows.length !== expected || rows.some((r, i) => r.index !== i)) this.damagedTables++;
    const segments = rows.map(({ segment, nameIndex }) => ({ ...segment, name: names.get(nameIndex) ?? '' }));
    const list = this.maps.get(pid) ?? [];
    list.push({ pid, segments });
    this.maps.set(pid, list);
  }
}

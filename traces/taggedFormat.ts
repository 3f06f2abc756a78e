/**
 * The tagged stream form (docs/formats.md, "Tagged streams"): a basic-named stream in which every
 * record also says which process and which thread made it, followed by the process table (pid,
 * parent, command, start and end positions in the stream). Written by `merge --format tagged`;
 * the allocation policies of the simulators (global, equal, proportional, ws, pff) read it.
 *
 * Binary: the usual 32-byte header with stream format id 3, then 13-byte records (code u8, page
 * u32, process u32, thread u32), then one trailer record (code 0xff, u32 length of the table, 8
 * zero bytes) and the table as UTF-8 JSON. Text: `OP PAGE KIND PROCESS THREAD` (`x PAGE PROCESS
 * THREAD` for releases), PROCESS and THREAD in decimal, and the table as `#process` / `#thread`
 * lines after the records. The table comes last because positions and exits are known only at the
 * end of a merge that streams; a reader learns it when it reaches the end of the stream.
 */
import { InputError, quoteFound } from './errors.js';

/** One process of a tagged stream. Id 0 is "unattributed" (references no process could claim). */
export interface StreamProcess {
  /** The number records carry: dense from 0, in order of creation. */
  id: number;
  /** Unique in the stream (the pid, `-2`… when a pid was reused), or `unattributed`. */
  label: string;
  pid: number | null;
  /** Id of the parent process, when known. */
  parent: number | null;
  /** The program it ran last. */
  command: string;
  /** Records (references and releases) before its creation. */
  start: number;
  /** Records before its exit; null when it had not exited when the stream ended. */
  end: number | null;
}

/** One thread (kernel-level task). Id 0 is "no thread" (unattributed records). */
export interface StreamThread {
  id: number;
  process: number;
  label: string;
  pid: number | null;
}

export interface ProcessTable {
  processes: StreamProcess[];
  threads: StreamThread[];
}

export const TAGGED_FORMAT_ID = 3;
export const TAGGED_RECORD_BYTES = 13;
/** The code byte of the record that ends the records and announces the table. */
export const TRAILER_CODE = 0xff;
export const UNATTRIBUTED = 0;

/** The table every tagged stream starts from: process 0 and thread 0 stand for "nobody". */
export function emptyProcessTable(): ProcessTable {
  return {
    processes: [{ id: UNATTRIBUTED, label: 'unattributed', pid: null, parent: null, command: '', start: 0, end: null }],
    threads: [{ id: 0, process: UNATTRIBUTED, label: 'none', pid: null }],
  };
}

export function encodeTrailer(table: ProcessTable): Uint8Array {
  const json = Buffer.from(JSON.stringify(table), 'utf8');
  const out = new Uint8Array(TAGGED_RECORD_BYTES + json.length);
  out[0] = TRAILER_CODE;
  new DataView(out.buffer).setUint32(1, json.length, true);
  out.set(json, TAGGED_RECORD_BYTES);
  return out;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isCountOrNull = (v: unknown): boolean => v === null || isCount(v);

/**
 * Checks a decoded table: ids dense from 0 in order, parents and thread processes naming
 * processes of the table, positions within the stream's `records`.
 */
export function validateProcessTable(value: unknown, records: number, file: string, location: string): ProcessTable {
  const bad = (detail: string): never => {
    throw new InputError(file, location, `bad process table: ${detail}`);
  };
  const t = value as ProcessTable;
  if (typeof t !== 'object' || t === null || !Array.isArray(t.processes) || !Array.isArray(t.threads)) {
    bad('expected {"processes": [...], "threads": [...]}');
  }
  if (t.processes.length === 0 || t.threads.length === 0) bad('process 0 and thread 0 (unattributed) are missing');
  t.processes.forEach((p, i) => {
    if (typeof p !== 'object' || p === null || p.id !== i) bad(`process ${i}: expected id ${i}, found ${p?.id === undefined ? 'none' : quoteFound(JSON.stringify(p.id))}`);
    if (typeof p.label !== 'string' || typeof p.command !== 'string') bad(`process ${i}: label and command must be strings`);
    if (!isCountOrNull(p.pid) || !isCountOrNull(p.parent) || !isCount(p.start) || !isCountOrNull(p.end)) {
      bad(`process ${i}: pid, parent, start and end must be non-negative integers (pid, parent and end may be null)`);
    }
    if (p.parent !== null && p.parent >= t.processes.length) bad(`process ${i}: parent ${p.parent} is not in the table`);
    if (p.start > records || (p.end !== null && (p.end < p.start || p.end > records))) {
      bad(`process ${i}: start ${p.start} and end ${p.end} must satisfy start ≤ end ≤ ${records} records`);
    }
  });
  t.threads.forEach((th, i) => {
    if (typeof th !== 'object' || th === null || th.id !== i) bad(`thread ${i}: expected id ${i}`);
    if (!isCount(th.process) || th.process >= t.processes.length) bad(`thread ${i}: process ${th.process} is not in the table`);
    if (typeof th.label !== 'string' || !isCountOrNull(th.pid)) bad(`thread ${i}: label must be a string and pid an integer or null`);
  });
  return t;
}

export function decodeTrailerTable(json: Uint8Array, records: number, file: string, location: string): ProcessTable {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(json).toString('utf8'));
  } catch (err) {
    // JSON.parse quotes the text around the fault, line breaks included: keep the error one line.
    throw new InputError(file, location, `bad process table: not JSON (${(err as Error).message.replace(/\s+/g, ' ')})`);
  }
  return validateProcessTable(value, records, file, location);
}

/** The table as text lines (`#process …`, `#thread …`); the command is last, as the rest of its line. */
export function formatTableLines(table: ProcessTable): string {
  let out = '';
  const n = (v: number | null): string => (v === null ? '-' : String(v));
  for (const p of table.processes) {
    out += `#process id=${p.id} label=${p.label} pid=${n(p.pid)} parent=${n(p.parent)} start=${p.start} end=${n(p.end)} command=${p.command}\n`;
  }
  for (const t of table.threads) out += `#thread id=${t.id} process=${t.process} label=${t.label} pid=${n(t.pid)}\n`;
  return out;
}

/** Collects `#process` / `#thread` lines of a tagged text stream into a table. */
export class TableLineReader {
  private readonly processes: unknown[] = [];
  private readonly threads: unknown[] = [];
  constructor(private readonly file: string) {}

  /** Takes a comment line; returns false when it is not a table line. */
  take(line: string, lineNumber: number): boolean {
    const isProcess = line.startsWith('#process ');
    if (!isProcess && !line.startsWith('#thread ')) return false;
    const fields: Record<string, string> = {};
    let rest = line.slice(line.indexOf(' ') + 1);
    while (rest.length) {
      const eq = rest.indexOf('=');
      if (eq <= 0) throw new InputError(this.file, `line ${lineNumber}`, `expected KEY=VALUE fields; found ${quoteFound(rest)}`);
      const key = rest.slice(0, eq);
      if (key === 'command') {
        fields[key] = rest.slice(eq + 1);
        break;
      }
      const space = rest.indexOf(' ', eq);
      fields[key] = space === -1 ? rest.slice(eq + 1) : rest.slice(eq + 1, space);
      rest = space === -1 ? '' : rest.slice(space + 1);
    }
    const num = (k: string): number | null | undefined => {
      const v = fields[k];
      if (v === undefined) return undefined;
      if (v === '-') return null;
      if (!/^[0-9]+$/.test(v)) throw new InputError(this.file, `line ${lineNumber}`, `${k} must be a decimal number or -; found ${quoteFound(v)}`);
      return Number(v);
    };
    if (isProcess) {
      this.processes.push({ id: num('id'), label: fields.label, pid: num('pid'), parent: num('parent'), command: fields.command ?? '', start: num('start'), end: num('end') });
    } else {
      this.threads.push({ id: num('id'), process: num('process'), label: fields.label, pid: num('pid') });
    }
    return true;
  }

  /** The table, checked; `location` names where the stream ended. */
  finish(records: number, location: string): ProcessTable {
    if (this.processes.length === 0) throw new InputError(this.file, location, 'tagged stream without its process table (#process lines): truncated?');
    return validateProcessTable({ processes: this.processes, threads: this.threads }, records, this.file, location);
  }
}

/** Tracks the largest process and thread numbers of a stream's records, to check them against its table. */
export class TagRange {
  maxProcess = -1;
  maxThread = -1;

  add(processes: Uint32Array, threads: Uint32Array, length: number): void {
    let mp = this.maxProcess;
    let mt = this.maxThread;
    for (let i = 0; i < length; i++) {
      if (processes[i]! > mp) mp = processes[i]!;
      if (threads[i]! > mt) mt = threads[i]!;
    }
    this.maxProcess = mp;
    this.maxThread = mt;
  }

  check(table: ProcessTable, file: string, location: string): ProcessTable {
    if (this.maxProcess >= table.processes.length) throw new InputError(file, location, `records name process ${this.maxProcess}, which the process table does not list`);
    if (this.maxThread >= table.threads.length) throw new InputError(file, location, `records name thread ${this.maxThread}, which the process table does not list`);
    return table;
  }
}

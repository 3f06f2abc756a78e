/**
 * Seeded random multi-process tagged traces: processes that start and exit at random positions,
 * each with private pages, some pages shared by all (a library, shared memory), file pages, and
 * releases; records of a moment go to a live process (process 0, unattributed, when none lives).
 */
import {
  KIND_ANON,
  KIND_FILE,
  OP_RELEASE,
  OP_VM_READ,
  OP_VM_WRITE,
  emptyProcessTable,
  makeCode,
  traceFromRecords,
  type LoadedTrace,
  type ProcessTable,
} from '../../traces/index.js';
import { randomInt, rng } from './random.js';

export interface RandomTagged {
  trace: LoadedTrace;
  pages: number[];
  codes: number[];
  procs: number[];
  table: ProcessTable;
}

export function randomTaggedTrace(seed: number, o: { length: number; processes: number; privatePages?: number; sharedPages?: number; releaseRate?: number }): RandomTagged {
  const r = rng(seed);
  const table = emptyProcessTable();
  const len = o.length;
  for (let k = 1; k <= o.processes; k++) {
    const start = k === 1 ? 0 : randomInt(r, Math.floor(len * 0.6));
    // The first process lives throughout: with one process, no record is unattributed.
    const exits = k > 1 && r() < 0.6;
    const end = exits ? Math.min(len, start + 1 + randomInt(r, len - start)) : null;
    table.processes.push({ id: k, label: String(100 + k), pid: 100 + k, parent: k === 1 ? null : 1, command: `prog${k % 3}`, start, end });
    table.threads.push({ id: k, process: k, label: String(100 + k), pid: 100 + k });
  }
  const privatePages = o.privatePages ?? 6;
  const shared = o.sharedPages ?? 4;
  const raw: number[] = [];
  const codes: number[] = [];
  const procs: number[] = [];
  const released = new Set<number>();
  const seen: number[] = [];
  for (let i = 0; i < len; i++) {
    const alive = table.processes.filter((p) => p.id > 0 && p.start <= i && (p.end === null || i < p.end)).map((p) => p.id);
    const who = alive.length ? alive[randomInt(r, alive.length)]! : 0;
    if (seen.length && r() < (o.releaseRate ?? 0.03)) {
      const page = seen[randomInt(r, seen.length)]!;
      released.add(page);
      raw.push(page);
      codes.push(OP_RELEASE);
      procs.push(0);
      continue;
    }
    // Raw page ids: shared pages 0..shared-1 (files: even ones), then each process's own range.
    let page = r() < 0.3 ? randomInt(r, shared) : shared + who * privatePages + randomInt(r, privatePages);
    // A released page never comes back (as the merger numbers pages): the next use is a new page.
    while (released.has(page)) page += 1000;
    if (!seen.includes(page)) seen.push(page);
    const kind = page < shared && page % 2 === 0 ? KIND_FILE : KIND_ANON;
    raw.push(page);
    codes.push(makeCode(r() < 0.3 ? OP_VM_WRITE : OP_VM_READ, kind));
    procs.push(who);
  }
  // Dense pages in first-appearance order, as a stream has them.
  const dense = new Map<number, number>();
  const pages = raw.map((p) => {
    if (!dense.has(p)) dense.set(p, dense.size);
    return dense.get(p)!;
  });
  const trace = traceFromRecords({ name: `tagged-${seed}`, format: 'basic-named', pageSize: 4096 }, pages, codes);
  const tags = { processes: Uint32Array.from(procs), threads: Uint32Array.from(procs), table };
  return { trace: { ...trace, tags }, pages, codes, procs, table };
}

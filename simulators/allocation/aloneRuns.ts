/**
 * The fairness baseline: each process's faults had it run alone, with the same policy, in as many
 * frames as it held on average in the shared run (its share; at least one frame). A process's
 * stream alone is its own references in order (page numbers kept); releases are left out, as a
 * merged stream tags them with no process. Warm-up: its references before the shared run's
 * warm-up boundary warm its memory uncounted.
 */
import { TraceBuffer, type LoadedTrace } from '../../traces/index.js';
import { RELEASE_BIT } from '../../traces/operations.js';
import type { PolicySpec } from '../../policies/policySpec.js';
import { MemoryModel } from '../memoryModel.js';
import type { ProcessCounters } from '../results.js';

interface ProcessStreams {
  streams: (LoadedTrace | undefined)[];
  /** Each process's records before a record index of the whole trace (the warm-up boundary). */
  before(process: number, index: number): number;
}

const memo = new WeakMap<Uint32Array, ProcessStreams>();

function processStreams(trace: LoadedTrace): ProcessStreams {
  const cached = memo.get(trace.pages);
  if (cached) return cached;
  const { processes, table } = trace.tags!;
  const n = table.processes.length;
  const buffers: (TraceBuffer | undefined)[] = new Array(n).fill(undefined);
  const { pages, codes } = trace;
  for (let i = 0; i < trace.length; i++) {
    if (codes[i]! & RELEASE_BIT) continue;
    const p = processes[i]!;
    (buffers[p] ??= new TraceBuffer(1024)).push(codes[i]!, pages[i]!);
  }
  const streams = buffers.map((b, p) => b?.finish({ name: `${trace.name} (process ${table.processes[p]!.label})`, format: trace.format, pageSize: trace.pageSize }, trace.pageCount));
  const before = (process: number, index: number): number => {
    let k = 0;
    for (let i = 0; i < index; i++) if (processes[i] === process && !(codes[i]! & RELEASE_BIT)) k++;
    return k;
  };
  const out = { streams, before };
  memo.set(trace.pages, out);
  return out;
}

/** Fills `aloneFaults` and `share` of each process that made references. */
export function addAloneFaults(trace: LoadedTrace, spec: PolicySpec, perProcess: ProcessCounters[], warmupRecords: number, seed: number): void {
  const { streams, before } = processStreams(trace);
  perProcess.forEach((c, p) => {
    const stream = streams[p];
    if (!stream || c.references === 0) return;
    const share = Math.max(1, Math.round(c.resident.reduce((a, b) => a + b, 0) / Math.max(1, c.resident.length)));
    const model = new MemoryModel(trace.pageCount);
    const instance = spec.def.create({ frames: share, pageCount: trace.pageCount, trace: stream, seed }, spec.params);
    const w = Math.min(before(p, warmupRecords), stream.length);
    if (w > 0) {
      instance.replay(stream, 0, w, model);
      model.resetCounters();
    }
    instance.replay(stream, w, stream.length, model);
    c.share = share;
    c.aloneFaults = model.counters(stream.length - w).faults;
  });
}

/**
 * One run under an allocation policy on a tagged trace: every total counter (as MemoryModel keeps
 * them) plus per-process counters. `global` replays the whole trace through one policy instance,
 * as runPolicy does (same counters); the local allocations go through LocalMemory.
 */
import { OptionError, UsageError, type LoadedTrace } from '../../traces/index.js';
import { RELEASE_BIT } from '../../traces/operations.js';
import type { PolicySpec } from '../../policies/policySpec.js';
import { referencesIn } from '../replayRun.js';
import type { Counters } from '../results.js';
import type { AllocationSpec } from './allocationSpec.js';
import { LocalMemory } from './localMemory.js';
import { addAloneFaults } from './aloneRuns.js';
import { ProcessMemoryModel, referencesByProcess, samplePositions, type ProcessTotals } from './processModel.js';

export interface AllocatedOutcome {
  counters: Counters;
  perProcess: ProcessTotals[];
  /** ws / pff: processes deactivated by load control (after warm-up). */
  deactivations: number;
}

/**
 * Replays [from, to) in runs of one process's references (releases, which need no process, do not
 * break a run), stopping at sample positions, so the policy's own loop does the work.
 */
function replayByProcess(trace: LoadedTrace, processes: Uint32Array, from: number, to: number, model: ProcessMemoryModel, replay: (from: number, to: number) => void): void {
  const codes = trace.codes;
  let i = from;
  while (i < to) {
    if (model.nextSamplePosition <= i) model.sampleUpTo(i);
    const end = Math.min(to, model.nextSamplePosition);
    let j = i;
    while (j < end && (codes[j]! & RELEASE_BIT) !== 0) j++;
    const p = j < end ? processes[j]! : model.process;
    for (; j < end; j++) {
      if (processes[j] !== p && (codes[j]! & RELEASE_BIT) === 0) break;
    }
    model.process = p;
    replay(i, j);
    i = j;
  }
}

/** The trace's process tags, or an OptionError on the `allocations` option for an untagged trace. */
export function requireTags(trace: LoadedTrace): NonNullable<LoadedTrace['tags']> {
  if (!trace.tags) throw new OptionError('allocations', `given, but ${trace.name} is not a tagged stream (no process for each reference): the merger writes one with \`format\` tagged`);
  return trace.tags;
}

/**
 * @param alone also run each process alone at its share (the fairness baseline: `share` and
 *   `aloneFaults` per process), which costs about one more replay of the trace
 */
export function runAllocated(trace: LoadedTrace, spec: PolicySpec, alloc: AllocationSpec, frames: number, warmupRecords = 0, seed = 1, alone = true): AllocatedOutcome {
  const tags = requireTags(trace);
  if (spec.def.capabilities?.variableSpace) {
    throw new UsageError(`policy ${spec.def.name} is variable-space (no memory size): allocations apply to fixed-size policies (the ws allocation gives each process Denning's working set)`);
  }
  const n = tags.table.processes.length;
  const w = Math.min(warmupRecords, trace.length);
  const model = new ProcessMemoryModel(trace.pageCount, n, alloc.charge, samplePositions(w, trace.length), alloc.name !== 'global');
  let replay: (from: number, to: number) => void;
  let resetStatistics: (() => void) | undefined;
  if (alloc.name === 'global') {
    const instance = spec.def.create({ frames, pageCount: trace.pageCount, trace, seed }, spec.params);
    replay = (from, to) => replayByProcess(trace, tags.processes, from, to, model, (a, b) => instance.replay(trace, a, b, model));
    resetStatistics = () => instance.resetStatistics?.();
  } else {
    const local = new LocalMemory(trace, spec, alloc, frames, seed, model);
    replay = (from, to) => local.run(from, to);
  }
  if (w > 0) {
    replay(0, w);
    model.resetCounters();
    resetStatistics?.();
  }
  replay(w, trace.length);
  model.sampleUpTo(trace.length);
  const perProcess = model.processTotals(referencesByProcess(trace.codes, tags.processes, n, w, trace.length, RELEASE_BIT));
  if (alone) addAloneFaults(trace, spec, perProcess, w, seed);
  let deactivations = 0;
  for (const p of perProcess) deactivations += p.deactivations;
  return { counters: model.counters(referencesIn(trace, w, trace.length)), perProcess, deactivations };
}

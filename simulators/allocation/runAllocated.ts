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
 * A tagged trace cut into runs of one process's references: run k starts at `starts[k]`, its
 * references are `owners[k]`'s and there are `references[k]` of them (the run's records less the
 * releases inside it).
 */
interface ProcessRuns {
  starts: Int32Array;
  owners: Uint32Array;
  references: Float64Array;
}

/** Releases carry no process and do not break a run. Memoised per trace: every size and policy replays the same runs. */
const runsOfTrace = new WeakMap<Uint32Array, ProcessRuns>();

function processRuns(codes: Uint8Array, processes: Uint32Array, length: number): ProcessRuns {
  const known = runsOfTrace.get(processes);
  if (known) return known;
  const starts = [0];
  const owners: number[] = [];
  const references: number[] = [];
  let current = -1;
  for (let i = 0; i < length; i++) {
    if ((codes[i]! & RELEASE_BIT) !== 0) continue;
    const p = processes[i]!;
    if (p === current) {
      references[references.length - 1]!++;
      continue;
    }
    if (current >= 0) starts.push(i);
    owners.push(p);
    references.push(1);
    current = p;
  }
  if (owners.length === 0) {
    owners.push(0);
    references.push(0);
  }
  const runs = { starts: Int32Array.from(starts), owners: Uint32Array.from(owners), references: Float64Array.from(references) };
  runsOfTrace.set(processes, runs);
  return runs;
}

/**
 * Replays [from, to) run by run (one process's references at a time), stopping at sample
 * positions, so the policy's own loop does the work.
 */
function replayByProcess(trace: LoadedTrace, processes: Uint32Array, from: number, to: number, model: ProcessMemoryModel, replay: (from: number, to: number) => void): void {
  const { starts, owners } = processRuns(trace.codes, processes, trace.length);
  let k = runAt(starts, from);
  let i = from;
  while (i < to) {
    if (model.nextSamplePosition <= i) model.sampleUpTo(i);
    const runEnd = k + 1 < starts.length ? starts[k + 1]! : trace.length;
    // Whole numbers for the policy's loop bounds (the next sample position is Infinity after the last).
    const end = Math.min(to, model.nextSamplePosition, runEnd) | 0;
    model.process = owners[k]!;
    replay(i, end);
    i = end;
    if (i >= runEnd) k++;
  }
}

/** The run holding record `i`: the last start at or before it. */
function runAt(starts: Int32Array, i: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= i) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * References per process among records [from, end of trace), from the runs' counts: only the run
 * cut by `from` (the end of a warm-up) is counted record by record.
 */
function referencesFromRuns(trace: LoadedTrace, processes: Uint32Array, processCount: number, from: number): Float64Array {
  const { starts, owners, references } = processRuns(trace.codes, processes, trace.length);
  const first = runAt(starts, from);
  const firstEnd = first + 1 < starts.length ? starts[first + 1]! : trace.length;
  const refs = referencesByProcess(trace.codes, processes, processCount, from, Math.min(firstEnd, trace.length), RELEASE_BIT);
  for (let k = first + 1; k < starts.length; k++) refs[owners[k]!]! += references[k]!;
  return refs;
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
  const perProcess = model.processTotals(referencesFromRuns(trace, tags.processes, n, w));
  if (alone) addAloneFaults(trace, spec, perProcess, w, seed);
  let deactivations = 0;
  for (const p of perProcess) deactivations += p.deactivations;
  return { counters: model.counters(referencesIn(trace, w, trace.length)), perProcess, deactivations };
}

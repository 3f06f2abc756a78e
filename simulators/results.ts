/**
 * The results file written by `faultline simulate` (results.json) and read by `faultline report`.
 * Every counter of every (policy, memory size) run, the trace it came from and the exact command.
 * Runs are ordered (policy order as given, then size ascending); nothing in the file depends on the
 * clock, so the same inputs give the same bytes.
 */

import type { StreamProcess } from '../traces/taggedFormat.js';

export const RESULTS_SCHEMA = 'faultline-results/1';

/** Counters of one simulation run, after warm-up. hits + faults = references. */
export interface Counters {
  references: number;
  hits: number;
  /** Hard faults: the page had to be brought into memory. */
  faults: number;
  /** First reference to the page (in the whole trace). */
  compulsoryFaults: number;
  /** Re-reference after the page was evicted. */
  capacityFaults: number;
  /** The same split by kind (zero for basic streams, whose pages have no kind). */
  anonCompulsory: number;
  anonCapacity: number;
  fileCompulsory: number;
  fileCapacity: number;
  /**
   * References to a page that was resident but unmapped by the policy (SEGQ's inactive segment):
   * a trap without I/O. They are counted in `hits` too, since the page was in memory.
   */
  softFaults: number;
  evictions: number;
  /** Evictions of dirty pages (written since loaded), which cost a write to disk or swap. */
  writebacks: number;
  anonWritebacks: number;
  fileWritebacks: number;
  /** Release records seen, and those whose page held a frame (freed without write-back). */
  releases: number;
  releasedResident: number;
}

export const COUNTER_NAMES: (keyof Counters)[] = [
  'references',
  'hits',
  'faults',
  'compulsoryFaults',
  'capacityFaults',
  'anonCompulsory',
  'anonCapacity',
  'fileCompulsory',
  'fileCapacity',
  'softFaults',
  'evictions',
  'writebacks',
  'anonWritebacks',
  'fileWritebacks',
  'releases',
  'releasedResident',
];

export function zeroCounters(): Counters {
  const c = {} as Counters;
  for (const name of COUNTER_NAMES) c[name] = 0;
  return c;
}

export function addCounters(a: Counters, b: Counters): Counters {
  const c = {} as Counters;
  for (const name of COUNTER_NAMES) c[name] = a[name] + b[name];
  return c;
}

/** Estimated paging time of a run, in seconds, and its parts. */
export interface CostEstimate {
  seconds: number;
  /** Seconds by cause (preset cost tables: zeroFill, fileRead, swapIn, writeBack, softFault). */
  parts: Record<string, number>;
}

export interface CostModelInfo {
  /** A preset name (hdd, ssd, nvme) or "expression". */
  name: string;
  /** Unit costs in seconds, for presets. */
  unitCosts?: Record<string, number>;
  /** The user's expression, for expression models. */
  expression?: string;
}

/** How a run's numbers were obtained. */
export type RunMethod = 'one-pass' | 'per-size' | 'sampled';

export interface RunResult {
  /** Registry name of the policy. */
  policy: string;
  /** Name with non-default parameters, e.g. `clock(refOnInsert=0)`: unique per policy configuration. */
  label: string;
  params: Record<string, number | string | boolean>;
  mode: 'unified' | 'partitioned';
  /**
   * Partitioned mode: the anonymous share of memory asked for (runs of one curve share it) and the
   * frames of each pool (anonFrames + fileFrames = frames).
   */
  partition?: { anonShare: number; anonFrames: number; fileFrames: number };
  /** Memory size in page frames. For variable-space policies: the mean resident set size. */
  frames: number;
  /** Variable-space policies (WS, VMIN): the window τ that produced this point. */
  window?: number;
  method: RunMethod;
  /** Sampling rate for method "sampled" (counters are scaled back up). */
  sampleRate?: number;
  counters: Counters;
  /** faults / references. */
  missRatio: number;
  cost: CostEstimate;
  /** Runs under an allocation across processes (`--allocation`, tagged traces). */
  allocation?: RunAllocation;
  /** Per process, indexed like `Results.processes`. */
  perProcess?: ProcessCounters[];
  /** ws / pff: processes deactivated by load control. */
  deactivations?: number;
}

/** One process's counters in a run under an allocation (index = the process's id in `Results.processes`). */
export interface ProcessCounters {
  /** References the process made (after warm-up). */
  references: number;
  /** Faults on the process's references, by cause and kind as in Counters. */
  faults: number;
  compulsoryFaults: number;
  capacityFaults: number;
  anonCompulsory: number;
  anonCapacity: number;
  fileCompulsory: number;
  fileCapacity: number;
  /** Evictions (and the dirty ones) of pages charged to the process. */
  evictions: number;
  writebacks: number;
  /** Times load control deactivated the process (ws, pff). */
  deactivations: number;
  /** Frames charged to the process at each of `Results.processSamples`. */
  resident: number[];
  /** Its mean resident frames (rounded, at least 1), and its faults running alone with that many frames. */
  share?: number;
  aloneFaults?: number;
}

export const PROCESS_COUNTER_NAMES = ['references', 'faults', 'compulsoryFaults', 'capacityFaults', 'anonCompulsory', 'anonCapacity',
  'fileCompulsory', 'fileCapacity', 'evictions', 'writebacks', 'deactivations'] as const satisfies readonly (keyof ProcessCounters)[];

/** The allocation a run used: name, label with non-default parameters, parameters (`charge` always). */
export interface RunAllocation {
  name: 'global' | 'equal' | 'proportional' | 'ws' | 'pff';
  label: string;
  params: Record<string, number | string>;
}

/** A process of a tagged trace, as its process table gives it (id 0: unattributed references). */
export type ResultsProcess = StreamProcess;

export interface TraceSummary {
  name: string;
  /** The stream as given on the command line. */
  file: string;
  format: 'basic' | 'basic-named';
  pageSize: number;
  /** Records in the stream (references + releases). */
  records: number;
  references: number;
  releases: number;
  /** Distinct pages (the footprint in pages), and by kind. */
  pages: number;
  anonPages: number;
  filePages: number;
  footprintBytes: number;
}

export interface Results {
  schema: typeof RESULTS_SCHEMA;
  tool: { name: 'faultline'; version: string };
  /** The exact command line that produced the file. */
  command: string;
  trace: TraceSummary;
  /** References replayed before counting began (the memory warms up on them). */
  warmup: number;
  costModel: CostModelInfo;
  /** The memory sizes requested, in frames, ascending. */
  sizes: number[];
  /** The compulsory-fault floor: faults no policy can avoid at any size (after warm-up). */
  compulsoryFloor: number;
  runs: RunResult[];
  /** Tagged traces run under allocations: the processes (index = id) of every run's `perProcess`. */
  processes?: ResultsProcess[];
  /** Record positions at which `perProcess[].resident` was sampled. */
  processSamples?: number[];
}

/**
 * The policy plugin interface. A policy knows only this file and `traces/` types: it sees the
 * reference stream, keeps its own state in typed arrays indexed by canonical page, and reports what
 * happens to the memory model through `MemoryEvents`. Two ways to write one:
 *  - the full interface (`PolicyDefinition.create` → `PolicyInstance` with its own `replay` loop),
 *    for speed: the loop is inside the policy so every call site stays monomorphic;
 *  - hooks (`HookPolicyDefinition`: onHit / onMiss / victim / onRemove), for quick experiments;
 *    `hookPolicy()` wraps them in a generic replay loop.
 */
import type { LoadedTrace } from '../traces/index.js';

/** What happens to memory, reported by a policy's replay loop (implemented by the simulator). */
export interface MemoryEvents {
  /** The reference (code byte, page) found its page resident and mapped. */
  hit(code: number, page: number): void;
  /** The page was resident but unmapped by the policy (e.g. SEGQ's inactive list): a trap, no I/O. */
  softFault(code: number, page: number): void;
  /** The page was not resident and has been loaded (report evictions first, then the fault). */
  fault(code: number, page: number): void;
  /** The policy removed `page` from memory to make room. */
  evict(page: number): void;
  /** A release record: the page died; `resident` says whether it held a frame (now free). */
  release(page: number, resident: boolean): void;
}

/** The records a policy replays: pages and code bytes (traces/operations.ts), indexed alike. */
export interface TraceView {
  pages: Uint32Array;
  codes: Uint8Array;
  /** Where the view's first record stands in the whole stream: set on a streamed run's chunks (0 when absent: a loaded trace's view is the trace). */
  first?: number;
}

export interface PolicySetup {
  /** Memory size in page frames (≥ 1). */
  frames: number;
  /** Every page number of the stream is < pageCount. */
  pageCount: number;
  /** The whole trace when it is loaded (policies that need the future use it; replay indices refer to it). */
  trace?: LoadedTrace;
  /**
   * A streamed run's future, for a policy whose capabilities say `nextUse`: for each record of the
   * whole stream, the index of the next reference to its page (the record count when there is none,
   * a release ending a page's uses), as policies/structures/nextUse.ts computes it for a loaded
   * trace. Views are then chunks, placed in the stream by `TraceView.first`.
   */
  nextUse?: Int32Array;
  /** Seed for randomised policies. */
  seed: number;
}

export interface PolicyInstance {
  /**
   * Replays records [from, to) of `view`. Called once per run, or once per chunk when the trace is
   * streamed (then indices are chunk-local: keep logical time in the instance, counting references).
   */
  replay(view: TraceView, from: number, to: number, events: MemoryEvents): void;
  /** The resident pages, in any order (for checks such as the inclusion property). */
  residentPages(): number[];
  /** Variable-space policies: the mean resident set size over the references replayed since the last reset. */
  meanResident?(): number;
  /** Called when warm-up ends: statistics the instance keeps itself (e.g. meanResident) restart. */
  resetStatistics?(): void;
  /**
   * Changes the memory size to `frames` (≥ 1) between records: local allocations (equal,
   * proportional) re-divide memory among processes as they start and exit. When it shrinks, the
   * policy evicts its own victims until its resident pages fit, reporting each with `events.evict`.
   * Policies without it cannot run under those allocations.
   */
  resize?(frames: number, events: MemoryEvents): void;
}

export type ParamValue = number | string | boolean;
export type ParamValues = Record<string, ParamValue>;

export interface ParamSpec {
  name: string;
  type: 'integer' | 'number' | 'boolean' | 'choice';
  default: ParamValue;
  /** Inclusive bounds for numbers. */
  min?: number;
  max?: number;
  /** Allowed values for `choice`. */
  choices?: string[];
  /** Accepted in place of a number, meaning "no bound" (stored as Infinity). */
  allowInfinity?: boolean;
  description: string;
}

export interface PolicyCapabilities<P extends ParamValues = ParamValues> {
  /** Needs the whole trace in advance (OPT): cannot run on a streamed trace, unless `nextUse` says otherwise. */
  needsFuture?: boolean;
  /** Needs of the future only each record's next use: runs on a stream that is not loaded when given it (PolicySetup.nextUse). */
  nextUse?: boolean;
  /** True when, with these parameters, the policy is a stack algorithm (inclusion holds). */
  stack?(params: P): boolean;
  /** Reports soft faults. */
  softFaults?: boolean;
  /**
   * Variable-space policy (WS, VMIN): memory is not a fixed number of frames; the parameter named
   * here (e.g. "window") is swept instead, and each run reports its mean resident size.
   */
  variableSpace?: { parameter: string };
}

interface PolicyDescription<P extends ParamValues = ParamValues> {
  /** Registry name, lower case, as typed on the command line. */
  name: string;
  /** Other names accepted on the command line. */
  aliases?: string[];
  /** One line: what the policy does. */
  summary: string;
  /** The paper or definition it follows. */
  source: string;
  params: ParamSpec[];
  capabilities?: PolicyCapabilities<P>;
}

/**
 * A policy. `P` types its parameters (e.g. `{ k: number }`) as `create` receives them, checked
 * against `params` and with defaults filled in; the registry holds definitions as
 * `PolicyDefinition` (parameters by name).
 */
export interface PolicyDefinition<P extends ParamValues = ParamValues> extends PolicyDescription<P> {
  create(setup: PolicySetup, params: P): PolicyInstance;
}

/** Hook-style policy state: the generic loop keeps residency and calls these. */
export interface PolicyHooks {
  /** A resident page was referenced at logical time `time` (0, 1, 2, … per reference). */
  onHit(page: number, time: number, write: boolean): void;
  /** `page` was not resident and has just been loaded. */
  onMiss(page: number, time: number, write: boolean): void;
  /** Memory is full: name a resident page to evict. */
  victim(time: number): number;
  /** `page` left memory (evicted or released). */
  onRemove(page: number): void;
}

export interface HookPolicyDefinition<P extends ParamValues = ParamValues> extends PolicyDescription<P> {
  createHooks(setup: PolicySetup, params: P): PolicyHooks;
}

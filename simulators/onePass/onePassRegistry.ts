/**
 * One-pass fault curves: for stack algorithms (inclusion holds), every memory size's counters come
 * from a single pass over the trace (Mattson et al. 1970). Implementations register here against
 * the policy's definition; the curve driver may use one when the policy, with its parameters, is a
 * stack algorithm (whether it does is simulators/curveEngineChoice.ts's estimate).
 */
import type { LoadedTrace } from '../../traces/index.js';
import type { ParamValues, PolicyDefinition } from '../../policies/policy.js';
import type { PolicySpec } from '../../policies/policySpec.js';
import type { Counters } from '../results.js';
import type { RecordsDone, StackEngine } from './depthCounters.js';

/**
 * Counters for each of `sizes` (ascending), counting from record `warmupRecords` on; `onRecords`,
 * if given, is told the records done now and then (every TICK_RECORDS, depthCounters.ts).
 */
export type OnePassCurve<P extends ParamValues = ParamValues> = (trace: LoadedTrace, params: P, sizes: number[], warmupRecords: number, onRecords?: RecordsDone) => Counters[];

/** What a run over a stream tells a one-pass engine before its one pass. */
export interface StreamedRun {
  pageCount: number;
  /** References before counting starts (the record it starts at is learnt during the pass). */
  warmupReferences: number;
  /** The stream may hold releases. */
  releases: boolean;
}

/** A pass over the whole stream before the engine's own: what the engine needs of the future. */
export interface LookAhead {
  /** The next `length` records. */
  feed(pages: Uint32Array, codes: Uint8Array, length: number): void;
}

/**
 * How a stream feeds a policy's one-pass curve chunk by chunk (`DepthPass`), with the same depths
 * as its `OnePassCurve` over the loaded trace: the stream is first read through `lookAhead` if the
 * engine needs the future (OPT with releases or a warm-up), then `make` gives the engine.
 */
export interface StreamedEngine {
  lookAhead?: LookAhead;
  make(): StackEngine;
}

/** How a stream feeds the policy's one-pass curve in this run; undefined when it cannot. */
export type StreamedOnePass<P extends ParamValues = ParamValues> = (params: P, run: StreamedRun) => StreamedEngine | undefined;

const byPolicy = new Map<PolicyDefinition, { curve: OnePassCurve; streamed?: StreamedOnePass }>();

export function registerOnePass<P extends ParamValues>(policy: PolicyDefinition<P>, curve: OnePassCurve<P>, streamed?: StreamedOnePass<P>): void {
  byPolicy.set(policy as PolicyDefinition, { curve: curve as OnePassCurve, streamed: streamed as StreamedOnePass | undefined });
}

/** The one-pass curve for `spec`, if one is registered and the policy with these parameters is a stack algorithm. */
export function onePassFor(spec: PolicySpec): OnePassCurve | undefined {
  if (!spec.def.capabilities?.stack?.(spec.params)) return undefined;
  return byPolicy.get(spec.def)?.curve;
}

/** How a stream feeds `spec`'s one-pass curve, if it has one and this run can be fed one. */
export function streamedOnePassFor(spec: PolicySpec, run: StreamedRun): StreamedEngine | undefined {
  if (!spec.def.capabilities?.stack?.(spec.params)) return undefined;
  return byPolicy.get(spec.def)?.streamed?.(spec.params, run);
}

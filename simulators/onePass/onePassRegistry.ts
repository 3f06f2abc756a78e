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
import type { RecordsDone } from './depthCounters.js';

/**
 * Counters for each of `sizes` (ascending), counting from record `warmupRecords` on; `onRecords`,
 * if given, is told the records done now and then (every TICK_RECORDS, depthCounters.ts).
 */
export type OnePassCurve<P extends ParamValues = ParamValues> = (trace: LoadedTrace, params: P, sizes: number[], warmupRecords: number, onRecords?: RecordsDone) => Counters[];

const byPolicy = new Map<PolicyDefinition, OnePassCurve>();

export function registerOnePass<P extends ParamValues>(policy: PolicyDefinition<P>, curve: OnePassCurve<P>): void {
  byPolicy.set(policy as PolicyDefinition, curve as OnePassCurve);
}

/** The one-pass curve for `spec`, if one is registered and the policy with these parameters is a stack algorithm. */
export function onePassFor(spec: PolicySpec): OnePassCurve | undefined {
  if (!spec.def.capabilities?.stack?.(spec.params)) return undefined;
  return byPolicy.get(spec.def);
}

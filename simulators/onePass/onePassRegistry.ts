/**
 * One-pass fault curves: for stack algorithms (inclusion holds), every memory size's counters come
 * from a single pass over the trace (Mattson et al. 1970). Implementations register here under the
 * policy's name; the curve driver may use one when the policy, with its parameters, is a stack
 * algorithm (whether it does is simulators/curveEngineChoice.ts's estimate).
 */
import type { LoadedTrace } from '../../traces/index.js';
import type { ParamValues } from '../../policies/policy.js';
import type { PolicySpec } from '../../policies/policySpec.js';
import type { Counters } from '../results.js';

/** Counters for each of `sizes` (ascending), counting from record `warmupRecords` on. */
export type OnePassCurve = (trace: LoadedTrace, params: ParamValues, sizes: number[], warmupRecords: number) => Counters[];

const byPolicy = new Map<string, OnePassCurve>();

export function registerOnePass(policy: string, curve: OnePassCurve): void {
  byPolicy.set(policy, curve);
}

/** The one-pass curve for `spec`, if one is registered and the policy with these parameters is a stack algorithm. */
export function onePassFor(spec: PolicySpec): OnePassCurve | undefined {
  if (!spec.def.capabilities?.stack?.(spec.params)) return undefined;
  return byPolicy.get(spec.def.name);
}

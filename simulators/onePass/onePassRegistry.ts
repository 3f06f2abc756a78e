/**
 * One-pass fault curves: for stack algorithms (inclusion holds), every memory size's counters come
 * from a single pass over the trace (Mattson et al. 1970). Implementations register here against
 * the policy's definition; the curve driver uses one when the policy, with its parameters, is a
 * stack algorithm.
 */
import type { LoadedTrace } from '../../traces/index.js';
import type { ParamValues, PolicyDefinition } from '../../policies/policy.js';
import type { PolicySpec } from '../../policies/policySpec.js';
import type { Counters } from '../results.js';

/** Counters for each of `sizes` (ascending), counting from record `warmupRecords` on. */
export type OnePassCurve<P extends ParamValues = ParamValues> = (trace: LoadedTrace, params: P, sizes: number[], warmupRecords: number) => Counters[];

export interface OnePassOptions {
  /**
   * Used without being asked for (default true). Engines slower than replaying the usual few dozen
   * sizes in parallel (Mattson's priority stack for OPT and LRU-K: docs/performance.md) register
   * with false and run only when the request forces one-pass curves.
   */
  automatic?: boolean;
}

const byPolicy = new Map<PolicyDefinition, { curve: OnePassCurve; automatic: boolean }>();

export function registerOnePass<P extends ParamValues>(policy: PolicyDefinition<P>, curve: OnePassCurve<P>, options: OnePassOptions = {}): void {
  byPolicy.set(policy as PolicyDefinition, { curve: curve as OnePassCurve, automatic: options.automatic ?? true });
}

/** The one-pass curve for `spec`, if one is registered and (unless `force`) automatic. */
export function onePassFor(spec: PolicySpec, force = false): OnePassCurve | undefined {
  if (!spec.def.capabilities?.stack?.(spec.params)) return undefined;
  const entry = byPolicy.get(spec.def);
  return entry && (force || entry.automatic) ? entry.curve : undefined;
}

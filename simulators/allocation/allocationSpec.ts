/**
 * Allocation policies: how the frames of one memory are shared among processes (docs/model.md,
 * "Allocation across processes"). `global` is the unified model of one pool; the others are local:
 * each process replaces only pages charged to it.
 *
 *  - `equal`: live processes share memory equally; re-divided when a process starts or exits.
 *  - `proportional`: in proportion to each process's footprint so far (pages it brought into the
 *    system), or to stated weights (`weight.LABEL=W`); re-divided when a process starts or exits.
 *  - `ws`: Denning's working set, window τ (`window`) in the process pool's own reference time.
 *  - `pff`: Chu & Opderbeck's page-fault frequency, critical interfault time T (`threshold`).
 *
 * Syntax: `NAME[:KEY=VALUE…]`, e.g. `ws:window=5000`, `proportional:weight.1234=2`,
 * `equal:charge=first`. Every allocation takes `charge` (`loader` or `first`, see chargeRules).
 */
import { OptionError } from '../../traces/errors.js';
import type { RunAllocation } from '../results.js';

export const ALLOCATION_NAMES = ['global', 'equal', 'proportional', 'ws', 'pff'] as const;
export type AllocationName = (typeof ALLOCATION_NAMES)[number];

/**
 * Who a shared page's frame is charged to. `loader` (default): the process whose fault brings the
 * page in, for as long as it stays — Linux's memory cgroups charge a page to the cgroup of the task
 * that faulted it in, and a refault after reclaim charges the new faulting task. `first`: the
 * process that first referenced the page in the stream, for good (a sticky owner, as in a shared
 * library accounted to whoever mapped it first).
 */
export type ChargeRule = 'loader' | 'first';

export interface AllocationSpec {
  name: AllocationName;
  /** The name with its non-default parameters, e.g. `ws(window=5000)`. */
  label: string;
  charge: ChargeRule;
  /** ws: the window τ in references (Infinity: pages never leave by age). */
  window: number;
  /** pff: the critical interfault time T in references (Infinity: the resident set only grows). */
  threshold: number;
  /** proportional: weights by process label (or command); unlisted processes weigh 1. Empty: by footprint. */
  weights: Record<string, number>;
}

/** The parameters each allocation takes, as error messages list them. */
const PARAMETERS: Record<AllocationName, string> = {
  global: 'charge',
  equal: 'charge',
  proportional: 'charge, weight.LABEL',
  ws: 'charge, window',
  pff: 'charge, threshold',
};

export const DEFAULT_WS_WINDOW = 10000;
export const DEFAULT_PFF_THRESHOLD = 1000;

/** The JSON form recorded in results (no Infinity in JSON: unbounded values are written "inf"). */
export type AllocationInfo = RunAllocation;

/** A bad allocation value, reported on the `allocations` option (the CLI's `--allocation`). */
function badAllocation(text: string, detail: string): OptionError {
  return new OptionError('allocations', `${JSON.stringify(text)}: ${detail}`);
}

function positive(key: string, value: string, text: string): number {
  if (value === 'inf') return Infinity;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw badAllocation(text, `${key} must be a positive whole number of references or inf; found ${JSON.stringify(value)}`);
  return n;
}

export function parseAllocation(text: string): AllocationSpec {
  const [rawName, ...pairs] = text.trim().split(':');
  const name = rawName!.toLowerCase() as AllocationName;
  if (!ALLOCATION_NAMES.includes(name)) {
    throw badAllocation(text, `unknown allocation ${JSON.stringify(rawName)} (expected ${ALLOCATION_NAMES.join(', ')})`);
  }
  const spec: AllocationSpec = { name, label: name, charge: 'loader', window: DEFAULT_WS_WINDOW, threshold: DEFAULT_PFF_THRESHOLD, weights: {} };
  const shown: string[] = [];
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = eq > 0 ? pair.slice(0, eq) : '';
    const value = pair.slice(eq + 1);
    const allowed = (ok: boolean): void => {
      if (!ok) throw badAllocation(text, `${name} takes no parameter ${JSON.stringify(key || pair)} (it takes ${PARAMETERS[name]})`);
    };
    if (key === 'charge') {
      if (value !== 'loader' && value !== 'first') throw badAllocation(text, `charge must be loader or first; found ${JSON.stringify(value)}`);
      spec.charge = value;
      if (value !== 'loader') shown.push(pair);
    } else if (key === 'window') {
      allowed(name === 'ws');
      spec.window = positive(key, value, text);
      shown.push(pair);
    } else if (key === 'threshold') {
      allowed(name === 'pff');
      spec.threshold = positive(key, value, text);
      shown.push(pair);
    } else if (key.startsWith('weight.') && key.length > 7) {
      allowed(name === 'proportional');
      const w = Number(value);
      if (!(w > 0) || !Number.isFinite(w)) throw badAllocation(text, `${key} must be a positive number; found ${JSON.stringify(value)}`);
      spec.weights[key.slice(7)] = w;
      shown.push(pair);
    } else {
      allowed(false);
    }
  }
  if (name === 'ws' && !shown.some((s) => s.startsWith('window='))) shown.unshift(`window=${spec.window}`);
  if (name === 'pff' && !shown.some((s) => s.startsWith('threshold='))) shown.unshift(`threshold=${spec.threshold}`);
  spec.label = shown.length ? `${name}(${shown.join(',')})` : name;
  return spec;
}

/** Allocation values as given (each may hold several, comma-separated). */
export function parseAllocationList(values: string[]): AllocationSpec[] {
  return values.flatMap((v) => v.split(',')).filter((v) => v.trim() !== '').map(parseAllocation);
}

export function allocationInfo(spec: AllocationSpec): AllocationInfo {
  const params: Record<string, number | string> = { charge: spec.charge };
  const inf = (v: number): number | string => (v === Infinity ? 'inf' : v);
  if (spec.name === 'ws') params.window = inf(spec.window);
  if (spec.name === 'pff') params.threshold = inf(spec.threshold);
  for (const [k, v] of Object.entries(spec.weights)) params[`weight.${k}`] = v;
  return { name: spec.name, label: spec.label, params };
}

/** The spec again from its recorded form (worker threads receive plain data). */
export function allocationFromInfo(info: AllocationInfo): AllocationSpec {
  const num = (v: number | string | undefined, d: number): number => (v === undefined ? d : v === 'inf' ? Infinity : Number(v));
  const weights: Record<string, number> = {};
  for (const [k, v] of Object.entries(info.params)) if (k.startsWith('weight.')) weights[k.slice(7)] = Number(v);
  return {
    name: info.name,
    label: info.label,
    charge: info.params.charge === 'first' ? 'first' : 'loader',
    window: num(info.params.window, DEFAULT_WS_WINDOW),
    threshold: num(info.params.threshold, DEFAULT_PFF_THRESHOLD),
    weights,
  };
}

/**
 * Policy specifications as typed by users: `NAME[:PARAM=VALUE[:PARAM=VALUE…]]`, e.g.
 * `clock:refOnInsert=0` or `lru-k:k=3:crp=100`. Parameters are checked against the policy's
 * declared types and bounds; missing ones take their defaults.
 */
import { UsageError } from '../traces/errors.js';
import type { ParamSpec, ParamValue, ParamValues, PolicyDefinition } from './policy.js';
import { getPolicy } from './registry.js';

export interface PolicySpec {
  def: PolicyDefinition;
  params: ParamValues;
  /** The name plus every non-default parameter, e.g. `clock(refOnInsert=0)`. */
  label: string;
}

function parseValue(policy: string, spec: ParamSpec, text: string): ParamValue {
  const bad = (expected: string): never => {
    throw new UsageError(`${policy}: parameter ${spec.name}=${text} is invalid: expected ${expected}`);
  };
  switch (spec.type) {
    case 'boolean':
      if (['1', 'true', 'yes', 'on'].includes(text)) return true;
      if (['0', 'false', 'no', 'off'].includes(text)) return false;
      return bad('true or false');
    case 'choice':
      if (spec.choices?.includes(text)) return text;
      return bad(`one of ${spec.choices?.join(', ')}`);
    default: {
      if (spec.allowInfinity && ['inf', 'infinity', 'unbounded'].includes(text.toLowerCase())) return Infinity;
      const integer = spec.type === 'integer';
      const ok = integer ? /^-?\d+$/.test(text) : /^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/i.test(text);
      const range = `${spec.min ?? '-∞'}…${spec.max ?? '∞'}`;
      if (!ok) return bad(`${integer ? 'an integer' : 'a number'} in ${range}${spec.allowInfinity ? ' or inf' : ''}`);
      const v = Number(text);
      if ((spec.min !== undefined && v < spec.min) || (spec.max !== undefined && v > spec.max)) return bad(`a value in ${range}`);
      return v;
    }
  }
}

function formatValue(v: ParamValue): string {
  return v === Infinity ? 'inf' : String(v);
}

export function labelOf(def: PolicyDefinition, params: ParamValues): string {
  const changed = def.params.filter((p) => params[p.name] !== p.default).map((p) => `${p.name}=${formatValue(params[p.name]!)}`);
  return changed.length ? `${def.name}(${changed.join(',')})` : def.name;
}

export function defaultParams(def: PolicyDefinition): ParamValues {
  return Object.fromEntries(def.params.map((p) => [p.name, p.default]));
}

/** Builds a spec from a definition and explicit values (library use); values are validated. */
export function makePolicySpec(def: PolicyDefinition, values: Record<string, ParamValue> = {}): PolicySpec {
  const params = defaultParams(def);
  for (const [name, value] of Object.entries(values)) {
    const spec = def.params.find((p) => p.name.toLowerCase() === name.toLowerCase());
    if (!spec) {
      const known = def.params.map((p) => p.name).join(', ') || 'none';
      throw new UsageError(`${def.name}: unknown parameter ${JSON.stringify(name)} (parameters: ${known})`);
    }
    params[spec.name] = typeof value === 'string' ? parseValue(def.name, spec, value) : parseValue(def.name, spec, formatValue(value));
  }
  return { def, params, label: labelOf(def, params) };
}

export function parsePolicySpec(text: string): PolicySpec {
  const [name, ...assignments] = text.trim().split(':');
  if (!name) throw new UsageError(`empty policy name in ${JSON.stringify(text)}`);
  const def = getPolicy(name);
  const values: Record<string, string> = {};
  for (const a of assignments) {
    const eq = a.indexOf('=');
    if (eq <= 0) throw new UsageError(`${def.name}: parameter ${JSON.stringify(a)} must be written NAME=VALUE`);
    values[a.slice(0, eq)] = a.slice(eq + 1);
  }
  return makePolicySpec(def, values);
}

/** Parses a comma-separated list of policy specs (`lru,clock:refOnInsert=0,opt`). */
export function parsePolicyList(texts: string[]): PolicySpec[] {
  const specs = texts.flatMap((t) => t.split(',')).filter((t) => t.trim() !== '').map(parsePolicySpec);
  const seen = new Set<string>();
  return specs.filter((s) => (seen.has(s.label) ? false : (seen.add(s.label), true)));
}

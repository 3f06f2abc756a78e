/**
 * Policy specifications as typed by users: `NAME[:PARAM=VALUE[:PARAM=VALUE…]]`, e.g.
 * `clock:refOnInsert=0` or `lru-k:k=3:crp=100`. Parameters are checked against the policy's
 * declared types and bounds; missing ones take their defaults. In the library a spec is passed as
 * this object; only a message to a worker thread carries its wire form (`toWire`/`fromWire`).
 */
import { UsageError } from '../traces/errors.js';
import type { ParamSpec, ParamValue, ParamValues, PolicyDefinition } from './policy.js';
import { defaultRegistry, policyModuleOf, type PolicyRegistry } from './registry.js';

export interface PolicySpec {
  def: PolicyDefinition;
  params: ParamValues;
  /** The name plus every non-default parameter, e.g. `clock(refOnInsert=0)`. */
  label: string;
}

function invalid(policy: string, spec: ParamSpec, shown: string, expected: string): never {
  throw new UsageError(`${policy}: parameter ${spec.name}=${shown} is invalid: expected ${expected}`);
}

/** A number checked against the parameter's type and bounds, as given (never printed and parsed again). */
function checkNumber(policy: string, spec: ParamSpec, v: number, shown: string): number {
  const integer = spec.type === 'integer';
  const range = `${spec.min ?? '-∞'}…${spec.max ?? '∞'}`;
  if (v === Infinity && spec.allowInfinity) return v;
  if (!Number.isFinite(v) || (integer && !Number.isInteger(v))) {
    return invalid(policy, spec, shown, `${integer ? 'an integer' : 'a number'} in ${range}${spec.allowInfinity ? ' or inf' : ''}`);
  }
  if ((spec.min !== undefined && v < spec.min) || (spec.max !== undefined && v > spec.max)) return invalid(policy, spec, shown, `a value in ${range}`);
  return v;
}

/** A value as a user typed it. */
function parseValue(policy: string, spec: ParamSpec, text: string): ParamValue {
  switch (spec.type) {
    case 'boolean':
      if (['1', 'true', 'yes', 'on'].includes(text)) return true;
      if (['0', 'false', 'no', 'off'].includes(text)) return false;
      return invalid(policy, spec, text, 'true or false');
    case 'choice':
      if (spec.choices?.includes(text)) return text;
      return invalid(policy, spec, text, `one of ${spec.choices?.join(', ')}`);
    default: {
      if (spec.allowInfinity && ['inf', 'infinity', 'unbounded'].includes(text.toLowerCase())) return Infinity;
      const syntax = spec.type === 'integer' ? /^-?\d+(e\+?\d+)?$/i : /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;
      return checkNumber(policy, spec, syntax.test(text) ? Number(text) : NaN, text);
    }
  }
}

/** A value given typed (library use): checked as it is; a string is parsed as a user's text. */
function checkValue(policy: string, spec: ParamSpec, value: ParamValue): ParamValue {
  if (typeof value === 'string') return parseValue(policy, spec, value);
  if (spec.type === 'boolean') {
    if (typeof value === 'boolean') return value;
    if (value === 0 || value === 1) return value === 1;
    return invalid(policy, spec, formatValue(value), 'true or false');
  }
  if (spec.type === 'choice') return invalid(policy, spec, formatValue(value), `one of ${spec.choices?.join(', ')}`);
  if (typeof value !== 'number') return invalid(policy, spec, formatValue(value), spec.type === 'integer' ? 'an integer' : 'a number');
  return checkNumber(policy, spec, value, formatValue(value));
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
    params[spec.name] = checkValue(def.name, spec, value);
  }
  return { def, params, label: labelOf(def, params) };
}

/** Parses `NAME[:PARAM=VALUE…]`, the name looked up in `registry` (default: the process-wide one). */
export function parsePolicySpec(text: string, registry: PolicyRegistry = defaultRegistry): PolicySpec {
  const [name, ...assignments] = text.trim().split(':');
  if (!name) throw new UsageError(`empty policy name in ${JSON.stringify(text)}`);
  const def = registry.get(name);
  const values: Record<string, string> = {};
  for (const a of assignments) {
    const eq = a.indexOf('=');
    if (eq <= 0) throw new UsageError(`${def.name}: parameter ${JSON.stringify(a)} must be written NAME=VALUE`);
    values[a.slice(0, eq)] = a.slice(eq + 1);
  }
  return makePolicySpec(def, values);
}

/** Parses a comma-separated list of policy specs (`lru,clock:refOnInsert=0,opt`). */
export function parsePolicyList(texts: string[], registry: PolicyRegistry = defaultRegistry): PolicySpec[] {
  const specs = texts.flatMap((t) => t.split(',')).filter((t) => t.trim() !== '').map((t) => parsePolicySpec(t, registry));
  const seen = new Set<string>();
  return specs.filter((s) => (seen.has(s.label) ? false : (seen.add(s.label), true)));
}

/** A spec as a message to a worker thread carries it: plain data, parameters already checked. */
export interface PolicyWire {
  name: string;
  /** The module that exports the definition (none for built-in policies). */
  module?: string;
  params: ParamValues;
}

export function toWire(spec: PolicySpec): PolicyWire {
  const module = policyModuleOf(spec.def);
  return module === undefined ? { name: spec.def.name, params: spec.params } : { name: spec.def.name, module, params: spec.params };
}

/** The spec again, its definition found in `registry` (importing its module there once); the parameters are not re-parsed. */
export async function fromWire(wire: PolicyWire, registry: PolicyRegistry): Promise<PolicySpec> {
  const def = wire.module === undefined ? registry.get(wire.name) : (await registry.loadModule(wire.module)).find((d) => d.name === wire.name);
  if (!def) throw new UsageError(`${wire.module}: no longer exports policy ${JSON.stringify(wire.name)}`);
  return { def, params: wire.params, label: labelOf(def, wire.params) };
}

/**
 * The policy registry: every built-in policy, plus those a user loads from a module
 * (`--policy-module ./mine.js`). Lookup accepts names and aliases, case-insensitively.
 */
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import { UsageError } from '../traces/errors.js';
import { builtinPolicies } from './builtins.js';
import { hookPolicy } from './hookPolicy.js';
import type { HookPolicyDefinition, ParamSpec, PolicyDefinition } from './policy.js';
import { checkedPolicy } from './policyChecker.js';

const byName = new Map<string, PolicyDefinition>();
const canonical: PolicyDefinition[] = [];

const NAME = /^[a-z0-9][a-z0-9._-]*$/;
const PARAM_TYPES = ['integer', 'number', 'boolean', 'choice'];

export interface RegisterOptions {
  /**
   * Run the policy under the checker (policies/policyChecker.ts). Default true: only the built-ins
   * are registered unchecked (tests check them by passing true).
   */
  check?: boolean;
  /** Where the definition came from, for error messages (a module file); default "registerPolicy". */
  origin?: string;
}

/** Refuses a definition the registry cannot use, naming what is wrong; fills in optional fields. */
function validDefinition(def: PolicyDefinition | HookPolicyDefinition, origin: string): PolicyDefinition | HookPolicyDefinition {
  const refuse = (detail: string): never => {
    throw new UsageError(`${origin}: ${detail} (see docs/adding-a-policy.md)`);
  };
  if (typeof def !== 'object' || def === null) return refuse(`a policy definition must be an object, got ${String(def)}`);
  const name: unknown = def.name;
  if (typeof name !== 'string' || !NAME.test(name)) {
    return refuse(`policy name ${typeof name === 'string' ? JSON.stringify(name) : String(name)} must be a string of lower-case letters, digits, '.', '_' or '-'`);
  }
  const create = (def as { create?: unknown }).create;
  const createHooks = (def as { createHooks?: unknown }).createHooks;
  if (typeof create !== 'function' && typeof createHooks !== 'function') return refuse(`policy ${name} has neither create() nor createHooks()`);
  const aliases: unknown = def.aliases ?? [];
  if (!Array.isArray(aliases) || aliases.some((a) => typeof a !== 'string' || !NAME.test(a))) {
    return refuse(`policy ${name}: aliases must be a list of names like the name`);
  }
  const params: unknown = def.params ?? [];
  if (!Array.isArray(params)) return refuse(`policy ${name}: params must be a list`);
  for (const p of params as Partial<ParamSpec>[]) {
    if (typeof p !== 'object' || p === null || typeof p.name !== 'string' || !PARAM_TYPES.includes(p.type as string) || p.default === undefined) {
      return refuse(`policy ${name}: every parameter needs a name, a type (${PARAM_TYPES.join(', ')}) and a default`);
    }
  }
  return { ...def, params: params as ParamSpec[], summary: def.summary ?? '', source: def.source ?? '' };
}

/**
 * Adds a policy (full or hook-style) to the registry under its name and aliases, replacing one of
 * the same name. A definition the registry cannot use is refused with a UsageError.
 */
export function registerPolicy(def: PolicyDefinition | HookPolicyDefinition, options: RegisterOptions = {}): PolicyDefinition {
  const origin = options.origin ?? 'registerPolicy';
  const valid = validDefinition(def, origin);
  const plain = 'createHooks' in valid && typeof valid.createHooks === 'function' ? hookPolicy(valid) : (valid as PolicyDefinition);
  const full = options.check === false ? plain : checkedPolicy(plain, origin);
  const names = [full.name, ...(full.aliases ?? [])].map((n) => n.toLowerCase());
  const existing = byName.get(full.name);
  if (existing && existing !== full) {
    const i = canonical.indexOf(existing);
    canonical.splice(i, 1);
  }
  for (const n of names) byName.set(n, full);
  canonical.push(full);
  return full;
}

for (const def of builtinPolicies) registerPolicy(def, { check: false, origin: 'built-in' });

export function listPolicies(): PolicyDefinition[] {
  return [...canonical];
}

export function getPolicy(name: string): PolicyDefinition {
  const def = byName.get(name.toLowerCase());
  if (!def) {
    throw new UsageError(`unknown policy ${JSON.stringify(name)}; available: ${canonical.map((d) => d.name).join(', ')}`);
  }
  return def;
}

function isPolicyLike(v: unknown): v is PolicyDefinition | HookPolicyDefinition {
  return typeof v === 'object' && v !== null &&
    (typeof (v as { create?: unknown }).create === 'function' || typeof (v as { createHooks?: unknown }).createHooks === 'function');
}

/**
 * Loads a user's policy module and registers what it exports: a definition (full or hook-style) as
 * the default export, or any number of named exports that are definitions. Returns their names.
 */
export async function loadPolicyModule(file: string): Promise<string[]> {
  const resolved = path.resolve(file);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(resolved).href)) as Record<string, unknown>;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_MODULE_NOT_FOUND' && e.message.includes(resolved)) throw new UsageError(`${file}: policy module not found`);
    throw new UsageError(`${file}: cannot load policy module: ${e.message.split('\n')[0]}`);
  }
  const defs = Object.values(mod).flatMap((v) => (Array.isArray(v) ? v : [v])).filter(isPolicyLike);
  if (defs.length === 0) {
    throw new UsageError(`${file}: exports no policy (export an object with a name and create() or createHooks(); see docs/adding-a-policy.md)`);
  }
  const relative = path.relative(process.cwd(), resolved);
  const origin = relative && !relative.startsWith('..') ? relative : resolved;
  return [...new Set(defs)].map((d) => registerPolicy(d, { origin }).name);
}


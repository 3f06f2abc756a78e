/**
 * The policy registry: every built-in policy, plus those a user loads from a module
 * (`--policy-module ./mine.js`). Lookup accepts names and aliases, case-insensitively.
 */
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import { UsageError } from '../traces/errors.js';
import { builtinPolicies } from './builtins.js';
import { hookPolicy } from './hookPolicy.js';
import type { HookPolicyDefinition, PolicyDefinition } from './policy.js';

const byName = new Map<string, PolicyDefinition>();
const canonical: PolicyDefinition[] = [];

export function registerPolicy(def: PolicyDefinition | HookPolicyDefinition): PolicyDefinition {
  const full = 'createHooks' in def ? hookPolicy(def) : def;
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(full.name)) {
    throw new UsageError(`policy name ${JSON.stringify(full.name)} must be lower-case letters, digits, '.', '_' or '-'`);
  }
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

for (const def of builtinPolicies) registerPolicy(def);

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
  return typeof v === 'object' && v !== null && typeof (v as { name?: unknown }).name === 'string' &&
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
  return [...new Set(defs)].map((d) => registerPolicy(d).name);
}


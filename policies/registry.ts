/**
 * Policy registries. A `PolicyRegistry` holds every built-in policy plus those a user adds: by
 * `register` (a definition in hand) or `loadModule` (`--policy-module ./mine.js`: each module is
 * imported once). Lookup accepts names and aliases, case-insensitively. The CLI builds one registry
 * and hands it down; library scripts may use their own or the process-wide `defaultRegistry`
 * behind `registerPolicy`, `getPolicy`, `listPolicies` and `loadPolicyModule`.
 *
 * Worker threads cannot be handed a definition (it holds functions), so a definition crosses as its
 * name plus the URL of the module that exports it (policySpec.ts: `toWire`/`fromWire`); a worker
 * imports that module into its own registry. `loadModule` records the URL itself; `register` takes
 * it as `{ module: import.meta.url }`. A definition registered without one (and not built in) runs
 * its per-size replays in the calling thread.
 *
 * Every policy registered here runs under the checker (policies/policyChecker.ts) unless registered
 * with `{ check: false }`, as the built-ins are; a definition the registry cannot use (no valid
 * name, no create or createHooks, malformed parameters) is refused with a UsageError.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as path from 'node:path';
import { UsageError } from '../traces/errors.js';
import { builtinPolicies } from './builtins.js';
import { hookPolicy } from './hookPolicy.js';
import type { HookPolicyDefinition, ParamSpec, PolicyDefinition } from './policy.js';
import { checkedPolicy } from './policyChecker.js';

export interface RegisterOptions {
  /** URL of a module that exports the definition, so that worker threads can import it. */
  module?: string;
  /** Run the policy under the checker (default true; the built-ins are registered with false). */
  check?: boolean;
  /** Where the definition came from, for error messages; default: the module's path, or "registerPolicy". */
  origin?: string;
}

const NAME = /^[a-z0-9][a-z0-9._-]*$/;
const PARAM_TYPES = ['integer', 'number', 'boolean', 'choice'];

/** The module's path relative to the working directory (as users name it), for messages. */
function originOf(url: string): string {
  const file = fileURLToPath(url);
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') ? relative : file;
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
  // The definition itself when complete: its identity matters (one-pass engines, built-in checks).
  if (def.params !== undefined && def.summary !== undefined && def.source !== undefined) return def;
  return { ...def, params: params as ParamSpec[], summary: def.summary ?? '', source: def.source ?? '' };
}

/** The module each registered definition came from (a fact about the definition, whichever registry holds it). */
const moduleOfDefinition = new WeakMap<PolicyDefinition, string>();

/** The URL of the module a worker thread imports to find `def`, if it has one. */
export function policyModuleOf(def: PolicyDefinition): string | undefined {
  return moduleOfDefinition.get(def);
}

/** Whether a worker thread can find `def`: built in, or registered with the module that exports it. */
export function crossesThreads(def: PolicyDefinition): boolean {
  return builtinPolicies.includes(def) || moduleOfDefinition.has(def);
}

function isPolicyLike(v: unknown): v is PolicyDefinition | HookPolicyDefinition {
  return typeof v === 'object' && v !== null &&
    (typeof (v as { create?: unknown }).create === 'function' || typeof (v as { createHooks?: unknown }).createHooks === 'function');
}

export class PolicyRegistry {
  private readonly byName = new Map<string, PolicyDefinition>();
  private readonly canonical: PolicyDefinition[] = [];
  /** Module URL → the definitions it registered (each module is imported once). */
  private readonly modules = new Map<string, Promise<PolicyDefinition[]>>();

  /** A registry holding the built-in policies. */
  static withBuiltins(): PolicyRegistry {
    const registry = new PolicyRegistry();
    for (const def of builtinPolicies) registry.register(def, { check: false, origin: 'built-in' });
    return registry;
  }

  register(def: PolicyDefinition | HookPolicyDefinition, options: RegisterOptions = {}): PolicyDefinition {
    const origin = options.origin ?? (options.module?.startsWith('file:') ? originOf(options.module) : 'registerPolicy');
    const valid = validDefinition(def, origin);
    const plain = 'createHooks' in valid && typeof valid.createHooks === 'function' ? hookPolicy(valid) : (valid as PolicyDefinition);
    const full = options.check === false ? plain : checkedPolicy(plain, origin);
    if (options.module !== undefined) moduleOfDefinition.set(full, options.module);
    const names = [full.name, ...(full.aliases ?? [])].map((n) => n.toLowerCase());
    const existing = this.byName.get(full.name);
    if (existing && existing !== full) this.canonical.splice(this.canonical.indexOf(existing), 1);
    for (const n of names) this.byName.set(n, full);
    if (!this.canonical.includes(full)) this.canonical.push(full);
    return full;
  }

  list(): PolicyDefinition[] {
    return [...this.canonical];
  }

  get(name: string): PolicyDefinition {
    const def = this.byName.get(name.toLowerCase());
    if (!def) {
      throw new UsageError(`unknown policy ${JSON.stringify(name)}; available: ${this.canonical.map((d) => d.name).join(', ')}`);
    }
    return def;
  }

  /**
   * Loads a user's policy module (a file path or a file: URL) and registers what it exports: a
   * definition (full or hook-style) as the default export, or any number of named exports that are
   * definitions. Returns the definitions; a module already loaded is not imported again.
   */
  loadModule(file: string): Promise<PolicyDefinition[]> {
    const url = file.startsWith('file:') ? file : pathToFileURL(path.resolve(file)).href;
    let loaded = this.modules.get(url);
    if (!loaded) {
      loaded = this.importModule(file, url);
      this.modules.set(url, loaded);
    }
    return loaded;
  }

  private async importModule(file: string, url: string): Promise<PolicyDefinition[]> {
    let mod: Record<string, unknown>;
    try {
      mod = (await import(url)) as Record<string, unknown>;
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'ERR_MODULE_NOT_FOUND' && e.message.includes(fileURLToPath(url))) throw new UsageError(`${file}: policy module not found`);
      throw new UsageError(`${file}: cannot load policy module: ${e.message.split('\n')[0]}`);
    }
    const defs = Object.values(mod).flatMap((v) => (Array.isArray(v) ? v : [v])).filter(isPolicyLike);
    if (defs.length === 0) {
      throw new UsageError(`${file}: exports no policy (export an object with a name and create() or createHooks(); see docs/adding-a-policy.md)`);
    }
    return [...new Set(defs)].map((d) => this.register(d, { module: url }));
  }
}

/** The process-wide registry behind `registerPolicy`, `getPolicy`, `listPolicies` and `loadPolicyModule`. */
export const defaultRegistry = PolicyRegistry.withBuiltins();

/** Registers a policy in the default registry; pass `{ module: import.meta.url }` from the module that exports it. */
export function registerPolicy(def: PolicyDefinition | HookPolicyDefinition, options: RegisterOptions = {}): PolicyDefinition {
  return defaultRegistry.register(def, options);
}

export function listPolicies(): PolicyDefinition[] {
  return defaultRegistry.list();
}

export function getPolicy(name: string): PolicyDefinition {
  return defaultRegistry.get(name);
}

/** Loads a policy module into the default registry; returns the names it registered. */
export async function loadPolicyModule(file: string): Promise<string[]> {
  return (await defaultRegistry.loadModule(file)).map((d) => d.name);
}

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
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as path from 'node:path';
import { UsageError } from '../traces/errors.js';
import { builtinPolicies } from './builtins.js';
import { hookPolicy } from './hookPolicy.js';
import type { HookPolicyDefinition, PolicyDefinition } from './policy.js';

export interface RegisterOptions {
  /** URL of a module that exports the definition, so that worker threads can import it. */
  module?: string;
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
  return typeof v === 'object' && v !== null && typeof (v as { name?: unknown }).name === 'string' &&
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
    for (const def of builtinPolicies) registry.register(def);
    return registry;
  }

  register(def: PolicyDefinition | HookPolicyDefinition, options: RegisterOptions = {}): PolicyDefinition {
    const full = 'createHooks' in def ? hookPolicy(def) : def;
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(full.name)) {
      throw new UsageError(`policy name ${JSON.stringify(full.name)} must be lower-case letters, digits, '.', '_' or '-'`);
    }
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

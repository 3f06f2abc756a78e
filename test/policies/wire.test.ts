/**
 * Policies cross to worker threads as their wire form: a registered user policy reaches the workers
 * through the module it names, one registered without a module runs in the calling thread, and
 * typed parameters are never printed and parsed again.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { computeCurves, fromWire, getPolicy, makePolicySpec, PolicyRegistry, registerPolicy, toWire, type PolicyDefinition } from '../../index.js';
import { randomTrace } from '../helpers/randomStreams.js';

const lifoModule = pathToFileURL(path.resolve(import.meta.dirname, '../../docs/examples/lifoPolicy.js')).href;

describe('policies across worker threads', () => {
  const trace = randomTrace(21, { length: 4000, universe: 200, named: true, releaseRate: 0.01 });
  const sizes = [4, 16, 64];

  it('a policy registered with its module runs on workers with the counters of the calling thread', async () => {
    const lifoPolicy = ((await import(lifoModule)) as { default: PolicyDefinition }).default;
    const specs = [makePolicySpec(registerPolicy(lifoPolicy, { module: lifoModule }))];
    expect(toWire(specs[0]!)).toEqual({ name: 'lifo', module: lifoModule, params: {} });
    const one = await computeCurves(trace, { specs, sizes, jobs: 1 });
    const two = await computeCurves(trace, { specs, sizes, jobs: 2 });
    expect(two.map((p) => p.counters)).toEqual(one.map((p) => p.counters));
    expect(one[0]!.counters.faults).toBeGreaterThan(one[2]!.counters.faults);
  });

  it('a policy registered without a module still runs, in the calling thread', async () => {
    const fifo = getPolicy('fifo');
    const mine = registerPolicy({ ...fifo, name: 'my-fifo', aliases: [] });
    const expected = await computeCurves(trace, { specs: [makePolicySpec(fifo)], sizes, jobs: 1 });
    const actual = await computeCurves(trace, { specs: [makePolicySpec(mine)], sizes, jobs: 2 });
    expect(actual.map((p) => p.counters)).toEqual(expected.map((p) => p.counters));
  });

  it('loads each module once per registry and finds a wire spec again without re-parsing', async () => {
    const registry = PolicyRegistry.withBuiltins();
    const first = await registry.loadModule(lifoModule);
    expect(await registry.loadModule(lifoModule)).toBe(first);
    const spec = makePolicySpec(getPolicy('lru-k'), { crp: 1e21, rip: Infinity });
    expect(spec.params).toEqual({ k: 2, crp: 1e21, rip: Infinity });
    const back = await fromWire(structuredClone(toWire(spec)), registry);
    expect(back.def).toBe(getPolicy('lru-k'));
    expect(back.params).toEqual(spec.params);
    expect(back.label).toBe(spec.label);
  });

  it('checks typed parameters as numbers', () => {
    const lruK = getPolicy('lru-k');
    expect(() => makePolicySpec(lruK, { k: 2.5 })).toThrow(/k=2.5 is invalid: expected an integer/);
    expect(() => makePolicySpec(lruK, { k: 17 })).toThrow(/k=17 is invalid: expected a value in 1…16/);
    expect(makePolicySpec(lruK, { crp: '1e+21' }).params.crp).toBe(1e21);
  });
});

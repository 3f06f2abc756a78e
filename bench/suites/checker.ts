/**
 * The cost of the policy checker (policies/policyChecker.ts), which every policy from a module or
 * `registerPolicy` runs under: references per second of LRU and CLOCK replaying the Zipf stream at
 * 100,000 frames, plain and checked, and the checked run's slowdown. The checker adds a function
 * call and a few byte-array updates per record, and a `residentPages()` copy per replay call.
 */
import { MemoryModel } from '../../simulators/index.js';
import { checkedPolicy, getPolicy, makePolicySpec, type PolicyDefinition } from '../../policies/index.js';
import type { LoadedTrace } from '../../traces/index.js';
import { timed, type BenchContext, type BenchFigure, type BenchSuite } from '../benchSuite.js';
import { perSecond } from '../measure.js';
import { loadZipf } from '../workloads.js';

const FRAMES = 100_000;
const RUNS = 3;

async function best(def: PolicyDefinition, trace: LoadedTrace, frames: number): Promise<number> {
  let seconds = Infinity;
  for (let k = 0; k < RUNS; k++) {
    const model = new MemoryModel(trace.pageCount);
    const instance = def.create({ frames, pageCount: trace.pageCount, trace, seed: 1 }, makePolicySpec(def).params);
    seconds = Math.min(seconds, (await timed(() => instance.replay(trace, 0, trace.length, model))).seconds);
  }
  return seconds;
}

export const checkerSuite: BenchSuite = {
  name: 'checker',
  description: 'cost of the policy checker: replay speed plain and checked',
  async run(ctx: BenchContext) {
    const zipf = await loadZipf(ctx);
    const frames = Math.round(FRAMES * Math.min(1, ctx.scale));
    const figures: BenchFigure[] = [];
    for (const name of ['lru', 'clock']) {
      const def = getPolicy(name);
      ctx.log(`${name}: plain and checked, ${RUNS} runs each`);
      const plain = await best(def, zipf, frames);
      const checked = await best(checkedPolicy(def, 'bench', false), zipf, frames);
      const context = { frames, references: zipf.references };
      figures.push(
        { name: `plain.${name}.zipf`, value: perSecond(zipf.references, plain), unit: 'references/s', better: 'higher', context },
        { name: `checked.${name}.zipf`, value: perSecond(zipf.references, checked), unit: 'references/s', better: 'higher', context },
        { name: `slowdown.${name}.zipf`, value: Number((checked / plain).toFixed(2)), unit: 'x', better: 'lower', context },
      );
    }
    return figures;
  },
};

/**
 * The cost of process tags and per-process counters: the global replay of the seeded Zipf(0.9)
 * stream (the policies suite's) at 100,000 frames, untagged (runPolicy) against the same records
 * tagged with eight processes in bursts of 1,000 records (runAllocated, allocation global:
 * per-process counters and resident samples, no fairness baseline); and the local allocations'
 * replay speed on the tagged stream, for reference.
 */
import { makePolicySpec, getPolicy } from '../../policies/index.js';
import { parseAllocation, runAllocated, runPolicy } from '../../simulators/index.js';
import { emptyProcessTable, type LoadedTrace } from '../../traces/index.js';
import { timed, type BenchContext, type BenchFigure, type BenchSuite } from '../benchSuite.js';
import { perSecond } from '../measure.js';
import { loadZipf } from '../workloads.js';

const FRAMES = 100_000;
const PROCESSES = 8;
const BURST = 1000;

function tagged(trace: LoadedTrace): LoadedTrace {
  const table = emptyProcessTable();
  for (let p = 1; p <= PROCESSES; p++) {
    table.processes.push({ id: p, label: String(p), pid: p, parent: null, command: 'bench', start: 0, end: null });
    table.threads.push({ id: p, process: p, label: String(p), pid: p });
  }
  const processes = new Uint32Array(trace.length);
  for (let i = 0; i < trace.length; i++) processes[i] = 1 + (Math.floor(i / BURST) % PROCESSES);
  return { ...trace, tags: { processes, threads: processes, table } };
}

async function best(runs: number, fn: () => unknown): Promise<number> {
  let seconds = Infinity;
  for (let k = 0; k < runs; k++) seconds = Math.min(seconds, (await timed(fn)).seconds);
  return seconds;
}

export const allocationSuite: BenchSuite = {
  name: 'allocation',
  description: 'global replay with and without process tags (per-process counters), and local allocations',
  async run(ctx: BenchContext) {
    const figures: BenchFigure[] = [];
    const zipf = await loadZipf(ctx);
    const tags = tagged(zipf);
    const frames = Math.round(FRAMES * Math.min(1, ctx.scale));
    for (const name of ['lru', 'clock', 'arc']) {
      const spec = makePolicySpec(getPolicy(name));
      ctx.log(`${name}: global untagged and tagged at ${frames} frames`);
      const plain = await best(3, () => runPolicy(zipf, spec, { frames }));
      const withTags = await best(3, () => runAllocated(tags, spec, parseAllocation('global'), frames, 0, 1, false));
      const context = { frames, references: zipf.references, processes: PROCESSES };
      figures.push({ name: `global.untagged.${name}`, value: perSecond(zipf.references, plain), unit: 'references/s', better: 'higher', context });
      figures.push({ name: `global.tagged.${name}`, value: perSecond(zipf.references, withTags), unit: 'references/s', better: 'higher', context });
      figures.push({ name: `global.tagOverhead.${name}`, value: Number(((withTags / plain - 1) * 100).toFixed(1)), unit: '%', better: 'lower', context });
    }
    const lru = makePolicySpec(getPolicy('lru'));
    for (const allocation of ['equal', 'proportional', 'ws:window=100000', 'pff:threshold=10000']) {
      ctx.log(`lru under ${allocation}`);
      const seconds = await best(1, () => runAllocated(tags, lru, parseAllocation(allocation), frames, 0, 1, false));
      figures.push({ name: `local.${allocation.split(':')[0]}.lru`, value: perSecond(zipf.references, seconds), unit: 'references/s', better: 'higher', context: { frames, allocation } });
    }
    return figures;
  },
};

/**
 * Replay speed of every registered policy: references per second at 100,000 frames on the seeded
 * 20-million-reference Zipf(0.9) stream over 1,000,000 pages (trace in memory, single thread), and
 * on the default synthetic scenario and the real CloudPhysics trace at a tenth of their footprints;
 * the bytes each policy instance holds
 * per distinct page (the budget is 24); misses alongside so runs are comparable.
 */
import { MemoryModel, referencesIn } from '../../simulators/index.js';
import { listPolicies, makePolicySpec, nextUseOf, type PolicyDefinition } from '../../policies/index.js';
import type { LoadedTrace } from '../../traces/index.js';
import { timed, type BenchContext, type BenchFigure, type BenchSuite } from '../benchSuite.js';
import { heldBytes, perSecond } from '../measure.js';
import { loadRealTrace, loadSynthetic, loadZipf } from '../workloads.js';

/** The one memory size of the Zipf runs (the startup suite replays at it too). */
export const POLICY_FRAMES = 100_000;
const BYTES_PER_PAGE_BUDGET = 24;

interface Replay {
  seconds: number;
  bytes: number;
  faults: number;
  writebacks: number;
}

/** Keeps the instance measured reachable while its memory is counted. */
export const measuring: { instance?: unknown } = {};

/** One replay of the whole trace: the instance's memory (typed arrays and heap) and the time. */
export async function replayOnce(def: PolicyDefinition, trace: LoadedTrace, frames: number): Promise<Replay> {
  const spec = makePolicySpec(def);
  const variable = def.capabilities?.variableSpace;
  const memory = variable ? trace.pageCount : frames;
  const model = new MemoryModel(trace.pageCount);
  const before = heldBytes();
  const instance = def.create({ frames: memory, pageCount: trace.pageCount, trace, seed: 1 }, spec.params);
  const { seconds } = await timed(() => instance.replay(trace, 0, trace.length, model));
  measuring.instance = instance;
  const bytes = heldBytes() - before - trace.pageCount; // less the model's byte per page
  measuring.instance = undefined;
  const c = model.counters(referencesIn(trace, 0, trace.length));
  return { seconds, bytes, faults: c.faults, writebacks: c.writebacks };
}

/**
 * The floor any replay stands on: per reference, one read and one write of the page's own word in
 * a per-page array (the page table every policy keeps, one dependent access into 4 bytes per
 * page) and nothing else. Best of `runs`; the checksum keeps the loop from being optimised away.
 */
function floorReplay(trace: LoadedTrace, runs: number): { seconds: number; checksum: number } {
  let best = Infinity;
  let checksum = 0;
  for (let k = 0; k < runs; k++) {
    const state = new Uint32Array(trace.pageCount);
    const { pages, length } = trace;
    const start = performance.now();
    let seen = 0;
    for (let i = 0; i < length; i++) {
      const p = pages[i]!;
      seen += state[p]! & 1;
      state[p] = (state[p]! + 2) | 1;
    }
    best = Math.min(best, (performance.now() - start) / 1000);
    checksum = seen;
  }
  return { seconds: best, checksum };
}

async function measure(def: PolicyDefinition, trace: LoadedTrace, frames: number, runs: number, workload: string): Promise<BenchFigure[]> {
  let best: Replay | undefined;
  for (let k = 0; k < runs; k++) {
    const r = await replayOnce(def, trace, frames);
    if (!best || r.seconds < best.seconds) best = r;
  }
  const context = { frames, references: trace.references, pages: trace.pageCount, faults: best!.faults, writebacks: best!.writebacks, seconds: Number(best!.seconds.toFixed(3)) };
  return [
    { name: `policy.${def.name}.${workload}`, value: perSecond(trace.references, best!.seconds), unit: 'references/s', better: 'higher', context },
    {
      name: `memory.${def.name}.${workload}`,
      value: Number((best!.bytes / trace.pageCount).toFixed(1)),
      unit: 'bytes/page',
      better: 'lower',
      context: { budget: BYTES_PER_PAGE_BUDGET, bytes: best!.bytes, pages: trace.pageCount },
    },
  ];
}

export const policiesSuite: BenchSuite = {
  name: 'policies',
  description: 'replay speed (references/s) and memory (bytes per page) of every registered policy',
  async run(ctx: BenchContext) {
    const figures: BenchFigure[] = [];
    const zipf = await loadZipf(ctx);
    const frames = Math.round(POLICY_FRAMES * Math.min(1, ctx.scale));
    const next = await timed(() => nextUseOf(zipf));
    figures.push({ name: 'nextuse.zipf', value: perSecond(zipf.length, next.seconds), unit: 'records/s', better: 'higher', context: { note: 'OPT next-use pass (4 bytes per record, shared by every OPT run)' } });
    const floor = floorReplay(zipf, 3);
    figures.push({
      name: 'policy.floor.zipf',
      value: perSecond(zipf.length, floor.seconds),
      unit: 'references/s',
      better: 'higher',
      context: { note: 'the physical floor: one dependent read and write of a per-page word per reference, nothing else (best of 3)', seconds: Number(floor.seconds.toFixed(3)), repeats: floor.checksum },
    });
    for (const def of listPolicies()) {
      ctx.log(`${def.name} on the Zipf stream at ${frames} frames`);
      figures.push(...(await measure(def, zipf, frames, 1, 'zipf')));
    }
    figures.push({
      name: 'rss.peak.zipf',
      value: Math.round(process.resourceUsage().maxRSS / 1024),
      unit: 'MiB',
      better: 'lower',
      context: { note: 'peak resident set of the whole run so far: the 20M-record trace (5 bytes per record), its next-use array (4 per record) and one policy instance at a time', references: zipf.references, pages: zipf.pageCount },
    });
    const others: [string, LoadedTrace | undefined][] = [['synthetic', await loadSynthetic(ctx)], ['cloudphysics', await loadRealTrace()]];
    for (const [workload, trace] of others) {
      if (!trace) continue;
      const tenth = Math.max(1, Math.round(trace.pageCount / 10));
      for (const def of listPolicies()) {
        ctx.log(`${def.name} on the ${workload} trace at ${tenth} frames`);
        figures.push(...(await measure(def, trace, tenth, 3, workload)).slice(0, 1));
      }
    }
    return figures;
  },
};

/**
 * One pass or per-size replays, measured: on the Zipf stream, the LRU curve both ways at one size
 * and at the automatic sizes, OPT's curve both ways at the automatic sizes (one pass by critical
 * markers), and OPT's two one-pass engines (critical markers, and Mattson's priority stack, which
 * OPT falls back on for releases and warm-ups) on a prefix — a whole priority-stack curve of the
 * full stream takes too long to time. Also the break-even number of sizes, measured and as
 * simulators/curveEngineChoice.ts estimates it.
 *
 * The assertion: for each case the method `chooseCurveMethod` picks must be the faster one
 * measured (within 15 % for noise: the machine is shared). A wrong pick fails the suite, so
 * `npm run bench` fails; the figures say which.
 */
import { autoSizes, breakEvenSizes, chooseCurveMethod, computeCurves, defaultJobs, optMarkersDepthCounters, optPriorityDepthCounters, type CurveMethod } from '../../simulators/index.js';
import { getPolicy, makePolicySpec, nextUseOf } from '../../policies/index.js';
import type { LoadedTrace } from '../../traces/index.js';
import { timed, type BenchContext, type BenchFigure, type BenchSuite } from '../benchSuite.js';
import { perSecond } from '../measure.js';
import { loadZipf } from '../workloads.js';

const NOISE = 1.15;
const PREFIX = 300_000;

function prefixOf(trace: LoadedTrace, n: number): LoadedTrace {
  const length = Math.min(n, trace.length);
  return { ...trace, name: `${trace.name}[0:${length}]`, pages: trace.pages.subarray(0, length), codes: trace.codes.subarray(0, length), length, references: length };
}

export const curveChoiceSuite: BenchSuite = {
  name: 'curvechoice',
  description: 'one pass or per-size replays: both timed on the Zipf stream, the break-even, and a check that the automatic choice picks the faster',
  async run(ctx: BenchContext) {
    const figures: BenchFigure[] = [];
    const wrong: string[] = [];
    const zipf = await loadZipf(ctx);
    const jobs = defaultJobs();
    const sizes = autoSizes(zipf.pageCount);
    const one = [Math.max(1, Math.round(zipf.pageCount / 6))];
    const work = { references: zipf.references, pages: zipf.pageCount, releases: zipf.releases, warmupRecords: 0, jobs, hasOnePass: true };
    const seconds = (name: string, s: number, context: Record<string, number | string> = {}): number => {
      figures.push({ name, value: Number(s.toFixed(3)), unit: 's', better: 'lower', context: { references: zipf.references, pages: zipf.pageCount, jobs, ...context } });
      return s;
    };
    const curveTime = async (policy: string, sz: number[], method: CurveMethod): Promise<number> =>
      (await timed(() => computeCurves(zipf, { specs: [makePolicySpec(getPolicy(policy))], sizes: sz, jobs, [method === 'one-pass' ? 'onePass' : 'perSize']: true }))).seconds;
    const check = (label: string, policy: string, count: number, measured: Record<CurveMethod, number>): void => {
      const picked = chooseCurveMethod({ ...work, policy, sizes: count });
      const other: CurveMethod = picked === 'one-pass' ? 'per-size' : 'one-pass';
      const ok = measured[picked] <= measured[other] * NOISE;
      figures.push({ name: `curvechoice.${label}.pickedFaster`, value: ok ? 1 : 0, unit: 'bool', better: 'higher', context: { picked, onePassSeconds: Number(measured['one-pass'].toFixed(3)), perSizeSeconds: Number(measured['per-size'].toFixed(3)) } });
      if (!ok) wrong.push(`${label}: picked ${picked} (${measured[picked].toFixed(2)} s) over ${other} (${measured[other].toFixed(2)} s)`);
    };

    ctx.log('LRU: one pass and replays, at one size and at the automatic sizes');
    const lruOnePassOne = seconds('curvechoice.lru.onePass.oneSize', await curveTime('lru', one, 'one-pass'), { sizes: 1 });
    const lruReplayOne = seconds('curvechoice.lru.perSize.oneSize', await curveTime('lru', one, 'per-size'), { sizes: 1 });
    const lruOnePass = seconds('curvechoice.lru.onePass.auto', await curveTime('lru', sizes, 'one-pass'), { sizes: sizes.length });
    const lruReplays = seconds('curvechoice.lru.perSize.auto', await curveTime('lru', sizes, 'per-size'), { sizes: sizes.length });
    check('lru.oneSize', 'lru', 1, { 'one-pass': lruOnePassOne, 'per-size': lruReplayOne });
    check('lru.auto', 'lru', sizes.length, { 'one-pass': lruOnePass, 'per-size': lruReplays });
    // Replays cost ⌈S / jobs⌉ single replays; one pass costs the same for any S.
    figures.push({ name: 'curvechoice.lru.breakEven.measured', value: Math.ceil((jobs * lruOnePass) / lruReplayOne), unit: 'sizes', better: 'lower', context: { jobs } });
    const estimated = (policy: string): BenchFigure => {
      const s = breakEvenSizes({ ...work, policy });
      return { name: `curvechoice.${policy}.breakEven.estimated`, value: Number.isFinite(s) ? s : 0, unit: 'sizes', better: 'lower', context: { jobs, never: Number.isFinite(s) ? 'no' : 'yes' } };
    };
    figures.push(estimated('lru'));

    ctx.log('OPT: replays and one pass (critical markers) at the automatic sizes');
    nextUseOf(zipf);
    const optReplays = seconds('curvechoice.opt.perSize.auto', await curveTime('opt', sizes, 'per-size'), { sizes: sizes.length });
    const optOnePass = seconds('curvechoice.opt.onePass.auto', await curveTime('opt', sizes, 'one-pass'), { sizes: sizes.length, engine: 'critical markers' });
    check('opt.auto', 'opt', sizes.length, { 'one-pass': optOnePass, 'per-size': optReplays });
    figures.push({ name: 'curvechoice.opt.onePassOverLru', value: Number((optOnePass / lruOnePass).toFixed(2)), unit: 'x', better: 'lower', context: { target: 3, sizes: sizes.length } });
    figures.push(estimated('opt'));
    ctx.log(`OPT: both one-pass engines on the first ${PREFIX} references (critical markers, priority stack)`);
    const prefix = prefixOf(zipf, Math.round(PREFIX * Math.min(1, ctx.scale * 10)));
    const markers = await timed(() => optMarkersDepthCounters(prefix, 0).counters(sizes));
    const priority = await timed(() => optPriorityDepthCounters(prefix, 0).counters(sizes));
    const rate = (s: number): number => perSecond(prefix.references, s);
    figures.push({ name: 'onepass.opt.criticalMarkers.zipfPrefix', value: rate(markers.seconds), unit: 'references/s', better: 'higher', context: { references: prefix.references, pages: zipf.pageCount, sizes: sizes.length } });
    figures.push({ name: 'onepass.opt.priorityStack.zipfPrefix', value: rate(priority.seconds), unit: 'references/s', better: 'higher', context: { references: prefix.references, pages: zipf.pageCount, sizes: sizes.length } });
    if (JSON.stringify(markers.value) !== JSON.stringify(priority.value)) wrong.push('OPT one-pass engines disagree on the prefix');

    if (wrong.length > 0) throw new Error(`curvechoice: the automatic choice picked the slower path: ${wrong.join('; ')}`);
    return figures;
  },
};

/**
 * One pass or one replay per size? A policy with a one-pass engine (LRU, OPT, LRU-K: stack
 * algorithms) can get its whole curve either way, with identical counters; which is faster
 * depends on the number of sizes and the trace. One pass costs about the same for 1 size as for
 * 100; replays cost one pass over the trace per size, spread over the worker threads.
 *
 * The estimate: seconds = references × (nanoseconds per reference) for one pass, and
 * ⌈sizes / jobs⌉ × references × (nanoseconds per reference of one replay) for replays, plus the
 * worker pool's start-up when it has more than one thread. The per-reference costs are the
 * bench's (`npm run bench -- --suite onepass,policies,curvechoice`, quiet machine, Node 20;
 * docs/performance.md): one pass grows with the pages (its per-page state stops fitting in the
 * caches: LRU's slot tree, OPT's marker trees; the priority stack's walk, which LRU-K takes, grows
 * with the stack itself), a replay barely does.
 * `bench/suites/curveChoice.ts` checks on the bench streams that the cheaper estimate is the
 * faster path.
 */
import { COUNTING_THREAD_AFTER } from './onePass/depthCounters.js';

/** How a curve is computed: one pass over the trace for every size, or one replay per size. */
export type CurveMethod = 'one-pass' | 'per-size';

export interface CurveWork {
  /** Registered policy name. */
  policy: string;
  /** Memory sizes asked for (runs per configuration). */
  sizes: number;
  references: number;
  /** Distinct pages of the trace. */
  pages: number;
  /** Release records in the trace, and records of warm-up: OPT's engine depends on both. */
  releases: number;
  warmupRecords: number;
  /** Worker threads for replays. */
  jobs: number;
  /** Whether the policy, with its parameters, has a one-pass engine. */
  hasOnePass: boolean;
  /** A method the user asked for (`--one-pass`, `--per-size`): taken when possible. */
  force?: CurveMethod;
}

/** Nanoseconds per reference of one replay at one size. */
const REPLAY_NS: Record<string, number> = { lru: 29, opt: 85, 'lru-k': 111 };

/** OPT's critical markers without releases (WebAssembly): two 16-ary trees, ~0.27 µs per reference at 50,000 pages, ~0.40 µs at 615,000. */
const markersNs = (pages: number): number => Math.max(225, 37 * (Math.log2(Math.max(1, pages)) - 8.3));

/**
 * A pass past COUNTING_THREAD_AFTER records counts on a second thread beside the engine, which
 * divides its time by this: OPT's whole curve without releases took 1.20–1.57× less time, median
 * 1.24, back to back on the 20M stream (load 3.3–4.4); LRU's 1.9× less (the curvechoice suite's
 * LRU curve, 4.42 s before, 2.28–2.32 s after, loads 1.6–1.8). With releases OPT's engine thread
 * carries the non-live pages' order too, and its estimate keeps the measured 3× without a gain.
 */
const counted = (w: CurveWork, gain: number): number => (w.references > COUNTING_THREAD_AFTER ? gain : 1);

/** Nanoseconds per reference of a one-pass curve (every counter, every size) for `w`. */
const ONE_PASS_NS: Record<string, (w: CurveWork) => number> = {
  // Counting on the engine's thread: 110 ns at 50,000 pages, 217 ns at 615,000, about 30 ns more per doubling of the pages.
  lru: (w) => Math.max(60, 30 * (Math.log2(Math.max(1, w.pages)) - 12)) / counted(w, 1.9),
  // Critical markers (every run: onePass/optMarkersCurves.ts). With releases they run over the
  // pages' incarnations (pages + releases) and the non-live pages' order (JavaScript) costs about
  // twice as much again (3× measured); a warm-up adds an engine over its records (its depths
  // only, on one thread).
  opt: (w) =>
    (w.releases > 0 ? 3 * markersNs(w.pages + w.releases) : markersNs(w.pages) / counted(w, 1.24)) +
    (markersNs(w.pages) * w.warmupRecords) / Math.max(1, w.references),
  'lru-k': (w) => Math.max(1000, 0.22 * w.pages),
};

/** Start-up of a pool of worker threads (each loads the simulator and maps the shared trace). */
const POOL_SECONDS = 0.2;

/** Estimated seconds for each path (one-pass: Infinity without an engine). */
export function curveCosts(w: CurveWork): Record<CurveMethod, number> {
  const replay = REPLAY_NS[w.policy] ?? REPLAY_NS.lru!;
  const jobs = Math.max(1, Math.min(w.jobs, w.sizes));
  const perSize = (Math.ceil(w.sizes / jobs) * w.references * replay) / 1e9 + (jobs > 1 ? POOL_SECONDS : 0);
  const engine = ONE_PASS_NS[w.policy];
  const onePass = w.hasOnePass ? (w.references * (engine ?? ONE_PASS_NS.lru!)(w)) / 1e9 : Infinity;
  return { 'one-pass': onePass, 'per-size': perSize };
}

/** The method the options force (`perSize`, `onePass`: the CLI's `--per-size`, `--one-pass`), if any. */
export function forcedCurveMethod(options: { perSize?: boolean; onePass?: boolean }): CurveMethod | undefined {
  return options.perSize ? 'per-size' : options.onePass ? 'one-pass' : undefined;
}

/** The method for a curve: the forced one when possible, else the cheaper estimate. */
export function chooseCurveMethod(w: CurveWork): CurveMethod {
  if (!w.hasOnePass) return 'per-size';
  if (w.force) return w.force;
  const cost = curveCosts(w);
  return cost['one-pass'] < cost['per-size'] ? 'one-pass' : 'per-size';
}

/** The smallest number of sizes from which one pass is estimated faster (Infinity when never below `limit`). */
export function breakEvenSizes(w: Omit<CurveWork, 'sizes' | 'force'>, limit = 100_000): number {
  let lo = 1;
  let hi = limit;
  if (chooseCurveMethod({ ...w, sizes: hi }) === 'per-size') return Infinity;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (chooseCurveMethod({ ...w, sizes: mid }) === 'one-pass') hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

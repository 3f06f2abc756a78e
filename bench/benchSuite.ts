/**
 * What a benchmark suite reports. Each suite lives in `bench/suites/<name>.ts` and is listed in
 * `bench/suites/index.ts`; `npm run bench` runs them, writes bench/results/<suite>.json and prints
 * every figure beside the previous run's.
 */

export interface BenchFigure {
  /** Stable identifier, e.g. "decode.binary.memory" or "policy.lru.zipf20m". */
  name: string;
  value: number;
  unit: string;
  /** Which direction is an improvement, for the comparison with the previous run. */
  better: 'higher' | 'lower';
  /** Context that makes runs comparable (misses, sizes, trace length…), not compared. */
  context?: Record<string, number | string>;
}

export interface BenchContext {
  /** Folder for generated inputs that may be reused between runs (bench/.cache). */
  cacheDir: string;
  /** Scale factor from the command line (`--scale 0.1` for a quick run). */
  scale: number;
  /** Progress lines go here (stderr). */
  log(message: string): void;
}

export interface BenchSuite {
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<BenchFigure[]>;
}

/** Seconds taken by `fn`, using the monotonic clock. */
export async function timed<T>(fn: () => T | Promise<T>): Promise<{ seconds: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, value };
}

/**
 * Builds results files for report tests from a few numbers per run, filling the other counters so
 * that they add up (hits + faults = references, compulsory + capacity = faults, anon + file splits).
 */
import { RESULTS_SCHEMA, zeroCounters, type Results, type RunResult } from '../../simulators/results.js';

export interface RunSpec {
  policy: string;
  label?: string;
  frames: number;
  faults: number;
  mode?: RunResult['mode'];
  partition?: { anonFrames: number; fileFrames: number };
  window?: number;
  softFaults?: number;
  writebacks?: number;
  /** Share of the faults that are anonymous (default 0.5); kinds are zero for basic streams. */
  anonShare?: number;
}

export interface ResultsSpec {
  name?: string;
  format?: 'basic' | 'basic-named';
  pageSize?: number;
  references: number;
  pages: number;
  warmup?: number;
  compulsoryFloor: number;
  runs: RunSpec[];
}

/** Seconds per event of the cost model the builder uses. */
export const UNIT_COSTS = { fault: 1e-4, writeBack: 2e-4, softFault: 1e-6 };

export function makeRun(spec: RunSpec, references: number, compulsory: number, named: boolean): RunResult {
  const c = zeroCounters();
  const capacity = spec.faults - compulsory;
  const anonCompulsory = named ? Math.round(compulsory * (spec.anonShare ?? 0.5)) : 0;
  const anonCapacity = named ? Math.round(capacity * (spec.anonShare ?? 0.5)) : 0;
  Object.assign(c, {
    references,
    hits: references - spec.faults,
    faults: spec.faults,
    compulsoryFaults: compulsory,
    capacityFaults: capacity,
    anonCompulsory,
    anonCapacity,
    fileCompulsory: named ? compulsory - anonCompulsory : 0,
    fileCapacity: named ? capacity - anonCapacity : 0,
    softFaults: spec.softFaults ?? 0,
    evictions: Math.max(0, spec.faults - Math.floor(spec.frames)),
    writebacks: spec.writebacks ?? 0,
    anonWritebacks: spec.writebacks ?? 0,
  });
  const seconds = {
    fault: spec.faults * UNIT_COSTS.fault,
    writeBack: c.writebacks * UNIT_COSTS.writeBack,
    softFault: c.softFaults * UNIT_COSTS.softFault,
  };
  const run: RunResult = {
    policy: spec.policy,
    label: spec.label ?? spec.policy,
    params: {},
    mode: spec.mode ?? 'unified',
    frames: spec.frames,
    method: 'per-size',
    counters: c,
    missRatio: spec.faults / references,
    cost: { seconds: seconds.fault + seconds.writeBack + seconds.softFault, parts: seconds },
  };
  if (spec.partition) {
    // Built apart from the literal so that it fits the schema with or without anonShare.
    const partition = { anonShare: spec.partition.anonFrames / spec.frames, ...spec.partition };
    run.partition = partition;
  }
  if (spec.window !== undefined) run.window = spec.window;
  return run;
}

export function makeResults(spec: ResultsSpec): Results {
  const format = spec.format ?? 'basic-named';
  const pageSize = spec.pageSize ?? 4096;
  const counted = spec.references - (spec.warmup ?? 0);
  const runs = spec.runs.map((r) => makeRun(r, counted, spec.compulsoryFloor, format === 'basic-named'));
  const anonPages = format === 'basic-named' ? Math.floor(spec.pages / 2) : 0;
  return {
    schema: RESULTS_SCHEMA,
    tool: { name: 'faultline', version: '0.1.0' },
    command: `faultline simulate ${spec.name ?? 'demo'}.bin --policies ${[...new Set(spec.runs.map((r) => r.policy))].join(',')}`,
    trace: {
      name: spec.name ?? 'demo',
      file: `${spec.name ?? 'demo'}.bin`,
      format,
      pageSize,
      records: spec.references,
      references: spec.references,
      releases: 0,
      pages: spec.pages,
      anonPages,
      filePages: format === 'basic-named' ? spec.pages - anonPages : 0,
      footprintBytes: spec.pages * pageSize,
    },
    warmup: spec.warmup ?? 0,
    costModel: { name: 'test', unitCosts: { ...UNIT_COSTS } },
    sizes: [...new Set(spec.runs.filter((r) => r.window === undefined).map((r) => r.frames))].sort((a, b) => a - b),
    compulsoryFloor: spec.compulsoryFloor,
    runs,
  };
}

/**
 * The hand-checked example of the report tests (sizes 4…20 frames, 200 references, floor 12):
 * the knees and the sizes within 10% of OPT are worked out by hand in reports.test.ts.
 */
export function handExample(): Results {
  const sizes = [4, 8, 12, 16, 20];
  const curve = (policy: string, faults: number[], extra: Partial<RunSpec> = {}): RunSpec[] =>
    sizes.map((frames, i) => ({ policy, frames, faults: faults[i]!, writebacks: Math.round(faults[i]! / 4), ...extra }));
  return makeResults({
    name: 'hand',
    references: 200,
    pages: 20,
    compulsoryFloor: 12,
    runs: [
      ...curve('lru', [100, 50, 24, 16, 12]),
      ...curve('fifo', [110, 70, 40, 17, 13]),
      ...curve('segq', [90, 45, 22, 15, 12], { softFaults: 30 }),
      ...curve('opt', [60, 30, 20, 15, 12]),
      { policy: 'ws', frames: 3.5, window: 2, faults: 90 },
      { policy: 'ws', frames: 7.25, window: 4, faults: 40 },
      { policy: 'ws', frames: 11, window: 8, faults: 22 },
      // Two splits at 8 and 16 frames: the series keeps the one with fewer faults (ties: fewer anon frames).
      { policy: 'lru', mode: 'partitioned', frames: 8, faults: 60, partition: { anonFrames: 4, fileFrames: 4 } },
      { policy: 'lru', mode: 'partitioned', frames: 8, faults: 55, partition: { anonFrames: 2, fileFrames: 6 } },
      { policy: 'lru', mode: 'partitioned', frames: 12, faults: 30, partition: { anonFrames: 6, fileFrames: 6 } },
      { policy: 'lru', mode: 'partitioned', frames: 16, faults: 18, partition: { anonFrames: 8, fileFrames: 8 } },
      { policy: 'lru', mode: 'partitioned', frames: 16, faults: 18, partition: { anonFrames: 4, fileFrames: 12 } },
      { policy: 'opt', mode: 'partitioned', frames: 8, faults: 40, partition: { anonFrames: 4, fileFrames: 4 } },
      { policy: 'opt', mode: 'partitioned', frames: 12, faults: 25, partition: { anonFrames: 6, fileFrames: 6 } },
      { policy: 'opt', mode: 'partitioned', frames: 16, faults: 16, partition: { anonFrames: 8, fileFrames: 8 } },
    ],
  });
}

/**
 * The plan of a simulation run, one definition for every driver (a loaded trace: simulate.ts; a
 * streamed one: streamSimulate.ts; the reuse profile): the memory sizes, the warm-up, where counting
 * starts and the compulsory floor, and the trace's summary in results files. The drivers differ only
 * in how the records reach the policies.
 */
import { UsageError, type LoadedTrace } from '../traces/index.js';
import { autoSizes, parseSizes, parseWarmup } from './memorySizes.js';
import type { TraceSummary } from './results.js';
import { RunTally } from './runTally.js';

/**
 * Memory sizes: numbers are frames, taken as given (never read again as text: 2.5 is no fraction);
 * strings are the user syntax of memorySizes.ts (`auto`, `64MiB`, `10%`, `A:B:STEP`…). Default `auto`.
 */
export type SizesOption = string | readonly (string | number)[];

export interface PlanOptions {
  sizes?: SizesOption;
  /** References to warm up on: a count, or a fraction below 1 (`0.1`, `'10%'`). Default none. */
  warmup?: string | number;
}

/** What a plan needs to know of the trace. */
export interface TraceFacts {
  /** Distinct pages (the footprint in frames). */
  pages: number;
  pageSize: number;
  references: number;
}

export interface RunPlan {
  /** Memory sizes in frames, ascending, without duplicates. */
  sizes: number[];
  /** References replayed before counting starts. */
  warmupReferences: number;
}

export function planRun(facts: TraceFacts, options: PlanOptions = {}): RunPlan {
  return {
    sizes: resolveSizes(options.sizes, { footprint: facts.pages, pageSize: facts.pageSize }),
    warmupReferences: parseWarmup(options.warmup, facts.references),
  };
}

export function resolveSizes(spec: SizesOption | undefined, ctx: { footprint: number; pageSize: number }): number[] {
  if (spec === undefined) return autoSizes(ctx.footprint);
  if (typeof spec === 'string') return parseSizes(spec, ctx);
  const texts = spec.filter((s): s is string => typeof s === 'string');
  const frames = spec.filter((s): s is number => typeof s === 'number');
  for (const f of frames) {
    if (!(Number.isInteger(f) && f >= 1)) throw new UsageError(`bad memory size ${f}: a number of frames must be a whole number ≥ 1`);
  }
  if (frames.length === 0) return parseSizes(texts, ctx);
  return [...new Set([...frames, ...(texts.length ? parseSizes(texts, ctx) : [])])].sort((a, b) => a - b);
}

export interface LoadedRunPlan extends RunPlan {
  /** The record where counting starts. */
  warmupRecords: number;
  /** Compulsory faults after warm-up. */
  compulsoryFloor: number;
  /** Pages whose last reference is anonymous, and file-backed (the results' trace summary). */
  anonPages: number;
  filePages: number;
}

/** The plan of a run over a loaded trace, with what RunTally finds in one pass over it. */
export function planLoadedRun(trace: LoadedTrace, options: PlanOptions = {}): LoadedRunPlan {
  const plan = planRun({ pages: trace.pageCount, pageSize: trace.pageSize, references: trace.references }, options);
  const tally = new RunTally(trace.pageCount, plan.warmupReferences);
  tally.scan(trace.pages, trace.codes, trace.length);
  return { ...plan, warmupRecords: tally.warmupRecords, compulsoryFloor: tally.floor, ...tally.pagesByKind() };
}

/** The counts a results file's trace summary is made of. */
export type TraceCounts = Omit<TraceSummary, 'footprintBytes'>;

export function traceSummary(counts: TraceCounts): TraceSummary {
  return { ...counts, footprintBytes: counts.pages * counts.pageSize };
}

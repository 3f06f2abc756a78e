/**
 * The plan of a simulation run, one definition for every driver (a loaded trace: simulate.ts; a
 * streamed one: streamSimulate.ts; the reuse profile): the memory sizes, the warm-up, where counting
 * starts and the compulsory floor, and the trace's summary in results files. The drivers differ only
 * in how the records reach the policies.
 */
import { UsageError, type LoadedTrace } from '../traces/index.js';
import { KIND_ANON, KIND_FILE, KIND_SHIFT, RELEASE_BIT } from '../traces/operations.js';
import { autoSizes, parseSizes, parseWarmup } from './memorySizes.js';
import type { TraceSummary } from './results.js';

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

/**
 * What a run counts of its trace, reading it once in order (whole, or chunk by chunk as a streamed
 * run replays it): references and releases; the record where counting starts (right after the last
 * warm-up reference); the compulsory floor (distinct pages first referenced from there on); the
 * pages by the kind of their last reference; and whether pages are dense in first-appearance order
 * (each page at most one above every page before it, as a loaded trace's TraceBuffer checks). Pages
 * must be below `pageCount`: a byte per page replaces a page set.
 */
export class RunTally {
  /** Record index where counting starts; -1 while the warm-up lasts. */
  record: number;
  floor = 0;
  records = 0;
  references = 0;
  /** One above the highest page seen while pages are dense (then the distinct pages). */
  next = 0;
  dense = true;
  /** Releases among the records of the last scan. */
  lastReleases = 0;
  /** Per page: 0 before its first reference, else SEEN | the kind of its last reference. */
  private readonly state: Uint8Array;

  constructor(pageCount: number, private readonly warmupReferences: number) {
    this.state = new Uint8Array(pageCount);
    this.record = warmupReferences === 0 ? 0 : -1;
  }

  get releases(): number {
    return this.records - this.references;
  }

  /**
   * Counts the next `length` records; returns where counting starts relative to them: beyond
   * `length` while the warm-up goes on, at most 0 when it began before them.
   */
  scan(pages: Uint32Array, codes: Uint8Array, length: number): number {
    const base = this.records;
    const state = this.state;
    const warmup = this.warmupReferences;
    let { record, references, floor, next, dense } = this;
    for (let i = 0; i < length; i++) {
      const c = codes[i]!;
      const p = pages[i]!;
      if (p >= next) {
        if (p === next) next++;
        else dense = false;
      }
      if (c & RELEASE_BIT) continue;
      references++;
      if (record < 0 && references === warmup) record = base + i + 1;
      if (state[p] === 0 && record >= 0 && base + i >= record) floor++;
      state[p] = SEEN | (c >> KIND_SHIFT);
    }
    this.lastReleases = length - (references - this.references);
    Object.assign(this, { record, references, floor, next, dense });
    this.records += length;
    return record < 0 ? length + 1 : record - base;
  }

  /** Pages whose last reference is anonymous, and file-backed. */
  pagesByKind(): { anonPages: number; filePages: number } {
    let anonPages = 0;
    let filePages = 0;
    const state = this.state;
    for (let p = 0; p < state.length; p++) {
      const kind = state[p]! & ~SEEN;
      if (kind === KIND_ANON) anonPages++;
      else if (kind === KIND_FILE) filePages++;
    }
    return { anonPages, filePages };
  }

  /** The record where counting starts (the end of the trace when warm-up never ended). */
  get warmupRecords(): number {
    return this.record < 0 ? this.records : this.record;
  }
}

/** The plan of a run over a loaded trace, with what RunTally finds in one pass over it. */
export function planLoadedRun(trace: LoadedTrace, options: PlanOptions = {}): LoadedRunPlan {
  const plan = planRun({ pages: trace.pageCount, pageSize: trace.pageSize, references: trace.references }, options);
  const tally = new RunTally(trace.pageCount, plan.warmupReferences);
  tally.scan(trace.pages, trace.codes, trace.length);
  return { ...plan, warmupRecords: tally.warmupRecords, compulsoryFloor: tally.floor, ...tally.pagesByKind() };
}

const SEEN = 0x80;

/** The counts a results file's trace summary is made of. */
export type TraceCounts = Omit<TraceSummary, 'footprintBytes'>;

export function traceSummary(counts: TraceCounts): TraceSummary {
  return { ...counts, footprintBytes: counts.pages * counts.pageSize };
}

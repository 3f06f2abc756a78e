/**
 * What a run counts of its trace in one pass (runPlan.ts plans on it; streamed runs count while they
 * replay). Its own module, with nothing but the record codes, for the read-ahead worker to load
 * quickly (chunksAheadWorker.ts).
 */
import { KIND_ANON, KIND_FILE, KIND_SHIFT, RELEASE_BIT } from '../traces/operations.js';

/** What a whole pass counted. */
export interface TallyFacts {
  records: number;
  references: number;
  releases: number;
  /** The record where counting starts (the end of the trace when warm-up never ended). */
  warmupRecords: number;
  floor: number;
  /** One above the highest page seen while dense: the distinct pages of a dense trace. */
  next: number;
  dense: boolean;
  anonPages: number;
  filePages: number;
}

/**
 * What a run counts of its trace, reading it once in order (whole, or chunk by chunk as a streamed
 * run replays it): references and releases; the record where counting starts (right after the last
 * warm-up reference); the compulsory floor (distinct pages first referenced from there on); the
 * pages by the kind of their last reference; and whether pages are dense in first-appearance order
 * (each page at most one above every page before it, as a loaded trace's TraceBuffer checks). Pages
 * must be below `pageCount`: a byte per page replaces a page set (a bitmap measured slower).
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
   * Counts the next `length` records; returns where counting starts among them (a chunk's
   * CountedChunk.warmEnd): `length + 1` while the warm-up goes on, 0 when it began before them.
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
    return record < 0 ? length + 1 : Math.max(0, record - base);
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

/** The facts of a finished tally. */
export function tallyFacts(tally: RunTally): TallyFacts {
  const { records, references, releases, warmupRecords, floor, next, dense } = tally;
  return { records, references, releases, warmupRecords, floor, next, dense, ...tally.pagesByKind() };
}

const SEEN = 0x80;

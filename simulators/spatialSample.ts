/**
 * Spatial sampling of a trace (Waldspurger, Park, Garthwaite & Ahmad, "Efficient MRC Construction
 * with SHARDS", FAST 2015): a page is in the sample when a fixed hash of its number falls below a
 * threshold, so every reference to a sampled page is kept and reuse is preserved within the
 * sample. The hash is MurmurHash3's 32-bit finaliser (fmix32, Appleby 2011) of the canonical page
 * number XOR 0x9e3779b9 (so that page 0 does not hash to 0): a bijection on 32 bits with full
 * avalanche, fixed (no seed), so a sample is reproducible and nested: a lower rate keeps a subset
 * of a higher rate's pages.
 */
import { TraceBuffer, UsageError, type LoadedTrace } from '../traces/index.js';
import { RELEASE_BIT } from '../traces/operations.js';

const TWO_32 = 4294967296;

/** The page's hash, an unsigned 32-bit integer. */
export function pageHash(page: number): number {
  let h = (page ^ 0x9e3779b9) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The page whose hash is `h` (fmix32 is a bijection: its steps undone in reverse order). */
export function pageOfHash(h: number): number {
  h = (h ^ (h >>> 16)) >>> 0;
  h = Math.imul(h, 0x7ed1b41d);
  h = (h ^ (h >>> 13) ^ (h >>> 26)) >>> 0;
  h = Math.imul(h, 0xa5cb9243);
  h ^= h >>> 16;
  return (h ^ 0x9e3779b9) >>> 0;
}

/** The hash threshold of a sampling rate: pages with pageHash(p) < threshold are sampled. */
export function sampleThreshold(rate: number): number {
  if (!(rate > 0 && rate <= 1)) throw new UsageError(`a sampling rate lies in (0, 1], got ${rate}`);
  return Math.min(TWO_32, Math.ceil(rate * TWO_32));
}

export interface SampledTrace {
  /** The sampled records, pages renumbered densely in first-appearance order. */
  trace: LoadedTrace;
  /** The rate asked for (the share of pages sampled, in expectation). */
  rate: number;
  /** Sampled records before the original warm-up record. */
  warmupRecords: number;
  /** Distinct pages of the original trace (the sample's are `trace.pageCount`). */
  pages: number;
  /** References counted (after warm-up) in the original trace and in the sample. */
  references: number;
  sampledReferences: number;
}

export function sampleTrace(trace: LoadedTrace, rate: number, warmupRecords = 0): SampledTrace {
  const threshold = sampleThreshold(rate);
  const { pages, codes, length } = trace;
  const id = new Int32Array(trace.pageCount).fill(-1);
  let ids = 0;
  const out = new TraceBuffer(Math.max(16, Math.ceil(length * rate * 1.2)));
  let warm = 0;
  let references = 0;
  let sampledReferences = 0;
  for (let i = 0; i < length; i++) {
    const c = codes[i]!;
    const p = pages[i]!;
    const counted = i >= warmupRecords && (c & RELEASE_BIT) === 0;
    if (counted) references++;
    if (pageHash(p) >= threshold) continue;
    if (id[p]! < 0) id[p] = ids++;
    out.push(c, id[p]!);
    if (i < warmupRecords) warm++;
    if (counted) sampledReferences++;
  }
  const sampled = out.finish({ name: `${trace.name} (sampled ${rate})`, format: trace.format, pageSize: trace.pageSize }, ids);
  return { trace: sampled, rate, warmupRecords: warm, pages: trace.pageCount, references, sampledReferences };
}

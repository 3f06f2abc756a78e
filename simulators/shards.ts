/**
 * Approximate LRU curves by SHARDS (Waldspurger, Park, Garthwaite & Ahmad, "Efficient MRC
 * Construction with SHARDS", FAST 2015): only references to spatially sampled pages
 * (spatialSample.ts) go through the LRU stack, and each sampled stack distance d stands for a
 * distance of d / R in the whole trace.
 *  - Fixed rate: R stays put. SHARDS_adj: the histogram's first bucket takes the difference between
 *    the expected (N·R) and the actual number of sampled references, which corrects most of the
 *    error that a few hot pages falling in or out of the sample cause.
 *  - Fixed size: at most `maxPages` sampled pages are tracked; when one more arrives, the page with
 *    the largest hash leaves the sample and the threshold drops to its hash, so R shrinks as the
 *    footprint grows. Each reference counts with weight 1/R at its time (the paper rescales the
 *    histogram by R_new/R_old instead: the same proportions).
 * Only the faults are estimated (with their compulsory/capacity split); the other counters are 0.
 */
import { UsageError, type LoadedTrace } from '../traces/index.js';
import { RELEASE_BIT } from '../traces/operations.js';
import { LruStack } from './onePass/lruCurve.js';
import { NOT_IN_STACK } from './onePass/depthCounters.js';
import { MaxHeap } from './onePass/slotHeap.js';
import { zeroCounters, type Counters } from './results.js';
import { pageHash, pageOfHash, sampleThreshold } from './spatialSample.js';

const TWO_32 = 4294967296;

export interface ShardsOptions {
  /** Sampling rate (fixed-rate SHARDS), or the starting rate with `maxPages`. */
  rate: number;
  /** Fixed-size SHARDS: the most sampled pages tracked at once. */
  maxPages?: number;
  /** Fixed rate: apply SHARDS_adj (default true). */
  adjust?: boolean;
}

export interface ShardsCurve {
  counters: Counters[];
  /** The sampling rate at the end (fixed-size SHARDS lowers it). */
  finalRate: number;
  sampledReferences: number;
}

export function shardsCurve(trace: LoadedTrace, options: ShardsOptions, sizes: number[], warmupRecords = 0): ShardsCurve {
  let threshold = sampleThreshold(options.rate);
  const maxPages = options.maxPages ?? Infinity;
  if (!(Number.isInteger(maxPages) && maxPages >= 1) && maxPages !== Infinity) throw new UsageError(`SHARDS needs a whole number of sampled pages ≥ 1, got ${maxPages}`);
  const { pages, codes, length, pageCount } = trace;
  // Dense ids for the pages that pass the starting threshold; the stack is sized by them.
  const id = new Int32Array(pageCount).fill(-1);
  let ids = 0;
  for (let p = 0; p < pageCount; p++) if (pageHash(p) < threshold) id[p] = ids++;
  const stack = new LruStack(Math.max(1, ids));
  const inStack = new Uint8Array(Math.max(1, ids));
  const seen = new Uint8Array(Math.max(1, ids));
  const tracked = new MaxHeap();
  let live = 0;
  const top = pageCount + 1;
  const histogram = new Float64Array(top + 1);
  let compulsory = 0;
  let coldAgain = 0;
  let references = 0;
  let sampled = 0;
  let weight = TWO_32 / threshold;
  for (let i = 0; i < length; i++) {
    const p = pages[i]!;
    const c = codes[i]!;
    const counted = i >= warmupRecords && (c & RELEASE_BIT) === 0;
    if (counted) references++;
    const h = pageHash(p);
    if (h >= threshold) continue;
    const q = id[p]!;
    if (c & RELEASE_BIT) {
      if (inStack[q]) {
        stack.release(q);
        inStack[q] = 0;
      }
      continue;
    }
    const d = stack.reference(q);
    if (!inStack[q]) {
      inStack[q] = 1;
      // A page enters the tracked set once per life in the stack (its hash names it); stale entries are skipped.
      tracked.push(h);
      live++;
    }
    if (counted) {
      sampled++;
      if (d === NOT_IN_STACK) {
        if (seen[q]) coldAgain += weight;
        else compulsory += weight;
      } else {
        histogram[Math.min(top, Math.ceil(d * weight))]! += weight;
      }
    }
    seen[q] = 1;
    while (live > maxPages) {
      const largest = tracked.pop();
      const victim = id[pageOfHash(largest)]!;
      if (!inStack[victim]) continue;
      stack.forget(victim);
      inStack[victim] = 0;
      live--;
      threshold = largest;
      weight = TWO_32 / threshold;
    }
  }
  if (options.maxPages === undefined && options.adjust !== false && references > 0) {
    // SHARDS_adj: expected minus actual sampled references, as hits at every size.
    histogram[1]! += references - sampled * weight;
  }
  const total = compulsory + coldAgain + histogram.reduce((a, b) => a + b, 0);
  const scale = total > 0 ? references / total : 0;
  const deeper = new Float64Array(top + 2);
  for (let d = top; d >= 0; d--) deeper[d] = deeper[d + 1]! + histogram[d]!;
  const counters = sizes.map((size) => {
    const c = zeroCounters();
    c.references = references;
    c.compulsoryFaults = Math.round(compulsory * scale);
    c.faults = Math.min(references, Math.round((compulsory + coldAgain + deeper[Math.min(top, size) + 1]!) * scale));
    c.capacityFaults = Math.max(0, c.faults - c.compulsoryFaults);
    c.faults = c.compulsoryFaults + c.capacityFaults;
    c.hits = references - c.faults;
    return c;
  });
  return { counters, finalRate: threshold / TWO_32, sampledReferences: sampled };
}

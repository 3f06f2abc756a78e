/** The brute-force reading of SHARDS (Waldspurger et al., FAST 2015), compared with simulators/shards.ts. */
import { pageHash, type LoadedTrace } from '../../index.js';

const TWO_32 = 4294967296;

/** LRU stack distances of the sampled references, by linear search, and the SHARDS miss ratios from them. */
export function naiveShards(trace: LoadedTrace, rate: number, sizes: number[], maxPages = Infinity, warmup = 0): number[] {
  let threshold = Math.ceil(rate * TWO_32);
  const stack: number[] = []; // most recent first
  const seen = new Set<number>();
  const histogram = new Map<number, number>();
  let cold = 0;
  let references = 0;
  let sampled = 0;
  for (let i = 0; i < trace.length; i++) {
    const p = trace.pages[i]!;
    const release = (trace.codes[i]! & 4) !== 0;
    if (!release && i >= warmup) references++;
    if (pageHash(p) >= threshold) continue;
    const at = stack.indexOf(p);
    if (release) {
      if (at >= 0) stack.splice(at, 1, -1); // a hole keeps its place
      continue;
    }
    const weight = TWO_32 / threshold;
    if (i >= warmup) {
      sampled++;
      if (at < 0) cold += weight;
      else histogram.set(Math.ceil((at + 1) * weight), (histogram.get(Math.ceil((at + 1) * weight)) ?? 0) + weight);
    }
    seen.add(p);
    if (at >= 0) {
      // The first hole above the page is filled; its own place becomes the hole.
      const hole = stack.indexOf(-1);
      if (hole >= 0 && hole < at) {
        stack.splice(hole, 1);
        stack.splice(at - 1, 0, -1);
      }
      stack.splice(stack.indexOf(p), 1);
    } else {
      const hole = stack.indexOf(-1);
      if (hole >= 0) stack.splice(hole, 1);
    }
    stack.unshift(p);
    while (stack.filter((q) => q >= 0).length > maxPages) {
      const victim = stack.filter((q) => q >= 0).reduce((a, b) => (pageHash(a) > pageHash(b) ? a : b));
      stack.splice(stack.indexOf(victim), 1);
      threshold = pageHash(victim);
    }
  }
  if (maxPages === Infinity) histogram.set(1, (histogram.get(1) ?? 0) + references - sampled * (TWO_32 / threshold));
  const total = cold + [...histogram.values()].reduce((a, b) => a + b, 0);
  return sizes.map((m) => {
    let misses = cold;
    for (const [d, w] of histogram) if (d > m) misses += w;
    return Math.min(references, Math.round((misses * references) / total));
  });
}

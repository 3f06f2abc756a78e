/**
 * Partitioned routing has one definition (KindRouter): the split of a loaded trace and the routing
 * of a stream chunk by chunk must both equal a brute-force split — each record to the pool of its
 * kind, a release to the pool of the page it releases — and the index mapping must count exactly.
 */
import { describe, expect, it } from 'vitest';
import { KIND_ANON, KIND_SHIFT, RELEASE_BIT } from '../../traces/operations.js';
import { KindRouter, splitByKind } from '../../simulators/partition.js';
import { randomInt, rng } from '../helpers/random.js';
import { randomTrace } from '../helpers/randomStreams.js';

/** The obviously-correct split: kinds of released pages looked up in a map of every page's kind. */
function referenceSplit(pages: ArrayLike<number>, codes: ArrayLike<number>, length: number): { anon: number[]; file: number[]; anonBefore: number[] } {
  const kindOf = new Map<number, number>();
  const anon: number[] = [];
  const file: number[] = [];
  const anonBefore = [0];
  for (let i = 0; i < length; i++) {
    const c = codes[i]!;
    const kind = c & RELEASE_BIT ? kindOf.get(pages[i]!)! : c >> KIND_SHIFT;
    kindOf.set(pages[i]!, kind);
    (kind === KIND_ANON ? anon : file).push(i);
    anonBefore.push(anon.length);
  }
  return { anon, file, anonBefore };
}

describe('routing records to the anonymous and file pools', () => {
  it.each([1, 2, 3, 4])('seed %i: splitByKind and chunked KindRouter equal the brute-force split, at every index', (seed) => {
    // 4096 and 8192 records: the index mapping's block boundary falls on the trace's end.
    const length = [4096, 5000, 8192, 777][seed - 1]!;
    const trace = randomTrace(seed, { length, universe: 300, named: true, releaseRate: 0.05 });
    const want = referenceSplit(trace.pages, trace.codes, trace.length);
    const pick = (idx: number[]): { pages: number[]; codes: number[] } => ({ pages: idx.map((i) => trace.pages[i]!), codes: idx.map((i) => trace.codes[i]!) });
    const records = (t: { pages: Uint32Array; codes: Uint8Array; length: number }): { pages: number[]; codes: number[] } => ({ pages: [...t.pages.subarray(0, t.length)], codes: [...t.codes.subarray(0, t.length)] });

    const split = splitByKind(trace);
    expect(records(split.anon)).toEqual(pick(want.anon));
    expect(records(split.file)).toEqual(pick(want.file));
    const indices = Array.from({ length: trace.length + 1 }, (_, i) => i);
    expect(indices.map((i) => split.anonBefore(i))).toEqual(want.anonBefore);
    expect(indices.map((i) => split.fileBefore(i))).toEqual(indices.map((i) => i - want.anonBefore[i]!));

    const router = new KindRouter(trace.pageCount);
    const r = rng(seed);
    const got = { anon: { pages: [] as number[], codes: [] as number[] }, file: { pages: [] as number[], codes: [] as number[] } };
    for (let at = 0; at < trace.length; ) {
      const end = Math.min(trace.length, at + 1 + randomInt(r, 900));
      router.route({ pages: trace.pages.subarray(at, end), codes: trace.codes.subarray(at, end), length: end - at });
      for (const k of ['anon', 'file'] as const) {
        got[k].pages.push(...router[k].pages.subarray(0, router[k].length));
        got[k].codes.push(...router[k].codes.subarray(0, router[k].length));
      }
      at = end;
    }
    expect(got.anon).toEqual(pick(want.anon));
    expect(got.file).toEqual(pick(want.file));
  });
});

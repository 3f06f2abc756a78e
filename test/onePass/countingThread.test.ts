/**
 * Counting on a second thread (countingThread.ts) gives the counters of counting on the engine's
 * thread (DepthCounters fed record by record, as before), whatever the engine, the writes and
 * kinds, the releases, the warm-up record, the chunks a stream comes in and the record at which
 * the count moves to the thread; OPT's engine there takes its depths a batch at a time inside
 * WebAssembly (`referenceAll`), which equals one call per reference across squeezes and growth.
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import type { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { RELEASE_BIT, type LoadedTrace } from '../../traces/index.js';
import { DepthPass, LruStack, type StackEngine } from '../../simulators/onePass/index.js';
import { DepthCounters, TICK_RECORDS, countDepths } from '../../simulators/onePass/depthCounters.js';
import { CountingThread } from '../../simulators/onePass/countingThread.js';
import { lruKStack } from '../../simulators/onePass/priorityCurves.js';
import { OptMarkersStack } from '../../simulators/onePass/optMarkersCurves.js';
import { OptFutureStack, OptLookAhead } from '../../simulators/onePass/optStreamedFuture.js';
import { OptCriticalMarkers } from '../../simulators/onePass/optCriticalMarkers.js';
import { randomInt, rng } from '../helpers/random.js';
import { randomTrace } from '../helpers/randomStreams.js';
import { attached } from '../helpers/slotRings.js';
import type { SlotRing } from '../../simulators/slotRing.js';

const SIZES = Array.from({ length: 60 }, (_, k) => 1 + k * 2);

/** The trace fed in chunks of random sizes (a loaded trace when `maxChunk` covers it), moving to the thread after `threadAfter` records. */
function fed(trace: LoadedTrace, warmupRecords: number, engine: StackEngine, threadAfter: number, maxChunk: number, seed: number): DepthCounters {
  const r = rng(seed);
  const pass = new DepthPass(trace.pageCount, warmupRecords, engine, undefined, { threadAfter });
  for (let base = 0; base < trace.length; ) {
    const n = Math.min(trace.length - base, 1 + randomInt(r, maxChunk));
    pass.feed(trace.pages.subarray(base, base + n), trace.codes.subarray(base, base + n), n);
    base += n;
  }
  return pass.finish();
}

describe('counting on a second thread equals counting on the engine’s thread', () => {
  for (let seed = 1; seed <= 54; seed++) {
    it(`seed ${seed}`, () => {
      const r = rng(seed * 7919);
      const kind = ['lru', 'lru-k', 'opt'][seed % 3]!;
      const releases = seed % 4 !== 1;
      // Long enough for a few slots of the ring (65,536 records each) in some.
      const length = seed % 9 === 0 ? 150_000 + randomInt(r, 100_000) : 100 + randomInt(r, 6000);
      const trace = randomTrace(seed, { length, universe: 3 + randomInt(r, seed % 9 === 0 ? 5000 : 400), named: seed % 2 === 0, releaseRate: releases ? r() * 0.05 : 0, writeRate: r(), fsRate: r(), hotRate: r() });
      // A warm-up at a random record (or none, or past the end); OPT's engine then needs the future (its look-ahead pass), as with releases.
      const w = [0, randomInt(r, trace.length), trace.length + 3][seed % 3 === 0 ? randomInt(r, 3) : seed % 2]!;
      const opt = (): StackEngine => {
        if (w <= 0 && !releases) return new OptMarkersStack(trace.pageCount, { initialCapacity: 512 });
        const ahead = new OptLookAhead(trace.pageCount, { records: w });
        ahead.feed(trace.pages, trace.codes, trace.length);
        return new OptFutureStack(trace.pageCount, ahead.finish(), { initialCapacity: 512 });
      };
      const make = (): StackEngine => (kind === 'lru' ? new LruStack(trace.pageCount) : kind === 'lru-k' ? lruKStack(trace.pageCount, 2) : opt());
      const here = countDepths(trace, w, make(), undefined, { threadAfter: Infinity }).counters(SIZES);
      const threadAfter = [0, randomInt(r, trace.length), trace.length - 1][seed % 3]!;
      const maxChunk = [trace.length, 300, 70_000][randomInt(r, 3)]!;
      expect(fed(trace, w, make(), threadAfter, maxChunk, seed).counters(SIZES), `thread after ${threadAfter}, chunks ≤ ${maxChunk}`).toEqual(here);
    });
  }

  it('a streamed pass (warmEnd placed on the way) equals the loaded one', () => {
    for (let seed = 100; seed < 106; seed++) {
      const r = rng(seed);
      const trace = randomTrace(seed, { length: 20_000 + randomInt(r, 20_000), universe: 500, named: true, releaseRate: 0.02, writeRate: 0.4 });
      const warmup = randomInt(r, trace.references);
      let start = trace.length;
      for (let i = 0, refs = 0; i < trace.length; i++) if (!(trace.codes[i]! & RELEASE_BIT) && ++refs === warmup) start = warmup === 0 ? 0 : i + 1;
      if (warmup === 0) start = 0;
      const loaded = countDepths(trace, start, new LruStack(trace.pageCount), undefined, { threadAfter: Infinity }).counters(SIZES);
      const pass = new DepthPass(trace.pageCount, warmup, new LruStack(trace.pageCount), undefined, { threadAfter: randomInt(r, 5000) });
      for (let base = 0; base < trace.length; ) {
        const n = Math.min(trace.length - base, 1 + randomInt(r, 3000));
        const raw = start > base + n ? n + 1 : start - base;
        pass.feed(trace.pages.subarray(base, base + n), trace.codes.subarray(base, base + n), n, Math.max(0, raw));
        base += n;
      }
      expect(pass.finish().counters(SIZES), `seed ${seed}`).toEqual(loaded);
    }
  });

  it('reports the same progress ticks', () => {
    const n = 2 * TICK_RECORDS + 500;
    const pages = new Uint32Array(n).map((_, i) => (i < 300 ? i : (i * 7919) % 300));
    const trace = { ...randomTrace(1, { length: 1, universe: 1 }), pages, codes: new Uint8Array(n), length: n, references: n, pageCount: 300 };
    const ticks = (threadAfter: number): number[] => {
      const seen: number[] = [];
      countDepths(trace, 0, new LruStack(300), (i) => seen.push(i), { threadAfter });
      return seen;
    };
    expect(ticks(0)).toEqual([0, TICK_RECORDS, 2 * TICK_RECORDS]);
    expect(ticks(Infinity)).toEqual(ticks(0));
  });

  it('lets the worker of a pass dropped before its end go once the pass is collected', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const exited = ((): Promise<number> => {
      const trace = randomTrace(3, { length: 5000, universe: 100 });
      const pass = new DepthPass(trace.pageCount, 0, new LruStack(trace.pageCount), undefined, { threadAfter: 0 });
      pass.feed(trace.pages, trace.codes, trace.length);
      // The worker (private: reached here only to watch it end), not the pass, is kept.
      const worker = (pass as unknown as { counting: { worker: Worker } }).counting.worker;
      return new Promise((resolve) => worker.once('exit', resolve));
    })();
    for (let k = 0; k < 50 && !(await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 100))])); k++) gc();
    await expect(Promise.race([exited, new Promise((_, reject) => setTimeout(() => reject(new Error('the worker is still running')), 1000))])).resolves.toBeTypeOf('number');
  });

  it('a failure on the counting thread reaches the caller', () => {
    const state = new DepthCounters(10, 10, 0).state();
    // A count whose rows do not match its depth: DepthCounters.from refuses it on the worker.
    const thread = new CountingThread({ ...state, maxDepth: 99 });
    thread.atEnd(3, 2);
    expect(() => thread.finish()).toThrow(/^counting thread: RangeError: a count to depth 99 needs/);
  });
});

describe('OPT’s engine a batch at a time', () => {
  it('gives the depths of one call per reference, through squeezes and growth of its memory', () => {
    for (const [seed, universe, length] of [[1, 50, 40_000], [2, 5000, 120_000], [3, 60_000, 100_000]] as const) {
      const r = rng(seed);
      const pages = new Uint32Array(length).map((_, i) => (i < universe && r() < 0.5 ? i % universe : randomInt(r, Math.min(universe, i + 1))));
      const one = new OptCriticalMarkers(universe, { initialCapacity: 512 });
      const expected = pages.map((p) => one.reference(p));
      const batched = new OptCriticalMarkers(universe, { initialCapacity: 512 });
      const got = new Uint32Array(length + 5);
      for (let a = 0; a < length; ) {
        const n = Math.min(length - a, 1 + randomInt(r, 40_000));
        batched.referenceAll(pages, a, a + n, got, a + 5);
        a += n;
      }
      expect(got.subarray(5)).toEqual(expected);
      const finals = (e: OptCriticalMarkers): number[] => {
        const out: number[] = [];
        e.forEachFinalDepth((p, d) => out.push(p, d));
        return out;
      };
      expect(finals(batched)).toEqual(finals(one));
    }
  });
});

describe('a counting worker killed mid-pass', () => {
  it('is reported as stopped, not waited for for ever, though the engine’s thread blocks', { timeout: 20_000 }, async () => {
    const trace = randomTrace(11, { length: 6 * 65_536, universe: 2000 });
    const pass = new DepthPass(trace.pageCount, 0, new LruStack(trace.pageCount), undefined, { threadAfter: 0 });
    const half = 65_536;
    pass.feed(trace.pages.subarray(0, half), trace.codes.subarray(0, half), half);
    // The pass's worker and ring (private: reached here only to kill the one once the other is attached).
    const counting = (pass as unknown as { counting: { worker: Worker; ring: SlotRing } }).counting;
    await attached(counting.ring);
    // Not waited for: the thread ends while this one blocks, which sees no 'exit' event.
    void counting.worker.terminate();
    expect(() => {
      pass.feed(trace.pages.subarray(half), trace.codes.subarray(half), trace.length - half);
      pass.finish();
    }).toThrow(/^counting thread: the worker thread stopped before the end of the pass$/);
  });
});

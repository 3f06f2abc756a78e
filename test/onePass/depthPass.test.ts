/**
 * DepthPass fed chunk by chunk, as a streamed run feeds it, equals one pass over the loaded trace,
 * whichever way a chunk says where counting starts (`warmEnd`): clamped to 0 once counting has
 * begun, as every CountedChunk carries it (the read-ahead worker's reading, on which DepthPass once
 * asked OPT's engine for final depths mid-trace), or RunTally.scan's raw value (negative there).
 * LRU and LRU-K with releases and warm-ups; OPT (references only) with none.
 */
import { describe, expect, it } from 'vitest';
import { RELEASE_BIT } from '../../traces/index.js';
import { DepthPass, LruStack, type StackEngine } from '../../simulators/onePass/index.js';
import { countDepths } from '../../simulators/onePass/depthCounters.js';
import { lruKStack } from '../../simulators/onePass/priorityCurves.js';
import { OptMarkersStack } from '../../simulators/onePass/optMarkersCurves.js';
import type { LoadedTrace } from '../../traces/index.js';
import { randomInt, rng } from '../helpers/random.js';
import { randomTrace } from '../helpers/randomStreams.js';

/** The record where counting starts after `warmup` references (the end when there are fewer). */
function countingStart(trace: LoadedTrace, warmup: number): number {
  if (warmup === 0) return 0;
  let refs = 0;
  for (let i = 0; i < trace.length; i++) if (!(trace.codes[i]! & RELEASE_BIT) && ++refs === warmup) return i + 1;
  return trace.length;
}

/** Feeds `trace` in random chunks with each chunk's warmEnd as RunTally.scan gives it, clamped like the worker's or not. */
function fedInChunks(trace: LoadedTrace, start: number, warmupReferences: number, engine: StackEngine, clamped: boolean, seed: number) {
  const r = rng(seed);
  const pass = new DepthPass(trace.pageCount, warmupReferences, engine);
  for (let base = 0; base < trace.length; ) {
    const n = Math.min(trace.length - base, 1 + randomInt(r, 300));
    const raw = start > base + n ? n + 1 : start - base;
    pass.feed(trace.pages.subarray(base, base + n), trace.codes.subarray(base, base + n), n, clamped ? Math.max(0, raw) : raw);
    base += n;
  }
  return pass.finish();
}

const SIZES = Array.from({ length: 40 }, (_, k) => 1 + k * 3);

describe('DepthPass fed chunk by chunk equals one pass over the loaded trace', () => {
  for (let seed = 1; seed <= 60; seed++) {
    it(`seed ${seed}`, () => {
      const r = rng(seed * 31337);
      const engine = ['lru', 'lru-k', 'opt'][seed % 3]!;
      const releases = engine !== 'opt' && seed % 4 !== 0;
      const trace = randomTrace(seed, { length: 200 + randomInt(r, 3000), universe: 5 + randomInt(r, 200), named: seed % 2 === 0, releaseRate: releases ? 0.03 : 0, writeRate: r(), hotRate: r() });
      const warmup = engine === 'opt' ? 0 : [0, randomInt(r, trace.references + 5)][seed % 2]!;
      const make = (): StackEngine => (engine === 'lru' ? new LruStack(trace.pageCount) : engine === 'lru-k' ? lruKStack(trace.pageCount, 2) : new OptMarkersStack(trace.pageCount));
      const start = countingStart(trace, warmup);
      const whole = countDepths(trace, start, make()).counters(SIZES);
      for (const clamped of [false, true]) expect(fedInChunks(trace, start, warmup, make(), clamped, seed).counters(SIZES), `clamped ${clamped}`).toEqual(whole);
    });
  }
});

import { describe, expect, it } from 'vitest';
import { getPolicy, listPolicies, makePolicySpec, MemoryModel, referencesIn, runPolicy, traceFromRecords, type Counters, type LoadedTrace, type ParamValue } from '../../index.js';
import { randomInt, rng } from '../helpers/random.js';
import { randomStream } from '../helpers/randomStreams.js';

function run(trace: LoadedTrace, policy: string, params: Record<string, ParamValue>, frames: number, warmupRecords = 0): { counters: Counters; meanResident?: number } {
  return runPolicy(trace, makePolicySpec(getPolicy(policy), params), { frames, warmupRecords, seed: 3 });
}

/** Seeded random streams with releases, writes and kinds, and a memory size for each. */
function* streams(count: number): Generator<{ trace: LoadedTrace; frames: number; warmup: number; seed: number }> {
  for (let seed = 1; seed <= count; seed++) {
    const r = rng(seed * 65537);
    const s = randomStream(seed, { length: 50 + randomInt(r, 400), universe: 3 + randomInt(r, 50), named: true, releaseRate: seed % 3 === 0 ? 0.03 : 0, writeRate: r(), hotRate: r() });
    const trace = traceFromRecords({ name: 't', format: 'basic-named', pageSize: 4096 }, s.pages, s.codes);
    yield { trace, frames: 1 + randomInt(r, trace.pageCount), warmup: seed % 4 === 0 ? randomInt(r, trace.length) : 0, seed };
  }
}

describe('limits where one policy becomes another (every counter)', () => {
  it('SEGQ with inactive = 0 is CLOCK, and with a FIFO active segment is FIFO', () => {
    for (const { trace, frames, warmup, seed } of streams(150)) {
      expect(run(trace, 'segq', { inactive: 0 }, frames, warmup), `seed ${seed}`).toEqual(run(trace, 'clock', {}, frames, warmup));
      expect(run(trace, 'segq', { inactive: 0, active: 'fifo' }, frames, warmup), `seed ${seed}`).toEqual(run(trace, 'fifo', {}, frames, warmup));
    }
  });

  it('SEGQ with a one-frame active segment is LRU; its soft faults are the hits below the top of the LRU stack', () => {
    for (const { trace, frames, warmup, seed } of streams(150)) {
      for (const active of ['clock', 'fifo']) {
        const segq = run(trace, 'segq', { inactive: 1, active }, frames, warmup).counters;
        const lru = run(trace, 'lru', {}, frames, warmup).counters;
        expect({ ...segq, softFaults: 0 }, `seed ${seed}`).toEqual(lru);
        // A hit on the page referenced just before is the only kind of hit that is not soft.
        let repeats = 0;
        for (let i = 0, prev = -1; i < trace.length; i++) {
          if (trace.codes[i]! & 4) {
            prev = trace.pages[i] === prev ? -1 : prev;
            continue;
          }
          if (i >= warmup && trace.pages[i] === prev) repeats++;
          prev = trace.pages[i]!;
        }
        if (warmup === 0) expect(segq.softFaults, `seed ${seed}`).toBe(lru.hits - repeats);
      }
    }
  });

  it('LRU-1 is LRU, whatever the retained information period', () => {
    for (const { trace, frames, warmup, seed } of streams(150)) {
      const lru = run(trace, 'lru', {}, frames, warmup);
      expect(run(trace, 'lru-k', { k: 1 }, frames, warmup), `seed ${seed}`).toEqual(lru);
      expect(run(trace, 'lru-k', { k: 1, rip: 0 }, frames, warmup), `seed ${seed}`).toEqual(lru);
    }
  });

  it('GCLOCK with initCount = 1 is CLOCK', () => {
    for (const { trace, frames, warmup, seed } of streams(150)) {
      expect(run(trace, 'gclock', { initCount: 1 }, frames, warmup), `seed ${seed}`).toEqual(run(trace, 'clock', {}, frames, warmup));
    }
  });

  it('LRU-K with a correlated reference period at least as long as the stream is LRU', () => {
    for (const { trace, frames, warmup, seed } of streams(100)) {
      expect(run(trace, 'lru-k', { crp: trace.length }, frames, warmup).counters, `seed ${seed}`).toEqual(run(trace, 'lru', {}, frames, warmup).counters);
    }
  });
});

describe('bounds and relations between policies', () => {
  it('a loop a little larger than memory: LRU and CLOCK never hit, the scan-resistant policies come near OPT', () => {
    const loop = (length: number): LoadedTrace => {
      const pages = Array.from({ length: 100 * length }, (_, i) => i % length);
      return traceFromRecords({ name: 'loop', format: 'basic', pageSize: 4096 }, pages, pages.map(() => 0));
    };
    const ratio = (trace: LoadedTrace, policy: string): number => {
      const c = run(trace, policy, {}, 100).counters;
      return c.hits / c.references;
    };
    const t = loop(120);
    // OPT misses 120 − 100 = 20 pages per lap after the first: 99 laps of 100 hits in 12,000 references.
    expect(ratio(t, 'opt')).toBe((99 * 100) / 12000);
    for (const p of ['lru', 'clock', 'fifo']) expect(ratio(t, p), p).toBe(0);
    for (const p of ['eelru', 'lirs', 'clock-pro']) expect(ratio(t, p), p).toBeGreaterThan(0.75);
    // Beyond EELRU's late point (l = 250 frames) references look like misses for every choice: LRU.
    expect(ratio(loop(300), 'eelru')).toBe(0);
  });

  it('VMIN faults exactly where WS does, with a mean resident set no larger', () => {
    for (const { trace, warmup, seed } of streams(100)) {
      for (const window of [1, 2, 5, 17, 100]) {
        const ws = run(trace, 'ws', { window }, trace.pageCount, warmup);
        const vmin = run(trace, 'vmin', { window }, trace.pageCount, warmup);
        expect(vmin.counters.faults, `seed ${seed}, τ ${window}`).toBe(ws.counters.faults);
        expect(vmin.counters.compulsoryFaults, `seed ${seed}, τ ${window}`).toBe(ws.counters.compulsoryFaults);
        expect(vmin.meanResident!, `seed ${seed}, τ ${window}`).toBeLessThanOrEqual(ws.meanResident! + 1e-12);
      }
    }
  });

  it('with τ = 1, WS keeps only the page just referenced', () => {
    const pages = [0, 0, 1, 0, 2, 2, 2, 1];
    const trace = traceFromRecords({ name: 'w', format: 'basic', pageSize: 4096 }, pages, pages.map(() => 0));
    const ws = run(trace, 'ws', { window: 1 }, 3);
    expect(ws.counters.faults).toBe(5);
    expect(ws.counters.evictions).toBe(4);
    expect(ws.meanResident).toBe(1);
  });

  it('OPT never faults more than any fixed-space policy at the same memory size', () => {
    const fixed = listPolicies().filter((d) => !d.capabilities?.variableSpace && d.name !== 'opt');
    expect(fixed.length).toBeGreaterThanOrEqual(14);
    for (const { trace, frames, seed } of streams(60)) {
      const opt = run(trace, 'opt', {}, frames).counters.faults;
      for (const def of fixed) expect(run(trace, def.name, {}, frames).counters.faults, `${def.name}, seed ${seed}`).toBeGreaterThanOrEqual(opt);
    }
  });

  it('replaying a streamed trace chunk by chunk (chunk-local indices) gives the same counters', () => {
    const streamable = listPolicies().filter((d) => !d.capabilities?.needsFuture);
    for (const { trace, frames, seed } of streams(30)) {
      for (const def of streamable) {
        const spec = makePolicySpec(def);
        const whole = runPolicy(trace, spec, { frames, seed }).counters;
        const model = new MemoryModel(trace.pageCount);
        const instance = def.create({ frames, pageCount: trace.pageCount, seed }, spec.params);
        for (let a = 0; a < trace.length; a += 7) {
          const b = Math.min(trace.length, a + 7);
          instance.replay({ pages: trace.pages.subarray(a, b), codes: trace.codes.subarray(a, b) }, 0, b - a, model);
        }
        expect(model.counters(referencesIn(trace, 0, trace.length)), `${def.name}, seed ${seed}`).toEqual(whole);
      }
    }
  });

  it('with more frames than pages, every fixed-space policy faults once per page and never evicts', () => {
    for (const { trace, seed } of streams(20)) {
      for (const def of listPolicies().filter((d) => !d.capabilities?.variableSpace)) {
        const c = run(trace, def.name, {}, 10 * trace.pageCount).counters;
        expect([c.faults, c.capacityFaults, c.evictions], `${def.name}, seed ${seed}`).toEqual([c.compulsoryFaults, 0, 0]);
      }
    }
  });

  it('every policy frees the frame of a released page and reports it', () => {
    const pages = [0, 1, 2, 1, 0, 3, 4, 2];
    const codes = [0, 0, 0, 4, 0, 0, 0, 0];
    const trace = traceFromRecords({ name: 'w', format: 'basic', pageSize: 4096 }, pages, codes);
    for (const def of listPolicies()) {
      const frames = def.capabilities?.variableSpace ? trace.pageCount : 3;
      const instance = def.create({ frames, pageCount: trace.pageCount, trace, seed: 1 }, makePolicySpec(def).params);
      const released: [number, boolean][] = [];
      instance.replay(trace, 0, 4, { hit() {}, softFault() {}, fault() {}, evict() {}, release: (p, r) => void released.push([p, r]) });
      // VMIN lets page 1 go right after its last use (the release ends its uses), so it is gone already.
      expect(released, def.name).toEqual([[1, def.name !== 'vmin']]);
      expect(instance.residentPages(), def.name).not.toContain(1);
    }
  });
});

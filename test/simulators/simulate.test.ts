import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  KIND_ANON,
  OP_VM_READ,
  OP_VM_WRITE,
  getPolicy,
  hookPolicy,
  loadTrace,
  makeCode,
  makePolicySpec,
  parsePolicyList,
  runPolicy,
  simulateStreamFile,
  simulateTrace,
  TraceWriter,
  traceFromRecords,
  type PolicyHooks,
} from '../../index.js';
import { randomInt, rng } from '../helpers/random.js';
import { CLOUDPHYSICS_BIN } from '../helpers/realTraces.js';
import { randomStream, randomTrace } from '../helpers/randomStreams.js';

const named = { format: 'basic-named' as const, pageSize: 4096 };

function faults(policy: string, pages: number[], frames: number): number {
  const trace = traceFromRecords({ name: 'x', format: 'basic', pageSize: 4096 }, pages, pages.map(() => OP_VM_READ));
  return runPolicy(trace, makePolicySpec(getPolicy(policy)), { frames }).counters.faults;
}

describe('golden numbers', () => {
  const belady = [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5];

  it("Belady's anomaly: FIFO takes 9 faults at 3 frames and 10 at 4", () => {
    expect(faults('fifo', belady, 3)).toBe(9);
    expect(faults('fifo', belady, 4)).toBe(10);
  });

  it('OPT on the same string: 7 faults at 3 frames, 6 at 4; LRU 10 and 8', () => {
    expect(faults('opt', belady, 3)).toBe(7);
    expect(faults('opt', belady, 4)).toBe(6);
    expect(faults('lru', belady, 3)).toBe(10);
    expect(faults('lru', belady, 4)).toBe(8);
  });

  it("LRU on the CloudPhysics trace gives libCacheSim's own expected misses", async () => {
    const { trace } = await loadTrace(`oracleGeneral:${CLOUDPHYSICS_BIN}`);
    expect(trace.references).toBe(113_872);
    const lru = makePolicySpec(getPolicy('lru'));
    const misses = [128, 256, 384, 512, 640, 768, 896, 1024].map((frames) => runPolicy(trace, lru, { frames }).counters.faults);
    expect(misses).toEqual([99411, 96397, 95652, 95370, 95182, 94997, 94891, 94816]);
  });

  it('write-backs, soft counters and releases on a hand-checked string', () => {
    // frames = 2, LRU. w0 (fault, dirty) r1 (fault) r2 (fault, evicts 0: dirty → write-back) x1 (release of a
    // resident page) r0 (capacity fault; memory 0 2) w2 (hit, 2 now dirty) r3 (fault, evicts 0: clean)
    const pages = [0, 1, 2, 1, 0, 2, 3];
    const codes = [OP_VM_WRITE, OP_VM_READ, OP_VM_READ, 4, OP_VM_READ, OP_VM_WRITE, OP_VM_READ].map((op) => (op === 4 ? 4 : makeCode(op as 0 | 1, KIND_ANON)));
    const trace = traceFromRecords({ name: 'h', ...named }, pages, codes);
    const c = runPolicy(trace, makePolicySpec(getPolicy('lru')), { frames: 2 }).counters;
    expect(c).toMatchObject({
      references: 6, hits: 1, faults: 5, compulsoryFaults: 4, capacityFaults: 1, anonCompulsory: 4, anonCapacity: 1,
      evictions: 2, writebacks: 1, anonWritebacks: 1, fileWritebacks: 0, releases: 1, releasedResident: 1,
    });
  });
});

describe('invariants on seeded random streams', () => {
  it('hits + faults = references; the splits add up; OPT never faults more than any other policy', () => {
    const specs = parsePolicyList(['lru,fifo,clock,clock:refOnInsert=0']);
    const opt = makePolicySpec(getPolicy('opt'));
    for (let seed = 1; seed <= 60; seed++) {
      const r = rng(seed);
      const trace = randomTrace(seed, { length: 300 + randomInt(r, 700), universe: 5 + randomInt(r, 80), named: true, releaseRate: 0.02 });
      const frames = 1 + randomInt(r, trace.pageCount);
      const best = runPolicy(trace, opt, { frames }).counters.faults;
      for (const spec of specs) {
        const c = runPolicy(trace, spec, { frames }).counters;
        expect(c.hits + c.faults).toBe(c.references);
        expect(c.compulsoryFaults + c.capacityFaults).toBe(c.faults);
        expect(c.anonCompulsory + c.fileCompulsory).toBe(c.compulsoryFaults);
        expect(c.anonCapacity + c.fileCapacity).toBe(c.capacityFaults);
        expect(c.anonWritebacks + c.fileWritebacks).toBe(c.writebacks);
        expect(c.writebacks).toBeLessThanOrEqual(c.evictions);
        expect(c.compulsoryFaults).toBe(trace.pageCount);
        expect(best).toBeLessThanOrEqual(c.faults);
      }
    }
  });

  it('partitioned mode with all frames in one pool equals unified on a stream of one kind', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const s = randomStream(seed, { length: 500, universe: 40, named: true, releaseRate: 0.02 });
      const codes = s.codes.map((c) => (c & 4 ? c : (c & 7) | (KIND_ANON << 3)));
      const trace = traceFromRecords({ name: 'anon', ...named }, s.pages, codes);
      for (const name of ['lru', 'fifo', 'clock', 'opt']) {
        const spec = makePolicySpec(getPolicy(name));
        const frames = 1 + (seed % 12);
        const unified = runPolicy(trace, spec, { frames, warmupRecords: seed * 5 }).counters;
        const partitioned = runPolicy(trace, spec, { frames, warmupRecords: seed * 5, partition: { anonShare: 1, anonFrames: frames, fileFrames: 1 } }).counters;
        expect(partitioned).toEqual(unified);
      }
    }
  });

  it('a hook-style LRU equals the built-in LRU', () => {
    const hookLru = hookPolicy({
      name: 'hook-lru',
      summary: 'LRU through hooks',
      source: 'test',
      params: [],
      createHooks: (): PolicyHooks => {
        const last = new Map<number, number>();
        return {
          onHit: (p, t) => void last.set(p, t),
          onMiss: (p, t) => void last.set(p, t),
          victim: () => [...last.entries()].reduce((a, b) => (b[1] < a[1] ? b : a))[0],
          onRemove: (p) => void last.delete(p),
        };
      },
    });
    for (let seed = 1; seed <= 40; seed++) {
      const trace = randomTrace(seed, { length: 400, universe: 30, named: true, releaseRate: 0.03 });
      const frames = 1 + (seed % 10);
      expect(runPolicy(trace, makePolicySpec(hookLru), { frames }).counters).toEqual(
        runPolicy(trace, makePolicySpec(getPolicy('lru')), { frames }).counters,
      );
    }
  });

  it('a hook policy naming a page that is not resident is an error, not a wrong result', () => {
    const broken = hookPolicy({ name: 'broken', summary: '', source: '', params: [], createHooks: () => ({ onHit() {}, onMiss() {}, victim: () => 12345, onRemove() {} }) });
    const trace = randomTrace(1, { length: 50, universe: 10 });
    expect(() => runPolicy(trace, makePolicySpec(broken), { frames: 1 })).toThrow(/victim\(\) returned page 12345, which is not resident/);
  });
});

describe('curves: worker threads, streaming and in-process agree', () => {
  it('worker-pool replays equal single-thread replays', async () => {
    const trace = randomTrace(7, { length: 5000, universe: 400, named: true, releaseRate: 0.01 });
    const policies = parsePolicyList(['lru,fifo,clock,opt']);
    const base = { policies, sizes: ['auto'], warmup: '10%', partitions: [0.5], perSize: true };
    const one = await simulateTrace(trace, { ...base, jobs: 1 });
    const two = await simulateTrace(trace, { ...base, jobs: 2 });
    expect(two.runs).toEqual(one.runs);
    expect(one.runs.length).toBe(4 * (one.sizes.length + one.sizes.filter((m) => m >= 2).length));
  });

  it('streaming a file gives the same results as loading it', async () => {
    const dir = fs.mkdtempSync(path.join('/tmp', 'faultline-stream-'));
    try {
      const s = randomStream(11, { length: 200_000, universe: 3000, named: true, releaseRate: 0.002 });
      const file = path.join(dir, 's.bin.gz');
      const w = new TraceWriter(file, { ...named, releases: true });
      s.pages.forEach((p, i) => w.append(s.codes[i]!, p));
      w.close();
      const options = { policies: parsePolicyList(['lru,fifo,clock:refOnInsert=0']), sizes: ['0.01,0.1,0.5'], warmup: '12345', partitions: [0.3], jobs: 1, file };
      const streamed = await simulateStreamFile(file, options);
      const { trace } = await loadTrace(file);
      const loaded = await simulateTrace(trace, { ...options, perSize: true });
      expect(streamed.runs).toEqual(loaded.runs);
      expect(streamed.compulsoryFloor).toBe(loaded.compulsoryFloor);
      expect({ ...streamed.trace, name: '' }).toEqual({ ...loaded.trace, name: '' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

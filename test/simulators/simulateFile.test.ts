/**
 * simulateFile: the automatic choice of loading or streaming, and a streamed run's results equal
 * to the loaded run's (every counter, the summary, sizes, floor, warm-up) on many seeded streams.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseTracePath, loadTrace, openTraceStream, parsePolicyList, simulateFile, simulateTrace, type SimulateOptions } from '../../index.js';
import { encodeHeader, KIND_ANON, KIND_FILE, makeCode, OP_MASK, RELEASE_BIT, RECORD_BYTES, type Op, type StreamFormat } from '../../traces/index.js';
import { randomInt, rng } from '../helpers/random.js';
import { randomStream } from '../helpers/randomStreams.js';
import { simulateDeclaredStream } from '../../simulators/streamSimulate.js';
import { nextUseBackward, readsBackward } from '../../simulators/nextUseBackward.js';
import { nextUseOf } from '../../policies/structures/nextUse.js';

const dir = fs.mkdtempSync(path.join('/tmp', 'faultline-simfile-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A plain binary stream written byte by byte, with whatever counts the header is given (a writer would refuse sparse pages). */
function writeBinary(name: string, format: StreamFormat, pages: number[], codes: number[], header: { pageCount?: number; records?: number; releases?: boolean }): string {
  const file = path.join(dir, name);
  const bytes = new Uint8Array(32 + pages.length * RECORD_BYTES);
  bytes.set(encodeHeader({ format, pageSize: 4096, releases: codes.some((c) => c & RELEASE_BIT), ...header }), 0);
  pages.forEach((p, i) => {
    const o = 32 + i * RECORD_BYTES;
    bytes[o] = codes[i]!;
    new DataView(bytes.buffer).setUint32(o + 1, p, true);
  });
  fs.writeFileSync(file, bytes);
  return file;
}

const distinct = (pages: number[]): number => new Set(pages).size;

/** What a stream's header says (the stream closed again: a handle left to the GC makes Node warn). */
async function infoOf(file: string) {
  const stream = await openTraceStream(file);
  await stream.close();
  return stream.info;
}

async function loadedResults(file: string, options: SimulateOptions) {
  const { trace } = await loadTrace(file);
  return simulateTrace(trace, options);
}

/** Simulates `file` as simulateFile chooses, which must be streaming, and expects the loaded run's results; returns those. */
async function streamedEqualsLoaded(file: string, seed: number, run: Partial<SimulateOptions> & Pick<SimulateOptions, 'policies'>) {
  // More than one replay streams only on one thread.
  const options: SimulateOptions = { ...run, jobs: 1, seed, file, command: 'test' };
  const auto = await simulateFile(file, options);
  expect(auto.choice.path, auto.choice.reason).toBe('stream');
  const loaded = await loadedResults(file, options);
  expect(auto.results).toEqual(loaded);
  return loaded;
}

const STREAMABLE = ['lru', 'fifo', 'clock', 'arc', '2q', 'lirs', 's3-fifo', 'sieve', 'clock-pro', 'segq', 'gclock', 'lfu', 'mru', 'random', 'linux', 'mglru', 'eelru', 'lru-k'];

describe('simulateFile: an automatically streamed run equals the loaded run', () => {
  for (let seed = 1; seed <= 24; seed++) {
    it(`seed ${seed}`, async () => {
      const r = rng(seed * 7919);
      const named = seed % 3 !== 0;
      const releaseFree = seed % 4 === 0;
      const s = randomStream(seed, { length: 200 + randomInt(r, 4000), universe: 5 + randomInt(r, 400), named, releaseRate: releaseFree ? 0 : r() * 0.05, writeRate: r(), hotRate: r() });
      // Kinds per reference, not per page: a page's kind in the summary is its last reference's.
      const codes = s.codes.map((c) => (named && !(c & RELEASE_BIT) && r() < 0.1 ? makeCode((c & OP_MASK) as Op, r() < 0.5 ? KIND_ANON : KIND_FILE) : c));
      const file = writeBinary(`s${seed}.bin`, named ? 'basic-named' : 'basic', s.pages, codes, { pageCount: distinct(s.pages), records: s.pages.length });
      const policy = STREAMABLE[seed % STREAMABLE.length]!;
      const references = codes.filter((c) => !(c & RELEASE_BIT)).length;
      const sizes = [[String(1 + randomInt(r, 60))], ['10%'], ['0.3'], ['auto'], ['5,20%,50']][seed % 5]!;
      // A fraction of the references as warm-up streams only when the header rules out releases.
      const warmup = (releaseFree ? ['25%', '0.1', 0] : [0, String(randomInt(r, references))])[seed % 3 % (releaseFree ? 3 : 2)]!;
      const partitions = named && seed % 2 === 0 ? [0.25 + r() * 0.5] : [];
      const options: Partial<SimulateOptions> & Pick<SimulateOptions, 'policies'> = {
        policies: parsePolicyList([seed % 6 === 0 ? `${policy},fifo` : policy]),
        sizes,
        warmup,
        partitions,
        unified: partitions.length === 0 || seed % 5 !== 0,
        perSize: true,
      };
      await streamedEqualsLoaded(file, seed, options);
    });
  }

  it('falls back to loading when the pages are not dense (the loaded trace renumbers them)', async () => {
    const pages = [5, 1, 5, 0, 2, 1, 7, 5, 2, 2, 0];
    const file = writeBinary('sparse.bin', 'basic', pages, pages.map(() => 0), { pageCount: 8, records: pages.length });
    const options: SimulateOptions = { policies: parsePolicyList(['lru']), sizes: [2], command: 'test', file };
    const auto = await simulateFile(file, options);
    expect(auto.choice).toEqual({ path: 'load', reason: 'streamed, then loaded: pages are not dense in first-appearance order' });
    expect(auto.renumbered).toBe(true);
    expect(auto.results).toEqual(await loadedResults(file, options));
    expect(auto.results.trace.pages).toBe(5);
  });

  it('falls back to loading when the header declares more pages than the stream references', async () => {
    const pages = [0, 1, 0, 2, 1, 3, 0];
    const file = writeBinary('overdeclared.bin', 'basic', pages, pages.map(() => 0), { pageCount: 40, records: pages.length });
    // 50% of the declared 40 pages would be 20 frames; of the 4 referenced, 2.
    const options: SimulateOptions = { policies: parsePolicyList(['fifo']), sizes: '50%', command: 'test', file };
    const auto = await simulateFile(file, options);
    expect(auto.choice.reason).toBe('streamed, then loaded: the header declares 40 pages, the stream references 4');
    expect(auto.results).toEqual(await loadedResults(file, options));
    expect(auto.results.sizes).toEqual([2]);
  });

  it('falls back to loading when releases move a fractional warm-up', async () => {
    // 10 records, 2 of them releases: a 50% warm-up is 5 of the declared 10 records but 4 of the 8 references.
    const pages = [0, 1, 2, 0, 3, 1, 2, 3, 0, 1];
    const codes = [0, 0, 0, 4, 0, 0, 0, 4, 0, 0];
    // The header's releases flag is clear, wrongly: the reader takes the releases all the same.
    const file = writeBinary('releases.bin', 'basic', pages, codes, { pageCount: 4, records: pages.length, releases: false });
    const options: SimulateOptions = { policies: parsePolicyList(['clock']), sizes: [2], warmup: '50%', command: 'test', file };
    const auto = await simulateFile(file, options);
    expect(auto.choice.reason).toBe('streamed, then loaded: 2 releases change the plan');
    expect(auto.results).toEqual(await loadedResults(file, options));
    expect(auto.results.warmup).toBe(4);
  });
});

describe('simulateFile: one-pass curves fed by the stream equal the loaded run\'s', () => {
  // LRU and LRU-K with releases and warm-ups; OPT without either (its engine then needs no
  // future); now and then a second policy replayed per size in the same pass.
  for (let seed = 1; seed <= 16; seed++) {
    it(`seed ${seed}`, async () => {
      const r = rng(seed * 104729);
      const policy = ['opt', 'lru', 'opt', 'lru-k:k=2'][seed % 4]!;
      const opt = policy === 'opt';
      const named = seed % 3 !== 0;
      const releases = !opt && seed % 3 !== 1;
      const s = randomStream(seed + 500, { length: 300 + randomInt(r, 5000), universe: 5 + randomInt(r, 600), named, releaseRate: releases ? r() * 0.05 : 0, writeRate: r(), hotRate: r() });
      const file = writeBinary(`curve${seed}.bin`, named ? 'basic-named' : 'basic', s.pages, s.codes, { pageCount: distinct(s.pages), records: s.pages.length });
      const references = s.codes.filter((c) => !(c & RELEASE_BIT)).length;
      const policies = policy + (seed % 5 === 0 ? ',fifo' : '');
      const options: Partial<SimulateOptions> & Pick<SimulateOptions, 'policies'> = {
        policies: parsePolicyList([policies]),
        sizes: [['auto'], ['1,2,3,10%'], ['0.5,1']][seed % 3]!,
        warmup: opt ? 0 : [0, String(randomInt(r, references))][seed % 2]!,
        onePass: true,
      };
      const loaded = await streamedEqualsLoaded(file, seed, options);
      expect(loaded.runs.filter((run) => run.method === 'one-pass').length).toBe(loaded.sizes.length);
    });
  }

  it('loads OPT\'s curve when the stream breaks its header\'s "no releases"', async () => {
    const pages = [0, 1, 2, 0, 3, 1, 2, 3, 0, 1];
    const codes = [0, 0, 0, 4, 0, 0, 0, 4, 0, 0];
    const file = writeBinary('opt-releases.bin', 'basic', pages, codes, { pageCount: 4, records: pages.length, releases: false });
    const options: SimulateOptions = { policies: parsePolicyList(['opt']), sizes: [1, 2, 3], onePass: true, command: 'test', file };
    const auto = await simulateFile(file, options);
    expect(auto.choice).toEqual({ path: 'load', reason: 'streamed, then loaded: the header says the stream holds no releases, but it does' });
    expect(auto.results).toEqual(await loadedResults(file, options));
  });

  it('refuses to stream OPT replayed per size from a stream it cannot read backward (gzipped)', async () => {
    const s = randomStream(9, { length: 500, universe: 50, releaseRate: 0.05 });
    const file = writeBinary('opt-stream.bin', 'basic', s.pages, s.codes, { pageCount: distinct(s.pages), records: s.pages.length });
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(fs.readFileSync(file)));
    const options: SimulateOptions = { policies: parsePolicyList(['opt']), sizes: 'auto', onePass: false, perSize: true, command: 'test', file };
    await expect(simulateFile(`${file}.gz`, options, 'stream')).rejects.toThrow('cannot run opt: it needs the whole trace in advance');
    expect(chooseTracePath(await infoOf(`${file}.gz`), options).path).toBe('load');
  });
});

describe('simulateFile: OPT\'s curve with releases or a warm-up, streamed after a look-ahead pass, equals the loaded run\'s', () => {
  // Releases, warm-ups or both; sometimes LRU's curve and a FIFO replay in the same passes.
  for (let seed = 1; seed <= 16; seed++) {
    it(`seed ${seed}`, async () => {
      const r = rng(seed * 7919);
      const named = seed % 3 !== 0;
      const releases = seed % 4 !== 0;
      const s = randomStream(seed + 900, { length: 300 + randomInt(r, 5000), universe: 5 + randomInt(r, 600), named, releaseRate: releases ? r() * 0.08 : 0, writeRate: r(), hotRate: r() });
      const file = writeBinary(`opt-ahead${seed}.bin`, named ? 'basic-named' : 'basic', s.pages, s.codes, { pageCount: distinct(s.pages), records: s.pages.length });
      const references = s.codes.filter((c) => !(c & RELEASE_BIT)).length;
      const options: SimulateOptions = {
        policies: parsePolicyList(['opt' + ['', ',lru', ',fifo'][seed % 3]!]),
        sizes: [['auto'], ['1,2,3,10%'], ['0.5,1']][seed % 3]!,
        warmup: !releases || seed % 2 === 0 ? String(1 + randomInt(r, references)) : 0,
        onePass: true,
        jobs: 1,
        seed,
        file,
        command: 'test',
      };
      const streamed = await simulateFile(file, options, 'stream');
      const loaded = await loadedResults(file, options);
      expect(streamed.results).toEqual(loaded);
      expect(loaded.runs.filter((run) => run.method === 'one-pass' && run.policy === 'opt').length).toBe(loaded.sizes.length);
    });
  }

  it('runs OPT streamed as a one-pass curve where per-size replays would be estimated cheaper but the file cannot be read backward (the only way a stream runs it)', async () => {
    const s = randomStream(41, { length: 3000, universe: 300, releaseRate: 0.03, writeRate: 0.3 });
    const file = writeBinary('opt-one-size.bin', 'basic', s.pages, s.codes, { pageCount: distinct(s.pages), records: s.pages.length });
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(fs.readFileSync(file)));
    const options: SimulateOptions = { policies: parsePolicyList(['opt']), sizes: [40], warmup: 100, command: 'test', file };
    const loaded = await loadedResults(file, options);
    expect(loaded.runs.map((r) => r.method)).toEqual(['per-size']);
    const gzipped = await simulateFile(`${file}.gz`, options, 'stream');
    expect(gzipped.results.runs.map((r) => r.method)).toEqual(['one-pass']);
    expect(gzipped.results.runs[0]!.counters).toEqual(loaded.runs[0]!.counters);
    // The plain file is read backward for its next uses: replayed per size, as loaded.
    expect((await simulateFile(file, options, 'stream')).results).toEqual(loaded);
  });

  it('stops the pass when the stream differs between the look-ahead and the pass (then the stream is loaded)', async () => {
    const s = randomStream(31, { length: 2000, universe: 100, releaseRate: 0.05 });
    const t = randomStream(32, { length: 2000, universe: 100, releaseRate: 0.05 });
    const file = writeBinary('opt-first.bin', 'basic', s.pages, s.codes, { pageCount: distinct(s.pages), records: s.pages.length, releases: true });
    const other = writeBinary('opt-other.bin', 'basic', t.pages, t.codes, { pageCount: distinct(s.pages), records: t.pages.length, releases: true });
    const options: SimulateOptions = { policies: parsePolicyList(['opt']), sizes: 'auto', onePass: true, command: 'test', file };
    const outcome = await simulateDeclaredStream(await openTraceStream(file), options, () => openTraceStream(other));
    expect(outcome).toMatchObject({ dense: true, mismatch: expect.stringMatching(/^the records differ from what the look-ahead pass read \((record \d+|a release|page \d+)/) });
  });
});

describe('chooseTracePath', () => {
  const s = randomStream(3, { length: 1000, universe: 200, named: true });
  const counted = writeBinary('choice.bin', 'basic-named', s.pages, s.codes, { pageCount: distinct(s.pages), records: s.pages.length });
  const uncounted = writeBinary('choice-nocounts.bin', 'basic-named', s.pages, s.codes, {});
  const choose = async (file: string, policies: string, more: Partial<SimulateOptions> = {}) =>
    chooseTracePath(await infoOf(file), { policies: parsePolicyList([policies]), sizes: [50], jobs: 2, ...more });

  it('streams one replay of a stream that declares its counts', async () => {
    expect(await choose(counted, 'fifo')).toEqual({ path: 'stream', reason: 'one replay: one pass over the stream, no load' });
    expect((await choose(counted, 'lru,fifo', { jobs: 1 })).path).toBe('stream');
    // One-pass curves of LRU (releases and warm-up too) and of OPT (references alone) take one pass over the stream.
    expect(await choose(counted, 'lru', { sizes: 'auto' })).toEqual({ path: 'stream', reason: "lru's one-pass curve: one pass over the stream, no load" });
    const releaseFree = writeBinary('choice-norelease.bin', 'basic-named', s.pages, s.codes.map((c) => (c & RELEASE_BIT ? 0 : c)), { pageCount: distinct(s.pages), records: s.pages.length });
    expect(await choose(releaseFree, 'opt,fifo', { sizes: 'auto', jobs: 1, warmup: 0 })).toEqual({
      path: 'stream',
      reason: "opt's one-pass curve, 21 replays on one thread: one pass over the stream, no load",
    });
  });

  it('streams what a stream can feed when the loaded trace would not fit in half the memory', async () => {
    const info = { ...(await infoOf(counted)), records: 1_000_000 };
    const options = { policies: parsePolicyList(['lru,fifo']), sizes: [50], jobs: 2 };
    // 1,000,000 records × 5 bytes = 4.8 MiB loaded: above half of 8 MiB, below half of 16 MiB.
    expect(chooseTracePath(info, options, 8 * 2 ** 20)).toEqual({ path: 'stream', reason: "2 replays on one thread: one pass over the stream, no load (loaded, the trace would take 4.77 MiB of this machine's 8 MiB)" });
    expect(chooseTracePath(info, options, 16 * 2 ** 20).path).toBe('load');
    // OPT streams then as a one-pass curve (with releases after a look-ahead), whatever its curve
    // method by estimate (here per size, one size); asked for per size, it cannot stream and loads.
    const opt = { ...options, policies: parsePolicyList(['opt']) };
    const released = { ...info, releases: true };
    for (const stream of [info, released]) expect(chooseTracePath(stream, opt, 8 * 2 ** 20)).toEqual({ path: 'stream', reason: "opt's one-pass curve: one pass over the stream, no load (loaded, the trace would take 4.77 MiB of this machine's 8 MiB)" });
    expect(chooseTracePath(released, { ...opt, perSize: true }, 8 * 2 ** 20)).toEqual({ path: 'load', reason: 'opt needs the whole trace in advance' });
    expect(chooseTracePath(released, { ...opt, sizes: 'auto', onePass: true }, 16 * 2 ** 20).path).toBe('load');
  });

  it('loads for what a stream cannot do or a loaded trace does faster', async () => {
    expect(await choose(uncounted, 'fifo')).toEqual({ path: 'load', reason: 'the stream does not declare its page and record counts' });
    expect(await choose(counted, 'opt,lru')).toEqual({ path: 'load', reason: '2 replays run in parallel on 2 worker threads over the loaded trace' });
    expect(await choose(counted, 'ws')).toEqual({ path: 'load', reason: 'ws varies its memory over windows' });
    expect(await choose(counted, 'lru,fifo')).toEqual({ path: 'load', reason: '2 replays run in parallel on 2 worker threads over the loaded trace' });
    expect(await choose(counted, 'lru', { sizes: 'auto', partitions: [0.5] })).toEqual({ path: 'load', reason: "lru's curve is one pass over the loaded trace: partitioned one-pass curves split the loaded trace by kind" });
    expect((await choose(counted, 'fifo', { sample: 0.5 })).path).toBe('load');
    expect((await choose(counted, 'fifo', { warmup: 5000 })).reason).toBe('the run cannot be planned on the declared counts');
    const released = writeBinary('choice-releases.bin', 'basic-named', s.pages, s.codes, { pageCount: distinct(s.pages), records: s.pages.length, releases: true });
    expect((await choose(released, 'fifo', { warmup: '10%' })).path).toBe('load');
    expect((await choose(released, 'fifo', { warmup: 100 })).path).toBe('stream');
    expect((await choose(released, 'lru', { sizes: 'auto', warmup: 100 })).path).toBe('stream');
    // OPT's curve with releases or a warm-up streams only where the trace is too big to load: it would read the stream twice.
    expect(await choose(released, 'opt', { sizes: 'auto' })).toEqual({ path: 'load', reason: "opt's one-pass curve with releases would read the stream twice (a look-ahead first)" });
    expect(await choose(counted, 'opt', { sizes: 'auto', warmup: 100 })).toEqual({ path: 'load', reason: "opt's one-pass curve with a warm-up would read the stream twice (a look-ahead first)" });
  });
});

describe('simulateFile: OPT replayed per size on a stream, its next uses read backward from the file, equals the loaded run', () => {
  // Releases, warm-ups, several sizes, OPT beside other replays; one size streams by choice, more when forced.
  for (let seed = 1; seed <= 16; seed++) {
    it(`seed ${seed}`, async () => {
      const r = rng(seed * 104729);
      const named = seed % 2 === 0;
      const s = randomStream(seed, { length: 300 + randomInt(r, 3000), universe: 5 + randomInt(r, 300), named, releaseRate: seed % 4 === 0 ? 0 : r() * 0.05, writeRate: r(), hotRate: r() });
      const file = writeBinary(`opt-back-${seed}.bin`, named ? 'basic-named' : 'basic', s.pages, s.codes, { pageCount: distinct(s.pages), records: s.pages.length });
      const references = s.codes.filter((c) => !(c & RELEASE_BIT)).length;
      const options: SimulateOptions = {
        policies: parsePolicyList([seed % 3 === 0 ? 'opt,fifo' : 'opt']),
        sizes: [String(1 + randomInt(r, 40))],
        warmup: seed % 2 === 0 ? String(randomInt(r, references)) : 0,
        perSize: true,
        jobs: 1,
        seed,
        file,
        command: 'test',
      };
      const loaded = await loadedResults(file, options);
      if (seed % 3 !== 0) {
        const auto = await simulateFile(file, options);
        expect(auto.choice).toEqual({ path: 'stream', reason: "one replay, opt's next uses read backward first: one pass over the stream, no load" });
        expect(auto.results).toEqual(loaded);
      }
      const several = { ...options, sizes: ['1', '3', '10%', '50%'] };
      expect((await simulateFile(file, several, 'stream')).results).toEqual(await loadedResults(file, several));
      expect((await simulateFile(file, options, 'stream')).results).toEqual(loaded);
    });
  }
});

describe('nextUseBackward', () => {
  it('equals the backward pass over the loaded trace, across read blocks, on 60 seeded streams', async () => {
    for (let seed = 1; seed <= 60; seed++) {
      const r = rng(seed);
      const s = randomStream(seed, { length: 1 + randomInt(r, 2000), universe: 1 + randomInt(r, 200), releaseRate: r() * 0.1 });
      const file = writeBinary(`next-use-${seed}.bin`, 'basic', s.pages, s.codes, { pageCount: distinct(s.pages), records: s.pages.length });
      const info = await infoOf(file);
      expect(readsBackward(info)).toBe(true);
      const { trace } = await loadTrace(file);
      const blocks: number[] = [];
      const { nextUse } = nextUseBackward(info, (read) => blocks.push(read), 1 + randomInt(r, 300));
      expect(Array.from(nextUse)).toEqual(Array.from(nextUseOf(trace)));
      expect(blocks.at(-1)).toBe(s.pages.length);
    }
  });

  it('reads backward only a plain binary file that holds the records it declares', async () => {
    const s = randomStream(3, { length: 100, universe: 10 });
    const file = writeBinary('next-use-kinds.bin', 'basic', s.pages, s.codes, { pageCount: distinct(s.pages), records: s.pages.length });
    const undeclared = writeBinary('next-use-undeclared.bin', 'basic', s.pages, s.codes, {});
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(fs.readFileSync(file)));
    expect(readsBackward(await infoOf(file))).toBe(true);
    expect(readsBackward(await infoOf(undeclared))).toBe(false);
    expect(readsBackward(await infoOf(`${file}.gz`))).toBe(false);
    expect(readsBackward({ ...(await infoOf(file)), records: 99 })).toBe(false);
  });

  it('leaves a bad record to the forward pass, which reports it as a load does', async () => {
    const s = randomStream(5, { length: 400, universe: 30 });
    const pageCount = distinct(s.pages);
    for (const [what, at, byte] of [['page', 300, 1], ['code', 120, 0]] as const) {
      const file = writeBinary(`next-use-bad-${what}.bin`, 'basic', s.pages, s.codes, { pageCount, records: s.pages.length });
      const bytes = fs.readFileSync(file);
      bytes[32 + at * RECORD_BYTES + byte] = 0xff;
      fs.writeFileSync(file, bytes);
      const options: SimulateOptions = { policies: parsePolicyList(['opt']), sizes: ['5'], perSize: true, jobs: 1, command: 'test', file };
      const loading = await loadTrace(file).catch((e: Error) => e);
      expect(loading).toBeInstanceOf(Error);
      expect(chooseTracePath(await infoOf(file), options).path).toBe('stream');
      await expect(simulateFile(file, options)).rejects.toThrow((loading as Error).message);
    }
  });

  it('a file changed after its next uses were read fails the run with one line, not wrong results', () => {
    const s = randomStream(4, { length: 100, universe: 10 });
    const file = writeBinary('next-use-changed.bin', 'basic', s.pages, s.codes, { pageCount: distinct(s.pages), records: s.pages.length });
    const info = { file, form: 'binary' as const, gzip: false, format: 'basic' as const, pageSize: 4096, releases: false, pageCount: distinct(s.pages), records: 100 };
    const { stamp } = nextUseBackward(info);
    stamp.check();
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(file, later, later);
    expect(() => stamp.check()).toThrow(/next-use-changed\.bin: the file changed between the backward read of its next uses and the replay: was it written during the run\?$/);
  });
});

/**
 * Chunks read ahead and counted on a worker thread, after the first ones read here while it starts:
 * the same records as reading on this thread, the same counts as a tally of them here, the same
 * errors — whether the worker takes over at the start, after some chunks, or never.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { TraceWriter, openTraceStream, type TraceChunk } from '../../traces/index.js';
import { AHEAD_SLOTS, SLOT_RECORDS, chunksAhead, type AheadStream } from '../../simulators/chunksAhead.js';
import { countHere, type CountedChunk, type TallySetup } from '../../simulators/countedChunks.js';
import { RunTally, tallyFacts } from '../../simulators/runTally.js';
import { randomStream } from '../helpers/randomStreams.js';

const dir = fs.mkdtempSync(path.join('/tmp', 'faultline-ahead-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const pause = (ms: number): Promise<unknown> => new Promise((r) => setTimeout(r, ms));

/**
 * How the reader goes: `slow` pauses after every chunk (the worker then waits for free slots);
 * `before` is awaited before the first chunk and `afterFirst` after it.
 */
interface Pace {
  slow?: boolean;
  before?: () => Promise<unknown>;
  afterFirst?: () => Promise<unknown>;
}

/** Until the worker has taken over (it starts slowly under the test runner, which loads it through tsx). */
async function takeOver(ahead: AheadStream): Promise<void> {
  while (!ahead.takenOver()) await pause(10);
}

/** The records of the chunks, as bytes (pages, then codes) for a quick comparison; counted chunks checked against a tally here. */
async function records(chunks: AsyncGenerator<TraceChunk | CountedChunk>, pace: Pace = {}, here?: RunTally): Promise<Buffer> {
  const parts: Buffer[] = [];
  const codes: Buffer[] = [];
  await pace.before?.();
  let k = 0;
  for await (const c of chunks) {
    parts.push(Buffer.from(new Uint8Array(c.pages.buffer, c.pages.byteOffset, c.length * 4)));
    codes.push(Buffer.from(c.codes.subarray(0, c.length)));
    if (here && 'warmEnd' in c) {
      const warmEnd = Math.max(0, Math.min(c.length + 1, here.scan(c.pages, c.codes, c.length)));
      expect([c.warmEnd, c.releases, c.dense]).toEqual([warmEnd, here.lastReleases, here.dense]);
    }
    if (pace.slow) await pause(5);
    if (k++ === 0) await pace.afterFirst?.();
  }
  return Buffer.concat([...parts, ...codes]);
}

/** `chunks` again in chunks of `size` records (copied): boundaries the worker's reader never has. */
async function* rechunked(chunks: AsyncGenerator<TraceChunk>, size: number): AsyncGenerator<TraceChunk> {
  const out = { pages: new Uint32Array(size), codes: new Uint8Array(size), length: 0 };
  for await (const c of chunks) {
    for (let i = 0; i < c.length; ) {
      const n = Math.min(size - out.length, c.length - i);
      out.pages.set(c.pages.subarray(i, i + n), out.length);
      out.codes.set(c.codes.subarray(i, i + n), out.length);
      out.length += n;
      i += n;
      if (out.length === size) {
        yield out;
        out.length = 0;
      }
    }
  }
  if (out.length) yield out;
}

/** `file` read ahead, the calling thread reading its own opening (in chunks of `size` records if given) meanwhile. */
async function readAhead(file: string, setup: TallySetup, size?: number): Promise<AheadStream> {
  const stream = await openTraceStream(file);
  const own = stream.chunks();
  return chunksAhead(stream, setup, countHere(size ? rechunked(own, size) : own, setup));
}

describe('chunksAhead', () => {
  // More records than the slots hold at once: slots are reused, the worker waits for the reader.
  const s = randomStream(5, { length: AHEAD_SLOTS * SLOT_RECORDS + 54321, universe: 5000, named: true, releaseRate: 0.001 });
  const bin = path.join(dir, 'big.bin');
  const w = new TraceWriter(bin, { format: 'basic-named', pageSize: 4096, releases: true });
  s.pages.forEach((p, i) => w.append(s.codes[i]!, p));
  w.close();
  const gz = path.join(dir, 'big.bin.gz');
  fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(bin), { level: 1 }));
  const pageCount = new Set(s.pages).size;

  /** Reads `file` ahead at `pace`; checks records and counts against reading here; returns the records read here. */
  async function check(file: string, warmupReferences: number, pace: (ahead: AheadStream) => Pace, size?: number): Promise<number> {
    const ahead = await readAhead(file, { pageCount, warmupReferences }, size);
    const here = new RunTally(pageCount, warmupReferences);
    const got = await records(ahead.chunks, pace(ahead), here);
    expect(got.length).toBe(s.pages.length * 5);
    expect(got.equals(await records((await openTraceStream(file)).chunks()))).toBe(true);
    expect(ahead.facts()).toEqual(tallyFacts(here));
    expect(ahead.facts()).toMatchObject({ records: s.pages.length, dense: true, next: pageCount });
    return ahead.readHere();
  }

  it('yields the records of a binary stream, plain and gzipped, as reading on this thread does, the worker taking over at the start', async () => {
    for (const file of [bin, gz]) expect(await check(file, file === bin ? 777_777 : 0, (ahead) => ({ slow: true, before: () => takeOver(ahead) }))).toBe(0);
  });

  it('the same when the worker takes over after the first chunk read here', async () => {
    const opened = await openTraceStream(bin);
    const first = (await opened.chunks().next()).value!.length;
    await opened.close();
    for (const file of [bin, gz]) {
      const readHere = await check(file, 300_001, (ahead) => ({ afterFirst: () => takeOver(ahead) }));
      expect(readHere).toBeGreaterThan(0);
      if (file === bin) expect(readHere).toBe(first);
    }
  });

  it('the same when the worker cannot take over (this thread reads in chunks of other lengths): this thread reads it all', async () => {
    expect(await check(bin, 1234, () => ({ afterFirst: () => pause(500) }), 100_000)).toBe(s.pages.length);
  });

  it('stops the worker when the reader leaves early, before or after the worker took over', async () => {
    for (const waited of [false, true]) {
      let seen = 0;
      const ahead = await readAhead(bin, { pageCount, warmupReferences: 0 });
      if (waited) await takeOver(ahead);
      for await (const c of ahead.chunks) {
        seen += c.length;
        break;
      }
      expect(seen).toBeGreaterThan(0);
      expect(ahead.readHere()).toBe(waited ? 0 : seen);
    }
  });

  it('reports a bad record as reading on this thread does, wherever it is read', async () => {
    const bad = path.join(dir, 'bad.bin');
    const bytes = fs.readFileSync(bin);
    bytes[32 + 5 * (SLOT_RECORDS + 7)] = 0xff;
    fs.writeFileSync(bad, bytes);
    const here = await records((await openTraceStream(bad)).chunks()).catch((e: Error) => e);
    expect((here as Error).message).toMatch(/record 262152 \(byte 1310787\): invalid record code 0xff/);
    for (const size of [undefined, 100_000]) {
      const ahead = await readAhead(bad, { pageCount, warmupReferences: 0 }, size);
      // Taken over at the start, the worker meets the bad record; never taken over, this thread does.
      const there = await records(ahead.chunks, size ? {} : { before: () => takeOver(ahead) }).catch((e: Error) => e);
      expect(there).toBeInstanceOf(Error);
      expect((there as Error).name).toBe('InputError');
      expect((there as Error).message).toBe((here as Error).message);
      expect(ahead.readHere()).toBe(size ? 200_000 : 0);
    }
  });
});

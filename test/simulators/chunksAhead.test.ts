/**
 * Chunks read ahead and counted on a worker thread: the same records as reading on this thread, the
 * same counts as a tally of them here, the same errors.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { TraceWriter, openTraceStream, type TraceChunk } from '../../traces/index.js';
import { AHEAD_SLOTS, SLOT_RECORDS, chunksAhead, headClaim, startReaderEarly, takeOver } from '../../simulators/chunksAhead.js';
import type { CountedChunk } from '../../simulators/countedChunks.js';
import { RunTally, tallyFacts } from '../../simulators/runTally.js';
import { randomStream } from '../helpers/randomStreams.js';
import { randomInt, rng } from '../helpers/random.js';

const dir = fs.mkdtempSync(path.join('/tmp', 'faultline-ahead-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The records of the chunks, as bytes (pages, then codes) for a quick comparison; counted chunks checked against a tally here. */
async function records(chunks: AsyncGenerator<TraceChunk | CountedChunk>, slow = false, here?: RunTally): Promise<Buffer> {
  const parts: Buffer[] = [];
  const codes: Buffer[] = [];
  for await (const c of chunks) {
    expect(c.length).toBeLessThanOrEqual(SLOT_RECORDS);
    parts.push(Buffer.from(new Uint8Array(c.pages.buffer, c.pages.byteOffset, c.length * 4)));
    codes.push(Buffer.from(c.codes.subarray(0, c.length)));
    if (here && 'warmEnd' in c) {
      const warmEnd = Math.max(0, Math.min(c.length + 1, here.scan(c.pages, c.codes, c.length)));
      expect([c.warmEnd, c.releases, c.dense]).toEqual([warmEnd, here.lastReleases, here.dense]);
    }
    // A slow reader makes the worker wait for free slots.
    if (slow) await new Promise((r) => setTimeout(r, 5));
  }
  return Buffer.concat([...parts, ...codes]);
}

describe('chunksAhead', () => {
  // More records than the slots hold at once: slots are reused, the worker waits for the reader.
  const s = randomStream(5, { length: AHEAD_SLOTS * SLOT_RECORDS + 54321, universe: 5000, named: true, releaseRate: 0.001 });
  const bin = path.join(dir, 'big.bin');
  const w = new TraceWriter(bin, { format: 'basic-named', pageSize: 4096, releases: true });
  s.pages.forEach((p, i) => w.append(s.codes[i]!, p));
  w.close();
  const pageCount = new Set(s.pages).size;

  it('yields the records of a binary stream, plain and gzipped, as reading on this thread does', async () => {
    const gz = path.join(dir, 'big.bin.gz');
    fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(bin), { level: 1 }));
    for (const file of [bin, gz]) {
      const warmupReferences = file === bin ? 777_777 : 0;
      const ahead = chunksAhead(file, { pageCount, warmupReferences });
      const here = new RunTally(pageCount, warmupReferences);
      const got = await records(ahead.chunks, file === bin, here);
      expect(got.length).toBe(s.pages.length * 5);
      expect(got.equals(await records((await openTraceStream(file)).chunks()))).toBe(true);
      expect(ahead.facts()).toEqual(tallyFacts(here));
      expect(ahead.facts()).toMatchObject({ records: s.pages.length, dense: true, next: pageCount });
    }
  });

  it('hands a reader started early to the next stream, and starts its own for the one after', async () => {
    const direct = await records((await openTraceStream(bin)).chunks());
    startReaderEarly();
    // The early reader waits for its job: the stream named long after it started is the one it reads.
    await new Promise((r) => setTimeout(r, 300));
    for (const warmupReferences of [123_456, 0]) {
      const ahead = chunksAhead(bin, { pageCount, warmupReferences });
      const here = new RunTally(pageCount, warmupReferences);
      expect((await records(ahead.chunks, false, here)).equals(direct)).toBe(true);
      expect(ahead.facts()).toEqual(tallyFacts(here));
    }
  });

  it('stops the worker when the reader leaves early', async () => {
    let seen = 0;
    for await (const c of chunksAhead(bin, { pageCount, warmupReferences: 0 }).chunks) {
      seen += c.length;
      break;
    }
    expect(seen).toBeGreaterThan(0);
  });

  it('reports a bad record as reading on this thread does', async () => {
    const bad = path.join(dir, 'bad.bin');
    const bytes = fs.readFileSync(bin);
    bytes[32 + 5 * (SLOT_RECORDS + 7)] = 0xff;
    fs.writeFileSync(bad, bytes);
    const here = await records((await openTraceStream(bad)).chunks()).catch((e: Error) => e);
    const there = await records(chunksAhead(bad, { pageCount, warmupReferences: 0 }).chunks).catch((e: Error) => e);
    expect(there).toBeInstanceOf(Error);
    expect((there as Error).name).toBe('InputError');
    expect((there as Error).message).toBe((here as Error).message);
    expect((there as Error).message).toMatch(/record 262152 \(byte 1310787\): invalid record code 0xff/);
    // The same from a reader started before the stream was known.
    startReaderEarly();
    const early = await records(chunksAhead(bad, { pageCount, warmupReferences: 0 }).chunks).catch((e: Error) => e);
    expect((early as Error).message).toBe((here as Error).message);
  });
});

describe('chunksAhead’s reader killed mid-stream', () => {
  it('is reported as stopped after the chunks it published, not waited for for ever', { timeout: 20_000 }, async () => {
    const s = randomStream(6, { length: 2 * AHEAD_SLOTS * SLOT_RECORDS, universe: 3000 });
    const bin = path.join(dir, 'killed.bin');
    const w = new TraceWriter(bin, { format: 'basic', pageSize: 4096 });
    s.pages.forEach((p, i) => w.append(s.codes[i]!, p));
    w.close();
    const worker = startReaderEarly()!;
    let seen = 0;
    const read = (async () => {
      for await (const c of chunksAhead(bin, { pageCount: new Set(s.pages).size, warmupReferences: 0 }).chunks) {
        // Killed while the first chunk is held: the reader is at most a ring ahead, far from the end.
        if (seen === 0) void worker.terminate();
        expect(Array.from(c.pages.subarray(0, c.length))).toEqual(s.pages.slice(seen, seen + c.length));
        seen += c.length;
      }
    })();
    await expect(read).rejects.toThrow(/^reading ahead: the reading thread stopped before the end of the stream$/);
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThan(s.pages.length);
  });
});

describe('the hand-over word', () => {
  // One schedule: the caller claims pieces, the worker decodes chunks and asks, in a seeded order.
  // Every record must be read by exactly one thread: the caller's claims before the take-over, the
  // worker's from it; the worker takes over inside the chunk it holds, or not before the caller's end.
  it('gives every record to exactly one thread, in every interleaving of 200 seeded schedules', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const r = rng(seed);
      const total = 1 + randomInt(r, 5000);
      const head = new BigInt64Array(new SharedArrayBuffer(8));
      let claimed = 0;
      let callerDone = false;
      let workerAt = 0; // records the worker has decoded and counted
      let takenAt = -1;
      while (!callerDone || (takenAt < 0 && workerAt < total)) {
        if (!callerDone && (r() < 0.5 || takenAt >= 0 || workerAt >= total)) {
          const n = Math.min(1 + randomInt(r, 300), total - claimed);
          if (!headClaim(head, claimed, n)) callerDone = true;
          else if ((claimed += n) === total) callerDone = true;
        } else if (takenAt < 0 && workerAt < total) {
          const to = Math.min(total, workerAt + 1 + randomInt(r, 400));
          const claim = takeOver(head, to);
          expect(claim.at).toBeGreaterThanOrEqual(workerAt);
          if (claim.taken) {
            expect(claim.at).toBeLessThan(to);
            takenAt = claim.at;
          }
          workerAt = to;
        }
      }
      if (takenAt >= 0) expect(claimed).toBe(takenAt);
      else expect(claimed).toBe(total);
      // The caller's next claim after a take-over fails.
      if (takenAt >= 0) expect(headClaim(head, claimed, 1)).toBe(false);
    }
  });
});

describe('chunksAhead with the stream open on the caller’s thread', () => {
  const s = randomStream(7, { length: 3 * AHEAD_SLOTS * SLOT_RECORDS + 999, universe: 20_000, named: true, releaseRate: 0.002 });
  const bin = path.join(dir, 'handover.bin');
  const w = new TraceWriter(bin, { format: 'basic-named', pageSize: 4096, releases: true });
  s.pages.forEach((p, i) => w.append(s.codes[i]!, p));
  w.close();
  const pageCount = new Set(s.pages).size;
  let direct: Buffer;

  /** Reads the stream ahead, the caller taking `pause(i)` ms after its i-th chunk; which thread read each chunk. */
  async function handOver(warmupReferences: number, pause: (i: number) => number): Promise<('caller' | 'worker')[]> {
    direct ??= await records((await openTraceStream(bin)).chunks());
    const ahead = chunksAhead(bin, { pageCount, warmupReferences }, await openTraceStream(bin));
    const here = new RunTally(pageCount, warmupReferences);
    const by: ('caller' | 'worker')[] = [];
    async function* noted(): AsyncGenerator<CountedChunk> {
      for await (const c of ahead.chunks) {
        // The worker's chunks sit in the ring's shared memory; the caller's in its own reader's buffers.
        by.push(c.pages.buffer instanceof SharedArrayBuffer ? 'worker' : 'caller');
        yield c;
        const ms = pause(by.length - 1);
        if (ms > 0) await new Promise((r) => setTimeout(r, ms));
      }
    }
    expect((await records(noted(), false, here)).equals(direct)).toBe(true);
    expect(ahead.facts()).toEqual(tallyFacts(here));
    return by;
  }

  it('gives the records and counts of reading on this thread, whichever thread reads the head', { timeout: 30_000 }, async () => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= 6; seed++) {
      const r = rng(seed);
      const warmup = [0, 1, 300_000, 2_000_000][seed % 4]!;
      // Pauses on the caller's side move the take-over: early (a slow start), mid-stream, or never.
      const slowFrom = randomInt(r, 6);
      const by = await handOver(warmup, (i) => (i >= slowFrom ? 25 : 0));
      const firstWorker = by.indexOf('worker');
      // Once the worker has the stream it keeps it.
      if (firstWorker >= 0) expect(by.slice(firstWorker).every((b) => b === 'worker')).toBe(true);
      seen.add(firstWorker === 0 ? 'worker from the start' : firstWorker < 0 ? 'caller throughout' : 'hand-over mid-stream');
    }
    // A reader started early, idle when the stream is named: the caller's first piece is read on its
    // own thread before the worker has opened the file; a pause lets the worker take over after it.
    startReaderEarly();
    await new Promise((r) => setTimeout(r, 300));
    const by = await handOver(0, (i) => (i === 0 ? 200 : 0));
    expect(by.at(-1)).toBe('worker');
    seen.add(by[0] === 'caller' ? 'hand-over mid-stream' : 'worker from the start');
    expect(seen.has('hand-over mid-stream')).toBe(true);
  });

  it('reads and counts the whole stream on this thread when the worker never takes over', { timeout: 20_000 }, async () => {
    const worker = startReaderEarly()!;
    await worker.terminate();
    const by = await handOver(123_456, () => 0);
    expect(new Set(by)).toEqual(new Set(['caller']));
  });
});

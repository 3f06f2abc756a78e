/**
 * Chunks read ahead and counted on a worker thread: the same records as reading on this thread, the
 * same counts as a tally of them here, the same errors.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { TraceWriter, openTraceStream, type TraceChunk } from '../../traces/index.js';
import { AHEAD_SLOTS, SLOT_RECORDS, chunksAhead, startReaderEarly } from '../../simulators/chunksAhead.js';
import type { CountedChunk } from '../../simulators/countedChunks.js';
import { RunTally, tallyFacts } from '../../simulators/runTally.js';
import { randomStream } from '../helpers/randomStreams.js';

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

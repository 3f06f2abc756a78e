import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  TraceWriter,
  computeStats,
  convertStream,
  formatTextHeader,
  formatTextRecords,
  loadTrace,
  openTraceStream,
  streamAsText,
  type StreamFormat,
} from '../../traces/index.js';
import { tempDir } from '../helpers/cli.js';
import { randomStream } from '../helpers/randomStreams.js';

async function collectText(file: string): Promise<string> {
  let text = '';
  for await (const piece of streamAsText(file)) text += piece;
  return text;
}

function writeText(file: string, format: StreamFormat, pages: number[], codes: number[], releases: boolean): string {
  const text =
    formatTextHeader({ format, pageSize: 4096, releases }) +
    formatTextRecords(Uint32Array.from(pages), Uint8Array.from(codes), 0, pages.length, format);
  fs.writeFileSync(file, text);
  return text;
}

describe('round trips between forms', () => {
  const dir = tempDir();

  it('text → binary → binary.gz → text.gz → text is identical on seeded random streams', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const named = seed % 2 === 0;
      const releases = seed % 3 === 0;
      const s = randomStream(seed, { length: 50 + seed * 37, universe: 10 + seed * 3, named, releaseRate: releases ? 0.05 : 0 });
      const format: StreamFormat = named ? 'basic-named' : 'basic';
      const original = writeText(path.join(dir, `s${seed}.txt`), format, s.pages, s.codes, releases);
      const chain = [`s${seed}.bin`, `s${seed}.bin.gz`, `s${seed}.txt.gz`, `s${seed}.back.txt`];
      let from = path.join(dir, `s${seed}.txt`);
      for (const name of chain) {
        const to = path.join(dir, name);
        await convertStream(from, to);
        from = to;
      }
      expect(fs.readFileSync(from, 'utf8')).toBe(original);
      expect(await collectText(path.join(dir, `s${seed}.bin.gz`))).toBe(original);
    }
  });

  it('records straddling read-chunk boundaries decode exactly (streams of several MiB)', async () => {
    const s = randomStream(99, { length: 700_000, universe: 50_000, named: true });
    const text = writeText(path.join(dir, 'big.txt'), 'basic-named', s.pages, s.codes, false);
    await convertStream(path.join(dir, 'big.txt'), path.join(dir, 'big.bin'));
    await convertStream(path.join(dir, 'big.bin'), path.join(dir, 'big.bin.gz'));
    for (const name of ['big.txt', 'big.bin', 'big.bin.gz']) {
      const { trace } = await loadTrace(path.join(dir, name));
      expect(trace.length).toBe(s.pages.length);
      expect(Array.from(trace.pages.subarray(0, 1000))).toEqual(s.pages.slice(0, 1000));
      expect(Array.from(trace.codes.subarray(trace.length - 1000))).toEqual(s.codes.slice(-1000));
      let sum = 0;
      for (let i = 0; i < trace.length; i++) sum = (sum * 31 + trace.pages[i]! * 7 + trace.codes[i]!) % 1_000_000_007;
      let expected = 0;
      for (let i = 0; i < s.pages.length; i++) expected = (expected * 31 + s.pages[i]! * 7 + s.codes[i]!) % 1_000_000_007;
      expect(sum).toBe(expected);
    }
    expect(await collectText(path.join(dir, 'big.bin.gz'))).toBe(text);
  });

  it('a plain binary file records its page and record counts in the header', async () => {
    const s = randomStream(5, { length: 300, universe: 40 });
    writeText(path.join(dir, 'c.txt'), 'basic', s.pages, s.codes, false);
    await convertStream(path.join(dir, 'c.txt'), path.join(dir, 'c.bin'));
    const stream = await openTraceStream(path.join(dir, 'c.bin'));
    expect(stream.info.records).toBe(300);
    expect(stream.info.pageCount).toBe(Math.max(...s.pages) + 1);
  });
});

describe('density rule', () => {
  const dir = tempDir();

  it('the writer refuses pages that are not dense in first-appearance order, naming the record', () => {
    const w = new TraceWriter(path.join(dir, 'x.bin'), { format: 'basic', pageSize: 4096, source: 'in.txt' });
    w.append(0, 0);
    w.append(0, 1);
    expect(() => w.append(0, 5)).toThrow(/in\.txt: record 3: pages are not dense .*new page 0x5, expected 0x2/);
    w.abort();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('renumbering keeps first-appearance order', async () => {
    fs.writeFileSync(path.join(dir, 'sparse.txt'), 'r 10\nw 3\nr 10\nr ff\nx 3\n');
    await convertStream(path.join(dir, 'sparse.txt'), path.join(dir, 'dense.txt'), { renumber: true });
    expect(fs.readFileSync(path.join(dir, 'dense.txt'), 'utf8')).toBe('#faultline basic page-size=4096\nr 0\nw 1\nr 0\nr 2\nx 1\n');
  });

  it('loading a sparse stream renumbers it and says so', async () => {
    fs.writeFileSync(path.join(dir, 'belady.txt'), ['1', '2', '3', '4', '1', '2', '5'].map((p) => `r ${p}`).join('\n'));
    const { trace, renumbered } = await loadTrace(path.join(dir, 'belady.txt'));
    expect(renumbered).toBe(true);
    expect(Array.from(trace.pages)).toEqual([0, 1, 2, 3, 0, 1, 4]);
    expect(trace.pageCount).toBe(5);
  });
});

describe('stats', () => {
  it('counts operations, kinds, pages, releases and footprint', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'named.txt');
    fs.writeFileSync(file, '#faultline basic-named page-size=8192 releases\nr 0 a\nw 0 a\n< 1 f\n> 1 f\nr 2 a\nx 0\n> 3 f\n');
    const s = await computeStats(await openTraceStream(file));
    expect(s).toMatchObject({
      format: 'basic-named',
      pageSize: 8192,
      records: 7,
      references: 6,
      releases: 1,
      distinctPages: 4,
      vmReads: 2,
      vmWrites: 1,
      fsReads: 1,
      fsWrites: 2,
      anonReferences: 3,
      fileReferences: 3,
      anonPages: 2,
      filePages: 2,
      footprintKiB: 32,
      dense: true,
    });
  });
});

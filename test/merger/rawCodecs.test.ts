import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../traces/index.js';
import {
  KERNEL_TAGS,
  KernelTraceWriter,
  ReferenceTraceWriter,
  formatKernelRecord,
  openReferenceTrace,
  parseKernelLine,
  readKernelRecords,
  readReferenceRecords,
  withKernelTraceWriter,
  withReferenceTraceWriter,
  type KernelRecord,
  type ReferenceLayout,
  type ReferenceRecord,
} from '../../merger/index.js';
import { listFiles, tempDir } from '../helpers/cli.js';
import { rng } from '../helpers/random.js';
import { randomKernelRecord, randomReferenceRecord } from './rawRandom.js';

async function collect<T>(gen: AsyncGenerator<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of gen) out.push(x);
  return out;
}

describe('kernel-event text codec', () => {
  const dir = tempDir();

  it('writes each tag exactly as kVMTrace did (hand-checked lines)', () => {
    const lines: [KernelRecord, string][] = [
      [{ tag: 'S', cycle: 0x1f, reftime: 0, pid: 0x2a }, 'S 1f 0 2a'],
      [{ tag: '@', cycle: 1, reftime: 2, pid: 3, newAddress: 0x40000000, newLength: 0x2000, oldAddress: 0x8000, oldLength: 0x1000 }, '@ 1 2 3 40000000 2000 8000 1000 '],
      [{ tag: 'M', cycle: 10, reftime: 11, pid: 7, address: 0x40001000, length: 0x3000, inode: 0xbeef, major: 3, minor: 1, pageOffset: 2, fileType: 'f', filename: 'lib c.so' }, 'M a b 7 40001000 3000 beef 3 1 2 f lib c.so'],
      [{ tag: '(', cycle: 5, reftime: 0, pid: 7, inode: 9, major: 8, minor: 0, size: 0x10000, fileType: 'p', filename: '' }, '( 5 0 7 9 8 0 10000 p '],
      [{ tag: '-', cycle: 255, reftime: 16, inode: 9, major: 8, minor: 0 }, '- ff 10 9 8 0'],
      [{ tag: 'e', cycle: 1, reftime: 1 }, 'e 1 1'],
    ];
    for (const [record, line] of lines) {
      expect(formatKernelRecord(record)).toBe(line);
      expect(parseKernelLine(line)).toEqual(record);
    }
  });

  it('reads lenient input: upper-case hex, runs of blanks, CRLF, comments and blank lines', () => {
    expect(parseKernelLine('U  1F\t0 2a  BEEF 1000   ')).toEqual({ tag: 'U', cycle: 0x1f, reftime: 0, pid: 0x2a, address: 0xbeef, length: 0x1000 });
    expect(parseKernelLine('# a comment')).toBeUndefined();
    expect(parseKernelLine('   ')).toBeUndefined();
    expect(parseKernelLine('X 1 2 3 4 5 6  two spaces ')).toEqual({ tag: 'X', cycle: 1, reftime: 2, pid: 3, inode: 4, major: 5, minor: 6, filename: ' two spaces ' });
    expect(parseKernelLine('X 1 2 3 4 5 6')).toEqual({ tag: 'X', cycle: 1, reftime: 2, pid: 3, inode: 4, major: 5, minor: 6, filename: '' });
  });

  it('round-trips seeded random records of every tag, plain and gzip, across read chunks', async () => {
    for (const seed of [1, 2, 3]) {
      const r = rng(seed);
      const records = Array.from({ length: seed === 3 ? 60_000 : 3000 }, () => randomKernelRecord(r));
      for (const name of [`k${seed}.txt`, `k${seed}.txt.gz`]) {
        const file = path.join(dir, name);
        await withKernelTraceWriter(file, {}, (w) => records.forEach((rec) => w.write(rec)));
        expect(await collect(readKernelRecords(file))).toEqual(records);
      }
    }
    const tagsSeen = new Set((await collect(readKernelRecords(path.join(dir, 'k1.txt')))).map((x) => x.tag));
    expect([...tagsSeen].sort()).toEqual([...KERNEL_TAGS].sort());
  });

  it('the writer refuses values it cannot write, naming the record, and leaves no file', async () => {
    const file = path.join(dir, 'bad-writer.txt');
    const bad = [
      { tag: 'S', cycle: -1, reftime: 0, pid: 1 },
      { tag: 'S', cycle: 2 ** 53, reftime: 0, pid: 1 },
      { tag: 'F', cycle: 1, reftime: 0, pid: 1.5, parentPid: 1 },
      { tag: 'X', cycle: 1, reftime: 0, pid: 1, inode: 1, major: 1, minor: 1, filename: 'a\nb' },
      { tag: 'M', cycle: 1, reftime: 0, pid: 1, address: 0, length: 1, inode: 1, major: 1, minor: 1, pageOffset: 0, fileType: 'z', filename: 'x' },
      { tag: 'Q', cycle: 1, reftime: 0 },
    ] as unknown as KernelRecord[];
    for (const record of bad) {
      const before = listFiles(dir);
      await expect(
        withKernelTraceWriter(file, {}, (w) => {
          w.write({ tag: 'S', cycle: 0, reftime: 0, pid: 1 });
          w.write(record);
        }),
      ).rejects.toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: record 2: `));
      expect(listFiles(dir)).toEqual(before);
    }
  });

  it('nothing appears under the name before close', () => {
    const file = path.join(dir, 'pending.txt.gz');
    const w = new KernelTraceWriter(file);
    w.write({ tag: 'S', cycle: 1, reftime: 0, pid: 1 });
    expect(fs.existsSync(file)).toBe(false);
    w.close();
    expect(zlib.gunzipSync(fs.readFileSync(file)).toString()).toBe('S 1 0 1\n');
  });
});

describe('reference trace codecs', () => {
  const dir = tempDir();
  const layouts: [ReferenceLayout, number][] = [['i386', 32], ['x86_64', 53], ['text', 53]];

  it('lays out binary records byte by byte as docs/raw-formats.md defines them', async () => {
    const rec: ReferenceRecord = { tag: 'W', cycle: 0x0102030405, reftime: 0x0a0b, context: 0xc0ffee, vpn: 0x40001 };
    const i386 = path.join(dir, 'one.i386');
    const x86 = path.join(dir, 'one.x86_64');
    await withReferenceTraceWriter(i386, { layout: 'i386' }, (w) => w.writeRecord(rec));
    await withReferenceTraceWriter(x86, { layout: 'x86_64' }, (w) => w.writeRecord(rec));
    expect([...fs.readFileSync(i386)]).toEqual([
      0x57, 0, 0, 0, 0x05, 0x04, 0x03, 0x02, 0x01, 0, 0, 0, 0x0b, 0x0a, 0, 0, 0, 0, 0, 0, 0xee, 0xff, 0xc0, 0, 0x01, 0x00, 0x04, 0,
    ]);
    expect([...fs.readFileSync(x86)]).toEqual([
      0x57, 0, 0, 0, 0, 0, 0, 0, 0x05, 0x04, 0x03, 0x02, 0x01, 0, 0, 0, 0x0b, 0x0a, 0, 0, 0, 0, 0, 0, 0xee, 0xff, 0xc0, 0, 0, 0, 0, 0, 0x01,
      0x00, 0x04, 0, 0, 0, 0, 0,
    ]);
    const text = path.join(dir, 'one.txt');
    await withReferenceTraceWriter(text, { layout: 'text' }, (w) => w.writeRecord(rec));
    expect(fs.readFileSync(text, 'utf8')).toBe('W 102030405 a0b c0ffee 40001\n');
  });

  it('round-trips seeded random records in every layout, plain and gzip, given or detected', async () => {
    for (const [layout, bits] of layouts) {
      for (const seed of [11, 12]) {
        const r = rng(seed);
        const records = Array.from({ length: seed === 12 ? 100_000 : 500 }, () => randomReferenceRecord(r, bits));
        for (const gz of ['', '.gz']) {
          const file = path.join(dir, `r${seed}.${layout}${gz}`);
          await withReferenceTraceWriter(file, { layout, level: 1 }, (w) => records.forEach((x) => w.writeRecord(x)));
          const trace = await openReferenceTrace(file);
          expect(trace.info).toEqual({ file, layout, gzip: gz !== '' });
          await trace.close();
          expect(await collect(readReferenceRecords(file, { layout }))).toEqual(records);
          expect(await collect(readReferenceRecords(file))).toEqual(records);
        }
      }
    }
  });

  it('detects the layout of tiny files and reads an empty one as no records', async () => {
    const one: ReferenceRecord = { tag: 'r', cycle: 0x100000000, reftime: 1, context: 2, vpn: 3 };
    for (const layout of ['i386', 'x86_64'] as const) {
      const file = path.join(dir, `tiny.${layout}`);
      await withReferenceTraceWriter(file, { layout }, (w) => w.writeRecord(one));
      const trace = await openReferenceTrace(file);
      expect(trace.info.layout).toBe(layout);
      await trace.close();
      expect(await collect(readReferenceRecords(file))).toEqual([one]);
    }
    fs.writeFileSync(path.join(dir, 'empty'), '');
    expect(await collect(readReferenceRecords(path.join(dir, 'empty')))).toEqual([]);
  });

  it('text traces accept comments, blank lines and upper-case hex', async () => {
    const file = path.join(dir, 'lenient.txt');
    fs.writeFileSync(file, '# cycle-sorted\n\nR 1F 0 C0 40\r\nw\t20 1  c0 41   \n');
    expect(await collect(readReferenceRecords(file))).toEqual([
      { tag: 'R', cycle: 0x1f, reftime: 0, context: 0xc0, vpn: 0x40 },
      { tag: 'w', cycle: 0x20, reftime: 1, context: 0xc0, vpn: 0x41 },
    ]);
  });

  it('the writer refuses values the layout cannot hold', async () => {
    const file = path.join(dir, 'refuse.i386');
    const w = new ReferenceTraceWriter(file, { layout: 'i386' });
    expect(() => w.write('r', 1, 1, 2 ** 32, 1)).toThrow(/record 1: context must be an integer in \[0, ffffffff\] for the i386 layout/);
    expect(() => w.write('x' as 'r', 1, 1, 1, 1)).toThrow(InputError);
    w.abort();
    expect(fs.existsSync(file)).toBe(false);
  });
});

/**
 * Golden tests: one hand-made file per format and the stream worked out by hand.
 *
 * oracleGeneral / txt: ids 7, 2³²+7, 7, 2⁶⁴−1, 2⁵³+1, (txt: a blank line), 2⁵³, 2³²+7, 2⁶⁴−1
 *   (txt: then "  007  " without a newline, the number 7) → pages 0 1 0 2 3 4 1 2 (0), all reads.
 * csv (obj-id-col=2, op-col=4, delimiter=semicolon, has-header): alpha GET → 0 r; 42 set → 1 w;
 *   alpha get → 0 r; "042" Read → 2 r (text differs from "42"); 42 W → 1 w; " beta " r → 3 r.
 * hex: 1a2b → 0; 0x1A2B (same value) → 0; ffffffffffffffff → 1; 0 → 2; 1a2b → 0; 2⁵² → 3.
 * lirs: 5 → 0; 3 → 1; 5 → 0; blank skipped; 2⁶⁴−1 → 2; 3 → 1; "*" skipped.
 * spc (512-byte blocks): ASU 0 bytes 0–4095 → page 0 (0 r); ASU 0 LBA 7 = bytes 3584–4607 →
 *   pages 0, 1 (0 w, 1 w); ASU 1 bytes 0–511 → its page 0, new (2 w); size 0 → nothing;
 *   ASU 0 LBA 16 = bytes 8192–11775 → page 2 (3 r).
 * arc: blocks 0–7 = bytes 0–4095 → page 0; blocks 4–11 = bytes 2048–6143 → pages 0, 1;
 *   block 100000 = byte 51200000 → page 12500 (2); block 0 → page 0.
 * msr: hm/0 bytes 4096–12287 → pages 1, 2 (0 r, 1 r); hm/1 bytes 4096–8191 → its page 1 (2 w);
 *   prxy/0 bytes 0–511 (3 w); hm/0 bytes 12000–12199 → page 2 (1 w); size 0 → nothing.
 * lackey: I 0401ab70 → vpn 401a (0 r); S 1fff000768 → 1fff000 (1 w); I 0401affe,4 crosses into
 *   401b (0 r, 2 r); M 04033e06 → 4033 (3 r, 3 w); L 0401a000 (0 r); M 0401bffc,8 crosses
 *   401b/401c (2 r, 2 w, 4 r, 4 w); L 04a18de0 → 4a18 (5 r). Without instructions the I lines
 *   go and the numbering shifts: 1fff000 → 0, 4033 → 1, 401a → 2, 401b → 3, 401c → 4, 4a18 → 5.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openTraceStream, streamAsText } from '../../traces/index.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { rng } from '../helpers/random.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/importers');

interface Golden {
  format: string;
  input: string;
  expected: string;
  requests: number;
}

const GOLDEN: Golden[] = [
  { format: 'oracleGeneral', input: 'small.oracleGeneral.bin', expected: 'small.oracleGeneral.expected.txt', requests: 8 },
  { format: 'txt', input: 'small.txt', expected: 'small.txt.expected.txt', requests: 9 },
  { format: 'csv[obj-id-col=2,op-col=4,delimiter=semicolon,has-header]', input: 'small.csv', expected: 'small.csv.expected.txt', requests: 6 },
  { format: 'hex', input: 'small.hex', expected: 'small.hex.expected.txt', requests: 6 },
  { format: 'lirs', input: 'small.trc', expected: 'small.trc.expected.txt', requests: 5 },
  { format: 'spc', input: 'small.spc', expected: 'small.spc.expected.txt', requests: 5 },
  { format: 'arc', input: 'small.arc', expected: 'small.arc.expected.txt', requests: 4 },
  { format: 'msr', input: 'small.msr.csv', expected: 'small.msr.expected.txt', requests: 5 },
  { format: 'lackey', input: 'small.lackey', expected: 'small.lackey.expected.txt', requests: 7 },
  { format: 'lackey[no-instructions]', input: 'small.lackey', expected: 'small.lackey.no-instructions.expected.txt', requests: 7 },
];

const fixture = (name: string): string => path.join(FIXTURES, name);
const dir = tempDir();
const expectedText = (g: Golden): string => fs.readFileSync(fixture(g.expected), 'utf8');

async function libraryText(stream: string): Promise<string> {
  let text = '';
  for await (const piece of streamAsText(stream)) text += piece;
  return text;
}

describe('each format imports its hand-made file to the hand-checked stream', () => {
  for (const g of GOLDEN) {
    it(`${g.format} through the library (FORMAT:FILE)`, async () => {
      expect(await libraryText(`${g.format}:${fixture(g.input)}`)).toBe(expectedText(g));
    });

    it(`${g.format} through faultline cat and faultline import`, () => {
      const cat = runCli(['cat', `${g.format}:${fixture(g.input)}`]);
      expect(cat.stderr).toBe('');
      expect(cat.stdout).toBe(expectedText(g));
      const out = path.join(dir, `${g.input}.out.txt`);
      const imp = runCli(['import', g.format, fixture(g.input), '-o', out]);
      expect(imp.status).toBe(0);
      const records = expectedText(g).trim().split('\n').length - 1;
      const pages = new Set(expectedText(g).trim().split('\n').slice(1).map((l) => l.split(' ')[1])).size;
      expect(imp.stderr).toBe(`${out}: ${records} references, ${pages} pages (basic-named) from ${g.requests} ${g.format} records\n`);
      expect(fs.readFileSync(out, 'utf8')).toBe(expectedText(g));
    });
  }
});

describe('settings', () => {
  it('command-line options mean the same as the bracket form, and win over it', () => {
    const viaFlag = runCli(['import', 'lackey', fixture('small.lackey'), '--no-instructions', '-o', path.join(dir, 'a.txt')]);
    const overridden = runCli(['import', 'lackey[instructions]', fixture('small.lackey'), '--no-instructions', '-o', path.join(dir, 'b.txt')]);
    expect([viaFlag.status, overridden.status]).toEqual([0, 0]);
    const expected = fs.readFileSync(fixture('small.lackey.no-instructions.expected.txt'), 'utf8');
    expect(fs.readFileSync(path.join(dir, 'a.txt'), 'utf8')).toBe(expected);
    expect(fs.readFileSync(path.join(dir, 'b.txt'), 'utf8')).toBe(expected);
  });

  it('page-size and block-size change how block requests split (arc with 512-byte pages: one page per block)', async () => {
    // Blocks 0–7, 4–11, 100000, 0: pages are blocks, numbered 0–7, then 8–11 new, 12, then 0.
    const pages = [0, 1, 2, 3, 4, 5, 6, 7, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0];
    const expected = `#faultline basic-named page-size=512\n${pages.map((p) => `r ${p.toString(16)} f\n`).join('')}`;
    expect(await libraryText(`arc[page-size=512]:${fixture('small.arc')}`)).toBe(expected);
    // 4096-byte blocks in 4096-byte pages: block N is page N (0–7, 4–11, 100000, 0).
    const big = (await libraryText(`arc[block-size=4096]:${fixture('small.arc')}`)).trim().split('\n').slice(1);
    expect(big).toHaveLength(8 + 8 + 1 + 1);
    expect(big.slice(8, 12)).toEqual(['r 4 f', 'r 5 f', 'r 6 f', 'r 7 f']);
  });

  it('lirs with a block size: each block maps onto the pages its bytes cover', async () => {
    // 8192-byte blocks in 4096-byte pages: block 5 → pages 10, 11; block 3 → pages 6, 7.
    fs.writeFileSync(path.join(dir, 't.trc'), '5\n3\n5\n*\n');
    const text = await libraryText(`lirs[block-size=8192]:${path.join(dir, 't.trc')}`);
    expect(text.trim().split('\n').slice(1)).toEqual(['r 0 f', 'r 1 f', 'r 2 f', 'r 3 f', 'r 0 f', 'r 1 f']);
  });

  it('kind= overrides the format default, and the page size goes into the header', async () => {
    const text = await libraryText(`hex[kind=file,page-size=8192]:${fixture('small.hex')}`);
    expect(text.split('\n').slice(0, 2)).toEqual(['#faultline basic-named page-size=8192', 'r 0 f']);
  });

  it('a whitespace-delimited csv with an id in column 1 and no op column', async () => {
    fs.writeFileSync(path.join(dir, 't.csv'), 'a  1\n\tb 2\nc 3 \na 4\n');
    const text = await libraryText(`csv[obj-id-col=1,delimiter=space]:${path.join(dir, 't.csv')}`);
    expect(text.trim().split('\n').slice(1)).toEqual(['r 0 f', 'r 1 f', 'r 2 f', 'r 0 f']);
  });

  it('gzip input is detected', async () => {
    const gz = path.join(dir, 'small.lackey.gz');
    fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(fixture('small.lackey'))));
    expect(await libraryText(`lackey:${gz}`)).toBe(fs.readFileSync(fixture('small.lackey.expected.txt'), 'utf8'));
  });

  it('a reader that stops early (cat … | head) gets its gzip input closed instead of hanging', async () => {
    const gz = path.join(dir, 'big.lackey.gz');
    // Random addresses, so that the compressed file spans several read chunks and gunzip pushes back.
    const r = rng(5);
    const lines = Array.from({ length: 400_000 }, () => ` L ${Math.floor(r() * 2 ** 40).toString(16)},8\n`);
    fs.writeFileSync(gz, zlib.gzipSync(lines.join('')));
    for (const spec of [`lackey:${gz}`, `oracleGeneral:${gz}`]) {
      const stopped = (async () => {
        for await (const chunk of (await openTraceStream(spec)).chunks()) if (chunk.length) break;
        return 'stopped';
      })();
      const timeout = new Promise((resolve) => setTimeout(() => resolve('hung'), 10_000).unref());
      expect(await Promise.race([stopped, timeout])).toBe('stopped');
    }
  });

  it('stats reads FORMAT:FILE and names it', () => {
    const r = runCli(['stats', '--json', `spc:${fixture('small.spc')}`]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ file: `spc:${fixture('small.spc')}`, references: 5, distinctPages: 4, vmReads: 2, vmWrites: 3, filePages: 4, dense: true });
  });
});

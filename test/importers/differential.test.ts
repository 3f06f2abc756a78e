/**
 * Differential tests: every importer against a small, obviously-correct reference (strings,
 * BigInt arithmetic, a Map renumbering) on seeded random inputs large enough to cross the
 * reader's 1 MiB input chunks, the 64 Ki-record output chunks and many hash-table growths.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { KIND_LETTERS, OP_LETTERS, OP_MASK, KIND_SHIFT, openTraceStream } from '../../traces/index.js';
import { tempDir } from '../helpers/cli.js';
import { randomInt, rng } from '../helpers/random.js';

const dir = tempDir();
let counter = 0;

/** A reference record: operation letter and the foreign identity of its page. */
type Ref = [op: 'r' | 'w', key: string];

interface Stream {
  pages: number[];
  ops: string[];
  kinds: Set<string>;
}

async function imported(spec: string, content: string | Uint8Array): Promise<Stream> {
  const file = path.join(dir, `in-${++counter}`);
  fs.writeFileSync(file, content);
  const out: Stream = { pages: [], ops: [], kinds: new Set() };
  for await (const c of (await openTraceStream(`${spec}:${file}`)).chunks()) {
    for (let i = 0; i < c.length; i++) {
      out.pages.push(c.pages[i]!);
      out.ops.push(OP_LETTERS[c.codes[i]! & OP_MASK]);
      out.kinds.add(KIND_LETTERS[c.codes[i]! >> KIND_SHIFT]);
    }
  }
  return out;
}

/** The reference stream: keys renumbered densely in first-appearance order by a Map. */
function reference(refs: Ref[]): { pages: number[]; ops: string[] } {
  const seen = new Map<string, number>();
  const pages = refs.map(([, key]) => {
    if (!seen.has(key)) seen.set(key, seen.size);
    return seen.get(key)!;
  });
  return { pages, ops: refs.map(([op]) => op) };
}

/** Compares record by record, reporting the first difference rather than two huge arrays. */
function expectSame(actual: Stream, refs: Ref[], kind: string): void {
  const want = reference(refs);
  const n = Math.max(actual.pages.length, want.pages.length);
  let first = -1;
  for (let i = 0; i < n && first < 0; i++) {
    if (actual.pages[i] !== want.pages[i] || actual.ops[i] !== want.ops[i]) first = i;
  }
  if (first >= 0) {
    const window = (s: { pages: number[]; ops: string[] }): string[] => s.pages.slice(first, first + 4).map((p, j) => `${s.ops[first + j]} ${p}`);
    expect({ at: first, got: window(actual) }).toEqual({ at: first, got: window(want) });
  }
  expect(actual.pages.length).toBe(want.pages.length);
  if (refs.length) expect([...actual.kinds]).toEqual([kind]);
}

const TWO_64 = 1n << 64n;

/** 64-bit ids that stress exactness: small, high half only, around 2⁵³, near 2⁶⁴. */
function randomId(r: () => number): bigint {
  const pick = randomInt(r, 5);
  const small = BigInt(randomInt(r, 5000));
  if (pick === 0) return small;
  if (pick === 1) return (small << 32n) | 7n;
  if (pick === 2) return (1n << 53n) + small - 2500n;
  if (pick === 3) return TWO_64 - 1n - small;
  return BigInt(randomInt(r, 2 ** 30)) * BigInt(randomInt(r, 2 ** 30)) + small;
}

/** Byte range [offset, offset + size) → the keys of the pages it touches on `disk`. */
function pagesOf(disk: string, offset: bigint, size: bigint, pageSize: bigint): string[] {
  const keys: string[] = [];
  if (size === 0n) return keys;
  for (let p = offset / pageSize; p <= (offset + size - 1n) / pageSize; p++) keys.push(`${disk}/${p}`);
  return keys;
}

describe('importers agree with reference implementations on random inputs', () => {
  it('oracleGeneral: 64-bit ids exactly, across chunk boundaries and table growth', async () => {
    const r = rng(1);
    const ids = Array.from({ length: 250_000 }, () => randomId(r));
    const bytes = Buffer.alloc(ids.length * 24);
    ids.forEach((id, i) => {
      bytes.writeUInt32LE(i, i * 24);
      bytes.writeBigUInt64LE(id, i * 24 + 4);
      bytes.writeUInt32LE(randomInt(r, 1 << 20), i * 24 + 12);
      bytes.writeBigInt64LE(-1n, i * 24 + 16);
    });
    const refs: Ref[] = ids.map((id) => ['r', String(id)]);
    expectSame(await imported('oracleGeneral', bytes), refs, 'f');
    expectSame(await imported('oracleGeneral', zlib.gzipSync(bytes)), refs, 'f');
  });

  it('txt, hex and lirs: one id per line, with blanks, CRLF and spelling variants', async () => {
    for (let seed = 1; seed <= 3; seed++) {
      const r = rng(100 + seed);
      const ids = Array.from({ length: 60_000 }, () => randomId(r));
      const pad = (): string => [' ', '\t', ''][randomInt(r, 3)]!;
      const eol = (): string => (randomInt(r, 10) === 0 ? '\r\n' : randomInt(r, 20) === 0 ? '\n\n' : '\n');
      const txt = ids.map((id) => `${pad()}${randomInt(r, 8) === 0 ? '00' : ''}${id}${pad()}${eol()}`).join('');
      const hex = ids.map((id) => {
        const h = id.toString(16);
        return `${randomInt(r, 4) === 0 ? '0x' : ''}${randomInt(r, 2) ? h.toUpperCase() : h}${eol()}`;
      }).join('');
      const lirs = ids.map((id) => `${id}\n`).join('') + '*\n';
      const refs: Ref[] = ids.map((id) => ['r', String(id)]);
      expectSame(await imported('txt', txt), refs, 'f');
      expectSame(await imported('hex', hex), refs, 'a');
      expectSame(await imported('lirs', lirs), refs, 'f');
    }
  });

  it('lirs with a block size: blocks map onto the pages their bytes cover', async () => {
    const r = rng(7);
    for (const [blockSize, pageSize] of [[512, 4096], [8192, 4096], [1000, 4096], [4096, 512]] as const) {
      const blocks = Array.from({ length: 30_000 }, () => BigInt(randomInt(r, 1 << 20)));
      const refs: Ref[] = blocks.flatMap((b) => pagesOf('', b * BigInt(blockSize), BigInt(blockSize), BigInt(pageSize)).map((k): Ref => ['r', k]));
      expectSame(await imported(`lirs[block-size=${blockSize},page-size=${pageSize}]`, blocks.join('\n')), refs, 'f');
    }
  });

  it('spc: disks kept apart, requests split into pages, reads and writes kept', async () => {
    const r = rng(11);
    for (const [blockSize, pageSize] of [[512, 4096], [520, 4096], [4096, 8192], [512, 512]] as const) {
      const refs: Ref[] = [];
      const lines: string[] = [];
      for (let i = 0; i < 40_000; i++) {
        const asu = randomInt(r, 4);
        const lba = BigInt(randomInt(r, 2 ** 22)) * BigInt(1 + randomInt(r, 2 ** 11));
        const size = BigInt(randomInt(r, 5) === 0 ? 0 : randomInt(r, 20_000));
        const op = 'rRwW'[randomInt(r, 4)]!;
        lines.push(`${asu},${lba},${size},${op},${(i / 100).toFixed(6)}${randomInt(r, 3) === 0 ? ',x,y' : ''}`);
        const kind = op.toLowerCase() as 'r' | 'w';
        for (const k of pagesOf(String(asu), lba * BigInt(blockSize), size, BigInt(pageSize))) refs.push([kind, k]);
      }
      expectSame(await imported(`spc[block-size=${blockSize},page-size=${pageSize}]`, lines.join('\n') + '\n'), refs, 'f');
    }
  });

  it('msr: volumes by host and disk, byte offsets split into pages', async () => {
    const r = rng(12);
    const hosts = ['hm', 'prxy', 'src1', 'web'];
    const refs: Ref[] = [];
    const lines: string[] = [];
    for (let i = 0; i < 60_000; i++) {
      const host = hosts[randomInt(r, hosts.length)]!;
      const disk = randomInt(r, 3);
      const offset = BigInt(randomInt(r, 2 ** 26)) * BigInt(1 + randomInt(r, 2 ** 14));
      const size = BigInt(randomInt(r, 10) === 0 ? 0 : randomInt(r, 70_000));
      const write = randomInt(r, 2) === 1;
      lines.push(`${128166372003061629n + BigInt(i)},${host},${disk},${write ? 'Write' : 'Read'},${offset},${size},${randomInt(r, 5000)}`);
      for (const k of pagesOf(`${host}:${disk}`, offset, size, 4096n)) refs.push([write ? 'w' : 'r', k]);
    }
    expectSame(await imported('msr', lines.join('\r\n')), refs, 'f');
  });

  it('arc: runs of blocks, including runs longer than an output chunk', async () => {
    const r = rng(13);
    for (const pageSize of [4096, 512]) {
      const refs: Ref[] = [];
      const lines: string[] = [];
      for (let i = 0; i < 20_000; i++) {
        const start = BigInt(randomInt(r, 2 ** 24));
        const count = BigInt(i % 5000 === 0 ? 150_000 : randomInt(r, 40));
        lines.push(`${start} ${count} 0 ${i}`);
        for (const k of pagesOf('', start * 512n, count * 512n, BigInt(pageSize))) refs.push(['r', k]);
      }
      expectSame(await imported(`arc[page-size=${pageSize}]`, lines.join('\n')), refs, 'f');
    }
  });

  it('csv: ids compared as exact text, operations by column, any delimiter', async () => {
    const r = rng(14);
    const words = ['alpha', 'beta', 'x:y', '0', '00', '7', '07', '123456789012345', '1234567890123456', '18446744073709551616', '-3'];
    const id = (): string => (randomInt(r, 3) === 0 ? words[randomInt(r, words.length)]! : String(randomInt(r, 100_000)));
    for (const [name, char] of [['comma', ','], ['semicolon', ';'], ['tab', '\t'], ['|', '|']] as const) {
      const refs: Ref[] = [];
      const lines = ['key,op,size'.replaceAll(',', char)];
      for (let i = 0; i < 30_000; i++) {
        const key = id();
        const op = ['get', 'GET', 'set', 'r', 'W', 'append', 'gets'][randomInt(r, 7)]!;
        const write = ['set', 'w', 'append'].includes(op.toLowerCase());
        lines.push([String(i), key, String(randomInt(r, 100)), op].join(char));
        refs.push([write ? 'w' : 'r', key]);
      }
      expectSame(await imported(`csv[obj-id-col=2,op-col=4,delimiter=${name},has-header]`, lines.join('\n')), refs, 'f');
    }
  });

  it('lackey: page crossings, modifies, ==PID== lines, 64-bit addresses, with and without instructions', async () => {
    const r = rng(15);
    for (const [pageSize, high] of [[4096, true], [2048, true], [65536, true], [64, false]] as const) {
      for (const instructions of [true, false]) {
        const refs: Ref[] = [];
        const lines: string[] = [];
        for (let i = 0; i < 50_000; i++) {
          if (randomInt(r, 500) === 0) {
            lines.push(randomInt(r, 2) ? '==4901== some header' : '--4901-- debug');
            continue;
          }
          const region = randomInt(r, high ? 4 : 3);
          const base = [0x04000000n, 0x1ffefff000n, 0x483c000n, 0xffffffffff600000n][region]!;
          const addr = base + BigInt(randomInt(r, 1 << 16));
          const size = BigInt([1, 2, 4, 8, 16, 32][randomInt(r, 6)]!);
          const tag = 'ILSM'[randomInt(r, 4)]!;
          lines.push(`${tag === 'I' ? 'I ' : ' ' + tag} ${addr.toString(16).padStart(8, '0')},${size}`);
          if (tag === 'I' && !instructions) continue;
          for (const k of pagesOf('', addr, size, BigInt(pageSize))) {
            if (tag === 'M') refs.push(['r', k], ['w', k]);
            else refs.push([tag === 'S' ? 'w' : 'r', k]);
          }
        }
        const spec = `lackey[page-size=${pageSize}${instructions ? '' : ',no-instructions'}]`;
        expectSame(await imported(spec, lines.join('\n') + '\n'), refs, 'a');
      }
    }
  });
});

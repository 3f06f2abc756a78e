/**
 * The load path of a whole trace: records cut by the reader's chunk boundaries (1 MiB pieces, gzip's
 * own pieces) decode exactly, the trace buffer's counts kept on the way equal a pass over the
 * finished arrays, and an imported oracleGeneral file numbers its 64-bit ids as a Map would.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { RecordCarry } from '../../traces/bytes/records.js';
import { OP_RELEASE, OP_VM_READ, OP_VM_WRITE, TraceBuffer, loadTrace } from '../../index.js';
import { HEADER_BYTES, RECORD_BYTES, encodeHeader } from '../../traces/binaryFormat.js';
import { fromArrays } from '../../traces/loadedTrace.js';
import { tempDir } from '../helpers/cli.js';
import { randomInt, rng } from '../helpers/random.js';

const meta = { name: 't', format: 'basic' as const, pageSize: 4096 };

describe('RecordCarry', () => {
  for (const seed of [1, 2, 3]) {
    it(`reassembles fixed-size records from chunks cut anywhere (seed ${seed})`, () => {
      const r = rng(seed);
      const size = 1 + randomInt(r, 30);
      const bytes = Uint8Array.from({ length: size * 500 }, () => randomInt(r, 256));
      const carry = new RecordCarry(size);
      const records: number[][] = [];
      let at = 0;
      while (at < bytes.length) {
        // Chunks of 0 to 3 records' worth, so that some hold no whole record at all.
        const chunk = bytes.slice(at, at + randomInt(r, 3 * size + 1));
        at += chunk.length;
        const { used, whole } = carry.complete(chunk);
        if (whole) records.push([...carry.record]);
        let o = used;
        for (; o + size <= chunk.length; o += size) records.push([...chunk.subarray(o, o + size)]);
        carry.keep(chunk, o);
        chunk.fill(0); // the reader may reuse its chunk: what was kept must be a copy
      }
      expect(carry.pending).toBe(0);
      expect(records).toEqual(Array.from({ length: 500 }, (_, k) => [...bytes.subarray(k * size, (k + 1) * size)]));
    });
  }
});

describe('loading a binary stream', () => {
  it('decodes records across the 1 MiB read boundaries and gzip pieces, releases and renumbering included', async () => {
    const dir = tempDir();
    try {
      const r = rng(7);
      const n = 700_000; // 3.5 MB: a record straddles every 1 MiB boundary (32 + 5k never lands on it)
      const pages = new Uint32Array(n);
      const codes = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        pages[i] = randomInt(r, 5000) * 3; // not dense: renumbered on load
        codes[i] = r() < 0.05 ? OP_RELEASE : r() < 0.3 ? OP_VM_WRITE : OP_VM_READ;
      }
      // Written by hand: faultline's writer refuses pages that are not dense.
      const bytes = Buffer.alloc(HEADER_BYTES + n * RECORD_BYTES);
      bytes.set(encodeHeader({ format: 'basic', pageSize: 4096, releases: true, records: n, pageCount: 15_000 }), 0);
      for (let i = 0; i < n; i++) {
        bytes[HEADER_BYTES + i * RECORD_BYTES] = codes[i]!;
        bytes.writeUInt32LE(pages[i]!, HEADER_BYTES + i * RECORD_BYTES + 1);
      }
      const plain = path.join(dir, 's.bin');
      fs.writeFileSync(plain, bytes);
      fs.writeFileSync(`${plain}.gz`, zlib.gzipSync(bytes));
      const want = fromArrays(meta, pages.slice(), codes.slice());
      for (const file of [plain, `${plain}.gz`]) {
        const { trace, renumbered } = await loadTrace(file);
        expect(renumbered).toBe(true);
        expect([trace.length, trace.references, trace.releases, trace.pageCount]).toEqual([n, want.references, want.releases, want.pageCount]);
        expect(Buffer.from(trace.pages.buffer, trace.pages.byteOffset, n * 4).equals(Buffer.from(want.pages.buffer, want.pages.byteOffset, n * 4))).toBe(true);
        expect(Buffer.from(trace.codes.subarray(0, n)).equals(Buffer.from(codes))).toBe(true);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('TraceBuffer', () => {
  for (const dense of [true, false]) {
    it(`counts releases and finds ${dense ? 'dense' : 'scattered'} pages while records arrive, as a pass over the arrays does`, () => {
      const r = rng(dense ? 11 : 12);
      const n = 50_000;
      const pages = new Uint32Array(n);
      const codes = new Uint8Array(n);
      let next = 0;
      for (let i = 0; i < n; i++) {
        pages[i] = dense ? (r() < 0.1 || next === 0 ? next++ : randomInt(r, next)) : randomInt(r, 9000) + (i === 0 ? 1 : 0);
        codes[i] = r() < 0.1 ? OP_RELEASE : OP_VM_READ;
      }
      const fresh: SharedArrayBuffer[] = [];
      const buffer = new TraceBuffer(16, false, (b) => fresh.push(b));
      for (let at = 0; at < n; ) {
        const k = Math.min(n - at, randomInt(r, 3000));
        if (k === 1) buffer.push(codes[at]!, pages[at]!);
        else buffer.pushChunk(pages.subarray(at), codes.subarray(at), k);
        at += k;
      }
      const got = buffer.finish(meta);
      const want = fromArrays(meta, pages.slice(), codes.slice());
      expect(got.renumbered).toBe(!dense);
      // Every array the records were written to was announced before it was filled.
      expect(fresh).toContain(buffer.pages.buffer);
      expect(fresh).toContain(buffer.codes.buffer);
      expect(fresh).toContain(got.pages.buffer);
      expect(fresh.length).toBeGreaterThan(2);
      expect({ ...got, pages: [...got.pages], codes: [...got.codes] }).toEqual({ ...want, pages: [...want.pages], codes: [...want.codes] });
    });
  }
});

describe('oracleGeneral import', () => {
  it('numbers 64-bit object ids like a Map, with records cut by the read boundaries, plain and gzip', async () => {
    const dir = tempDir();
    try {
      const r = rng(21);
      const n = 120_000; // 2.9 MB of 24-byte records: 1 MiB is no multiple of 24
      const bytes = Buffer.alloc(n * 24);
      const pool = Array.from({ length: 30_000 }, () => [r() < 0.5 ? 0 : randomInt(r, 2 ** 32), randomInt(r, 2 ** 32)] as const);
      const map = new Map<string, number>();
      const want = new Uint32Array(n);
      for (let i = 0; i < n; i++) {
        const [hi, lo] = pool[r() < 0.6 ? randomInt(r, 100) : randomInt(r, pool.length)]!;
        bytes.writeUInt32LE(i, i * 24);
        bytes.writeUInt32LE(lo, i * 24 + 4);
        bytes.writeUInt32LE(hi, i * 24 + 8);
        bytes.writeUInt32LE(512, i * 24 + 12);
        bytes.writeBigInt64LE(-1n, i * 24 + 16);
        const key = `${hi}:${lo}`;
        if (!map.has(key)) map.set(key, map.size);
        want[i] = map.get(key)!;
      }
      const file = path.join(dir, 'o.bin');
      fs.writeFileSync(file, bytes);
      fs.writeFileSync(`${file}.gz`, zlib.gzipSync(bytes));
      for (const f of [file, `${file}.gz`]) {
        const { trace } = await loadTrace(`oracleGeneral:${f}`);
        expect([trace.length, trace.pageCount, trace.format]).toEqual([n, map.size, 'basic-named']);
        expect(Buffer.from(trace.pages.buffer, trace.pages.byteOffset, n * 4).equals(Buffer.from(want.buffer))).toBe(true);
      }
      fs.writeFileSync(file, bytes.subarray(0, bytes.length - 5));
      await expect(loadTrace(`oracleGeneral:${file}`)).rejects.toThrow(/record 120000 \(byte 2879976\).*truncated record: expected 24 bytes, found 19/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

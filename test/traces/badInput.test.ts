import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeHeader } from '../../traces/index.js';
import { listFiles, runCli, tempDir } from '../helpers/cli.js';

/** Each bad input: `convert` must fail with one line naming the file and place, exit 2, no output. */
function expectRejected(dir: string, name: string, content: Uint8Array | string, pattern: RegExp): void {
  const input = path.join(dir, name);
  fs.writeFileSync(input, content);
  const before = listFiles(dir);
  const r = runCli(['convert', input, path.join(dir, 'out.bin')]);
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(input);
  expect(lines[0]).toMatch(pattern);
  expect(lines[0]).not.toMatch(/\bat .*\.js:\d+/);
  expect(listFiles(dir)).toEqual(before);
}

function binary(records: number[][], header = encodeHeader({ format: 'basic-named', pageSize: 4096, releases: false })): Uint8Array {
  const body = records.flatMap(([code, page]) => [code!, page! & 255, (page! >> 8) & 255, (page! >> 16) & 255, page! >>> 24]);
  return Uint8Array.from([...header, ...body]);
}

describe('bad input gives one clear line, exit 2 and no output file', () => {
  const dir = tempDir();

  it('bad magic', () => {
    expectRejected(dir, 'magic.bin', Uint8Array.from([0x46, 0x4c, 0x54, 0x58, 1, 0, 2, 0, 0, 16, 0, 0]), /byte 0: not a faultline stream: expected the magic "FLTS"/);
  });

  it('unknown version', () => {
    const h = encodeHeader({ format: 'basic', pageSize: 4096, releases: false });
    h[4] = 9;
    expectRejected(dir, 'version.bin', h, /byte 4: unknown format version 9/);
  });

  it('truncated gzip', () => {
    const gz = zlib.gzipSync(Buffer.from('r 0 a\n'.repeat(20000)));
    expectRejected(dir, 'cut.txt.gz', gz.subarray(0, gz.length - 40), /corrupt or truncated gzip data/);
  });

  it('truncated record', () => {
    const bytes = binary([[8, 0], [9, 1]]);
    expectRejected(dir, 'short.bin', bytes.subarray(0, bytes.length - 2), /record 2 \(byte 37\): truncated record: expected 5 bytes, found 3/);
  });

  it('invalid record code in a binary stream', () => {
    expectRejected(dir, 'code.bin', binary([[8, 0], [0x77, 1]]), /record 2 \(byte 37\): invalid record code 0x77 for a basic-named stream/);
  });

  it('text line with the wrong number of fields', () => {
    expectRejected(dir, 'fields.txt', 'r 0 a\nw 1\n', /line 2: wrong number of fields: expected "OP PAGE KIND" \(3 fields\).*found "w 1"/);
    expectRejected(dir, 'fields2.txt', '#faultline basic\nr 0\nr 1 a\n', /line 3: wrong number of fields: expected "OP PAGE" \(2 fields\)/);
  });

  it('unknown operation', () => {
    expectRejected(dir, 'op.txt', 'r 0 a\nq 1 a\n', /line 2: unknown operation \(expected r, w, <, > or x\); found "q 1 a"/);
  });

  it('non-hex page', () => {
    expectRejected(dir, 'hex.txt', 'r 0 a\nr 1g a\n', /line 2: page is not a hexadecimal number; found "r 1g a"/);
  });

  it('unknown kind letter', () => {
    expectRejected(dir, 'kind.txt', '# comment\nr 0 a\n\nr 1 z\n', /line 4: unknown kind \(expected a for anonymous or f for file\); found "r 1 z"/);
  });

  it('non-dense pages (without --renumber)', () => {
    expectRejected(dir, 'sparse.txt', 'r 0\nr 7\n', /record 2: pages are not dense in first-appearance order/);
  });

  it('a missing file', () => {
    const r = runCli(['stats', path.join(dir, 'nope.bin')]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(`faultline: ${path.join(dir, 'nope.bin')}: no such file`);
  });

  it('an output name whose form is unknown', () => {
    fs.writeFileSync(path.join(dir, 'ok.txt'), 'r 0\n');
    const r = runCli(['convert', path.join(dir, 'ok.txt'), path.join(dir, 'out.dat')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot tell the output form from the name: use \.bin or \.txt/);
  });
});

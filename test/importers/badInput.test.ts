/**
 * Malformed input, per format: `faultline import` fails with one line naming the file, the line
 * (or record and byte) and what was expected, exits 2 and leaves no output behind.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { listFiles, runCli, tempDir } from '../helpers/cli.js';

const dir = tempDir();
let counter = 0;

/** Writes `content`, imports it as `format`, and checks the single error line against `pattern`. */
function expectRejected(format: string, content: string | Uint8Array, pattern: RegExp, extra: string[] = []): void {
  const input = path.join(dir, `in-${++counter}`);
  fs.writeFileSync(input, content);
  const before = listFiles(dir);
  const r = runCli(['import', format, input, '-o', path.join(dir, 'out.bin'), ...extra]);
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(lines[0]).not.toMatch(/\bat .*\.js:\d+/);
  expect(listFiles(dir)).toEqual(before);
}

/** The error names the input file (the last one written) and the place. */
const at = (place: string, detail: string): RegExp => new RegExp(`in-\\d+: ${place.replace(/[()]/g, '\\$&')}: ${detail}`);

function oracleRecords(ids: bigint[]): Uint8Array {
  const bytes = Buffer.alloc(ids.length * 24);
  ids.forEach((id, i) => bytes.writeBigUInt64LE(id, i * 24 + 4));
  return bytes;
}

describe('oracleGeneral', () => {
  it('a truncated last record', () => {
    expectRejected('oracleGeneral', oracleRecords([1n, 2n]).subarray(0, 47), at('record 2 (byte 24)', 'truncated record: expected 24 bytes, found 23'));
  });
  it('a truncated gzip file', () => {
    const gz = zlib.gzipSync(oracleRecords(Array.from({ length: 5000 }, (_, i) => BigInt(i))));
    expectRejected('oracleGeneral', gz.subarray(0, gz.length - 30), /corrupt or truncated gzip data/);
  });
});

describe('txt', () => {
  it('a word instead of an id', () => expectRejected('txt', '12\nabc\n', at('line 2', 'expected one decimal object id below 2\\^64; found "abc"')));
  it('an id of 2^64', () => expectRejected('txt', '1\n2\n18446744073709551616\n', at('line 3', 'expected one decimal object id below 2\\^64')));
  it('a negative id', () => expectRejected('txt', '-1\n', at('line 1', 'expected one decimal object id')));
  it('two ids on a line', () => expectRejected('txt', '1 2\n', at('line 1', 'expected one decimal object id.*found "1 2"')));
});

describe('csv', () => {
  it('no obj-id-col is a usage error', () => expectRejected('csv', 'a,b\n', /^faultline: csv needs the object id column: obj-id-col=N/));
  it('op-col equal to obj-id-col', () => expectRejected('csv[obj-id-col=2,op-col=2]', 'a,b\n', /op-col and obj-id-col are both column 2/));
  it('too few fields', () => expectRejected('csv[obj-id-col=3]', 'a,b,c\nd,e\n', at('line 2', 'expected at least 3 fields; found "d,e"')));
  it('an unknown operation', () => expectRejected('csv[obj-id-col=1,op-col=2]', 'k,get\nk,delete\n', at('line 2', 'the operation \\(column 2\\) must be one of r, read, get, gets')));
  it('an empty id', () => expectRejected('csv[obj-id-col=2]', '1,,3\n', at('line 1', 'the object id \\(column 2\\) is empty')));
});

describe('hex', () => {
  it('a non-hex page', () => expectRejected('hex', '1a\nzz\n', at('line 2', 'expected one hexadecimal page number below 2\\^64; found "zz"')));
  it('17 hex digits', () => expectRejected('hex', '10000000000000000\n', at('line 1', 'expected one hexadecimal page number below 2\\^64')));
});

describe('lirs', () => {
  it('two numbers on a line', () => expectRejected('lirs', '1\n2 3\n', at('line 2', 'expected one decimal block number \\(or \\* at the end\\)')));
  it('a block whose byte offset passes 2^53', () => {
    expectRejected('lirs[block-size=512]', '1\n18014398509481984\n', at('line 2', 'block number too large: its byte offset must stay below 2\\^53 with block-size 512'));
  });
});

describe('spc', () => {
  it('four fields', () => expectRejected('spc', '0,1,512,r,0.0\n0,1,512,r\n', at('line 2', 'expected ASU,LBA,SIZE,OPCODE,TIMESTAMP \\(5 comma-separated fields\\)')));
  it('an unknown opcode', () => expectRejected('spc', '0,1,512,x,0.0\n', at('line 1', 'OPCODE must be r, R, w or W; found "0,1,512,x,0.0"')));
  it('an LBA that is not a number', () => expectRejected('spc', '0,-1,512,r,0.0\n', at('line 1', 'LBA is not a decimal integer below 2\\^53')));
  it('a request past byte 2^53', () => expectRejected('spc', '0,9007199254740000,512,r,0\n', at('line 1', 'request reaches past byte 2\\^53')));
});

describe('arc', () => {
  it('one field', () => expectRejected('arc', '0 8 0 1\n17\n', at('line 2', 'expected START_BLOCK BLOCK_COUNT IGNORED REQUEST_NO; found "17"')));
  it('a count that is not a number', () => expectRejected('arc', '0 x 0 1\n', at('line 1', 'BLOCK_COUNT is not a decimal integer')));
});

describe('msr', () => {
  it('six fields', () => expectRejected('msr', '1,hm,0,Read,0,512\n', at('line 1', 'expected Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime \\(7 comma-separated fields\\)')));
  it('an unknown type', () => expectRejected('msr', '1,hm,0,Read,0,512,1\n2,hm,0,Trim,0,512,1\n', at('line 2', 'Type must be Read or Write')));
  it('a disk number that is not a number', () => expectRejected('msr', '1,hm,zero,Read,0,512,1\n', at('line 1', 'DiskNumber is not a decimal integer')));
});

describe('lackey', () => {
  const expected = 'expected a lackey record: I, L, S or M, then ADDRESS,SIZE';
  it('an unknown tag', () => expectRejected('lackey', 'I  0401ab70,3\n X 0401ab70,3\n', at('line 2', `${expected}.*found " X 0401ab70,3"`)));
  it('a syscall line (only ==PID== and --PID-- lines are skipped)', () => {
    expectRejected('lackey', '==1== hello\nSYSCALL[1,1](0) sys_read ( 4 )\n', at('line 2', expected));
  });
  it('a bad address', () => expectRejected('lackey', ' L 04zz,8\n', at('line 1', expected)));
  it('no size', () => expectRejected('lackey', ' L 0401ab70\n', at('line 1', expected)));
  it('a size of 2^32', () => expectRejected('lackey', ' L 0401ab70,4294967296\n', at('line 1', 'SIZE must be below 2\\^32')));
  it('an access past the end of the address space', () => expectRejected('lackey', ' L ffffffffffffffff,2\n', at('line 1', 'the access runs past the end of the 64-bit address space')));
  it('a tag glued to its address', () => expectRejected('lackey', 'I0401ab70,3\n', at('line 1', expected)));
});

describe('files and settings', () => {
  it('a missing file', () => {
    const r = runCli(['import', 'txt', path.join(dir, 'nope.txt'), '-o', path.join(dir, 'o.bin')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/nope\.txt: no such file/);
  });
  it('an unknown format', () => expectRejected('vscsi', '1\n', /unknown import format "vscsi" \(formats: oracleGeneral, txt, csv, hex, lirs, spc, arc, msr, lackey\)/));
  it('a page size that is not a power of two', () => expectRejected('spc[page-size=1000]', '0,0,1,r,0\n', /page-size=1000: expected a power of two/));
  it('a setting the format does not take', () => expectRejected('oracleGeneral', '', /oracleGeneral takes no block-size setting \(it takes page-size, kind\)/, ['--block-size', '512']));
  it('an unknown setting in brackets', () => expectRejected('lackey[bogus=1]', '', /unknown import setting "bogus"/));
  it('a setting without its value', () => expectRejected('csv[obj-id-col]', '', /import setting obj-id-col needs a value/));
  it('a bad kind', () => expectRejected('hex', '1\n', /kind=both: expected anon or file/, ['--kind', 'both']));
  it('a bad delimiter', () => expectRejected('csv[obj-id-col=1,delimiter=ab]', '1\n', /delimiter=ab: expected one ASCII character or one of comma/));
  it('an output name without a form', () => {
    const input = path.join(dir, 'ok.txt');
    fs.writeFileSync(input, '1\n');
    const r = runCli(['import', 'txt', input, '-o', path.join(dir, 'out.dat')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot tell the output form from the name/);
  });
  it('an unknown prefix that is no file name either is an unknown format (issue #15: not "no such file")', () => {
    const r = runCli(['stats', `nosuchformat:${path.join(dir, 'x')}`]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/nosuchformat:.*: unknown format "nosuchformat" before ':'/);
  });
});

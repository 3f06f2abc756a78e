/**
 * The holes a fuzzing run of 3,600 mutated inputs found (issue #15), each kept as a reproducer:
 * every one must now be a user error (InputError or UsageError: one line, exit 2 in the CLI), never
 * an internal RangeError, and never a silent success.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputError, KIND_ANON, OP_VM_READ, emptyProcessTable, isUserError, loadTrace, makeCode, withTraceWriter } from '../../index.js';
import { HEADER_BYTES, RECORD_BYTES } from '../../traces/binaryFormat.js';
import { TAGGED_RECORD_BYTES } from '../../traces/taggedFormat.js';
import { tempDir } from '../helpers/cli.js';

const dir = tempDir('faultline-repro-');
let counter = 0;

function file(content: string | Uint8Array, name = `in-${++counter}`): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

/** Loads `input` and returns the user error's message (fails on success or an internal error). */
async function refusal(input: string): Promise<string> {
  try {
    await loadTrace(input);
  } catch (err) {
    if (!isUserError(err)) throw err;
    expect(err.message).not.toContain('\n');
    return err.message;
  }
  throw new Error(`${input}: accepted`);
}

/** A valid binary stream of 6 records over pages 0..2, with its counts in the header. */
async function validBinary(): Promise<Uint8Array> {
  const p = path.join(dir, `valid-${++counter}.bin`);
  await withTraceWriter(p, { format: 'basic', pageSize: 4096 }, (w) => {
    for (const page of [0, 1, 2, 0, 1, 2]) w.append(0, page);
  });
  return new Uint8Array(fs.readFileSync(p));
}

function patched(bytes: Uint8Array, at: number, values: number[]): Uint8Array {
  const copy = bytes.slice();
  copy.set(values, at);
  return copy;
}

describe('binary stream headers are not trusted', () => {
  it('a header claiming 2^40 records is checked against the file size before any allocation', async () => {
    const bytes = patched(await validBinary(), 16, [0, 0, 0, 0, 0, 1, 0, 0]); // 2^40, little-endian
    expect(await refusal(file(bytes))).toMatch(/byte 16: the header declares 1099511627776 records \(\d+ bytes\), but the file has 62 bytes: truncated\?/);
  });

  it('a stream cut at a record boundary (fewer records than declared)', async () => {
    const bytes = (await validBinary()).subarray(0, HEADER_BYTES + 4 * RECORD_BYTES);
    expect(await refusal(file(bytes))).toMatch(/the header declares 6 records \(62 bytes\), but the file has 52 bytes/);
  });

  it('counts that disagree with the data inside gzip (no file size to check): found at the end', async () => {
    const bytes = patched(await validBinary(), 16, [9]);
    expect(await refusal(file(zlib.gzipSync(bytes)))).toMatch(/byte 62: the header declares 9 records, the stream holds 6/);
  });

  it('a page at or above the declared page count', async () => {
    const bytes = patched(await validBinary(), 12, [2]); // 2 pages declared, page 2 appears
    expect(await refusal(file(bytes))).toMatch(/record 3 \(byte 42\): page 0x2 is not below the header's page count 2/);
  });

  it('unknown flag bits', async () => {
    expect(await refusal(file(patched(await validBinary(), 7, [0x82])))).toMatch(/byte 7: unknown flag bits 0x80/);
  });

  it('non-zero reserved bytes, and counts present while the counts flag is clear', async () => {
    expect(await refusal(file(patched(await validBinary(), 27, [1])))).toMatch(/byte 27: non-zero byte 0x1 where the header is reserved: expected zero/);
    expect(await refusal(file(patched(await validBinary(), 7, [0])))).toMatch(/byte 12: non-zero byte 0x3 where the header is reserved \(the counts flag/);
  });

  it('a page size that is not a power of two (binary and text)', async () => {
    expect(await refusal(file(patched(await validBinary(), 8, [3, 0, 0, 0])))).toMatch(/byte 8: page size 3: expected a power of two/);
    expect(await refusal(file('#faultline basic page-size=3\nr 0\n'))).toMatch(/line 1: page size 3: expected a power of two/);
  });
});

describe('tagged streams', () => {
  it('a #process line without its id (found by fuzzing tagged text streams)', async () => {
    const text = '#faultline tagged page-size=4096\nr 0 a 0 0\n#process i0=0 label=unattributed pid=- parent=- start=0 end=- command=\n#thread id=0 process=0 label=none pid=-\n';
    expect(await refusal(file(text, 'noid.txt'))).toMatch(/noid\.txt: line 4: bad process table: process 0: expected id 0, found none$/);
  });

  it('a binary table that is not JSON and holds line breaks: still one line (found by fuzzing)', async () => {
    const p = path.join(dir, 'broken-table.bin');
    await withTraceWriter(p, { format: 'basic-named', pageSize: 4096, tagged: true }, (w) => {
      const read = makeCode(OP_VM_READ, KIND_ANON);
      w.appendChunk(Uint32Array.of(0, 1), Uint8Array.of(read, read), 2, Uint32Array.of(0, 0), Uint32Array.of(0, 0));
      w.setProcessTable(emptyProcessTable());
    });
    const valid = fs.readFileSync(p);
    const trailer = HEADER_BYTES + 2 * TAGGED_RECORD_BYTES;
    const table = Buffer.from('{"processes":\n[{"id":0,"end":\null}');
    const bytes = Buffer.concat([valid.subarray(0, trailer + TAGGED_RECORD_BYTES), table]);
    bytes.writeUInt32LE(table.length, trailer + 1);
    expect(await refusal(file(bytes, 'broken-table.bin'))).toMatch(/broken-table\.bin: record 3 \(byte 58\): bad process table: not JSON \(/);
  });
});

describe('empty inputs and format names', () => {
  it('an empty file, plain or gzip, is not an empty stream', async () => {
    expect(await refusal(file(''))).toMatch(/empty file: expected a faultline stream/);
    expect(await refusal(file(zlib.gzipSync(Buffer.alloc(0))))).toMatch(/empty after gunzip/);
  });

  it('a misspelt importer name says "unknown format", not "no such file"', async () => {
    const real = file('1\n2\n');
    const message = await refusal(`oracleGenral:${real}`);
    expect(message).toMatch(/unknown format "oracleGenral" before ':' \(formats: .*oracleGeneral/);
  });
});

describe('importers refuse requests beyond the stated limit before allocating', () => {
  it('one SPC line asking for 2^31 pages', async () => {
    const input = file(`0,0,${2 ** 31 * 4096},r,0.0\n`);
    expect(await refusal(`spc:${input}`)).toMatch(/line 1: request spans 2147483648 pages, more than the limit of 1048576 \(setting max-request-pages raises it\)/);
  });

  it('MSR and ARC likewise; the setting raises (or lowers) the limit', async () => {
    expect(await refusal(`msr:${file(`1,hm,0,Read,0,${2 ** 40},1\n`)}`)).toMatch(/request spans 268435456 pages/);
    expect(await refusal(`arc:${file(`0 ${2 ** 31} 0 1\n`)}`)).toMatch(/request spans 268435456 pages/);
    const five = file('0 40 0 1\n'); // 40 blocks of 512 bytes: 5 pages of 4 KiB
    expect(await refusal(`arc[max-request-pages=4]:${five}`)).toMatch(/request spans 5 pages, more than the limit of 4/);
    expect((await loadTrace(`arc:${five}`)).trace.length).toBe(5);
  });

  it('ARC lines need all four fields, decimal', async () => {
    expect(await refusal(`arc:${file('0 8\n')}`)).toMatch(/line 1: expected START_BLOCK BLOCK_COUNT IGNORED REQUEST_NO; found "0 8"/);
    expect(await refusal(`arc:${file('0 8 0 1\n0 8 x 2\n')}`)).toMatch(/line 2: IGNORED is not a decimal integer/);
    expect(await refusal(`arc:${file('0 8 0 1 9\n')}`)).toMatch(/line 1: expected START_BLOCK BLOCK_COUNT IGNORED REQUEST_NO/);
  });
});

it('a user error is what the CLI prints as one line (InputError carries file and place)', async () => {
  const err = await loadTrace(file('')).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(InputError);
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readKernelRecords, readReferenceRecords, type LayoutChoice } from '../../merger/index.js';
import { tempDir } from '../helpers/cli.js';

async function drain(gen: AsyncGenerator<unknown>): Promise<void> {
  for await (const _ of gen) void _;
}

/** The whole error message, for exact comparison. */
async function failure(gen: AsyncGenerator<unknown>): Promise<string> {
  try {
    await drain(gen);
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
}

function i386(tag: number, cycle: number, context: number, vpn: number): number[] {
  const b = Buffer.alloc(28);
  b[0] = tag;
  b.writeBigUInt64LE(BigInt(cycle), 4);
  b.writeUInt32LE(context, 20);
  b.writeUInt32LE(vpn, 24);
  return [...b];
}

describe('bad kernel-event traces name the file, the line and what was found', () => {
  const dir = tempDir();
  const kernel = async (text: string): Promise<string> => {
    const file = path.join(dir, 'k.txt');
    fs.writeFileSync(file, text);
    return (await failure(readKernelRecords(file))).replace(file, 'FILE');
  };

  it('unknown tag', async () => {
    expect(await kernel('S 1 0 1\nQ 2 0 1\n')).toBe('FILE: line 2: unknown record tag (expected one of S F X T A D M m @ U u C s / ( ) < > - t a ! e & [ ] z); found "Q 2 0 1"');
    expect(await kernel('SS 1 0 1\n')).toMatch(/^FILE: line 1: unknown record tag/);
  });

  it('wrong field count, too few and too many', async () => {
    expect(await kernel('# header\nF 1 0 2\n')).toBe('FILE: line 2: wrong number of fields: expected "F cycle reftime pid parentPid" (5 fields); found "F 1 0 2"');
    expect(await kernel('U 1 0 2 1000 1000 9\n')).toBe('FILE: line 1: wrong number of fields: expected "U cycle reftime pid address length" (6 fields); found "U 1 0 2 1000 1000 9"');
    expect(await kernel('M 1 0 2 1000 1000 5 3 1 0\n')).toMatch(/^FILE: line 1: wrong number of fields: expected "M cycle reftime pid address length inode major minor pageOffset fileType filename" \(12 fields\)/);
  });

  it('non-hex field, value beyond 2^53-1, unknown file type', async () => {
    expect(await kernel('S 1 0 1\nS 2 0 1g\n')).toBe('FILE: line 2: field pid is not a hexadecimal number; found "S 2 0 1g"');
    expect(await kernel('S 20000000000000 0 1\n')).toBe('FILE: line 1: field cycle exceeds 2^53-1, the largest value faultline keeps exactly; found "S 20000000000000 0 1"');
    expect(await kernel('( 1 0 2 5 3 1 0 q name\n')).toMatch(/^FILE: line 1: field fileType must be one of f p d s o; found/);
  });

  it('a malformed last line without a newline is still reported', async () => {
    expect(await kernel('S 1 0 1\nS 2')).toMatch(/^FILE: line 2: wrong number of fields/);
  });
});

describe('bad reference traces name the file, the record or line and what was found', () => {
  const dir = tempDir();
  const refs = async (bytes: Uint8Array | string, layout: LayoutChoice = 'auto'): Promise<string> => {
    const file = path.join(dir, 'r.bin');
    fs.writeFileSync(file, bytes);
    return (await failure(readReferenceRecords(file, { layout }))).replace(file, 'FILE');
  };

  it('truncated binary record, i386 and x86_64', async () => {
    const two = Uint8Array.from([...i386(0x72, 1, 2, 3), ...i386(0x77, 2, 2, 3)]);
    expect(await refs(two.subarray(0, 50))).toBe('FILE: record 2 (byte 28): truncated record: expected 28 bytes, found 22');
    const x = new Uint8Array(80);
    x[0] = 0x72;
    x[40] = 0x52;
    expect(await refs(x.subarray(0, 79), 'x86_64')).toBe('FILE: record 2 (byte 40): truncated record: expected 40 bytes, found 39');
  });

  it('unknown tag byte in a binary record', async () => {
    const bytes = Uint8Array.from([...i386(0x72, 1, 2, 3), ...i386(0x72, 2, 2, 3), ...i386(0x78, 3, 2, 3)]);
    expect(await refs(bytes, 'i386')).toBe('FILE: record 3 (byte 56): unknown reference tag 0x78 (expected r, R, w or W)');
  });

  it('a u64 beyond 2^53-1', async () => {
    const bytes = Uint8Array.from(i386(0x72, 2 ** 60, 2, 3));
    expect(await refs(bytes, 'i386')).toBe('FILE: record 1 (byte 0): cycle exceeds 2^53-1, the largest value faultline keeps exactly');
  });

  it('bytes that fit no layout', async () => {
    expect(await refs(Uint8Array.from([0x72, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]))).toMatch(
      /^FILE: byte 0: not a kVMTrace reference trace: the first bytes are neither text nor binary records/,
    );
  });

  it('text: unknown tag, wrong field count, non-hex field', async () => {
    expect(await refs('r 1 0 c0 40\nx 2 0 c0 40\n')).toBe('FILE: line 2: unknown reference tag (expected r, R, w or W); found "x 2 0 c0 40"');
    expect(await refs('r 1 0 c0 40\n\nw 2 0 c0\n')).toBe('FILE: line 3: wrong number of fields: expected "tag cycle reftime context vpn" (5 fields); found "w 2 0 c0"');
    expect(await refs('r 1 0 c0 40 7\n')).toBe('FILE: line 1: wrong number of fields: expected "tag cycle reftime context vpn" (5 fields); found "r 1 0 c0 40 7"');
    expect(await refs('r 1 0 c0 4z\n')).toBe('FILE: line 1: field vpn is not a hexadecimal number; found "r 1 0 c0 4z"');
  });
});

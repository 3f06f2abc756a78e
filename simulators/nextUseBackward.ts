/**
 * The future of a stream that is not loaded, for a policy that needs only each record's next use
 * (OPT replayed per size: PolicySetup.nextUse): one backward read of the file. A plain binary
 * stream's records have a fixed size, so the file is read in blocks from its end, and the same
 * backward pass policies/structures/nextUse.ts makes over a loaded trace runs over each block.
 *
 * Loading the trace to make that pass costs, on the bench's 20M-reference stream, about 0.5 s of a
 * 2.7 s OPT run (100 MB of fresh arrays, first touched): reading backward needs only the next-use
 * array the pass writes anyway, and the replay then streams.
 *
 * The records are not checked here: the forward pass that follows decodes and checks every one, in
 * order, and reports the first bad record as any other reading does (a bad page here only misses
 * the per-page array: its record's next use is wrong, and the replay stops before it). The file's size and modification time are taken before the read, for
 * the forward pass to check that it read the same file (`FileStamp`).
 */
import * as fs from 'node:fs';
import { HEADER_BYTES, RECORD_BYTES } from '../traces/binaryFormat.js';
import { nextUsesBackward } from '../policies/structures/nextUse.js';
import { preFault } from './preFault.js';
import type { StreamInfo } from '../traces/index.js';
import { UsageError } from '../traces/errors.js';

/** Records read per block (1.25 MiB). */
const BLOCK_RECORDS = 1 << 18;

/**
 * The stream is a plain binary faultline file on disk that declares its counts and holds exactly
 * the records it declares: its records can be read from the end. (Only a faultline header declares
 * the counts; the size is checked again here because the file must be a regular file, not a pipe.)
 */
export function readsBackward(info: StreamInfo): boolean {
  const { file, form, gzip, tagged, records, pageCount } = info;
  if (form !== 'binary' || gzip || tagged || records === undefined || pageCount === undefined) return false;
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return !!stat?.isFile() && stat.size === HEADER_BYTES + records * RECORD_BYTES;
}

/** What the file was when its next uses were read. */
export class FileStamp {
  private constructor(
    private readonly file: string,
    private readonly stamp: string,
  ) {}

  static of(file: string): FileStamp {
    return new FileStamp(file, FileStamp.read(file));
  }

  private static read(file: string): string {
    const { size, mtimeMs, ino } = fs.statSync(file);
    return `${size} ${mtimeMs} ${ino}`;
  }

  /** Throws when the file is no longer what it was. */
  check(): void {
    if (FileStamp.read(this.file) !== this.stamp) throw new UsageError(`${this.file}: the file changed between the backward read of its next uses and the replay: was it written during the run?`);
  }
}

/**
 * For each record of the plain binary stream `info` (readsBackward), the index of the next
 * reference to its page: the record count when there is none, a release ending a page's uses.
 * `onBlock` is told the records read so far after each block.
 */
export function nextUseBackward(info: StreamInfo, onBlock?: (records: number) => void, blockRecords = BLOCK_RECORDS): { nextUse: Int32Array; stamp: FileStamp } {
  const n = info.records!;
  const stamp = FileStamp.of(info.file);
  const shared = new SharedArrayBuffer(Math.max(1, n) * 4);
  // Filled from its end: its pages are faulted in from the start on a spare core meanwhile.
  preFault(shared);
  const nextUse = new Int32Array(shared, 0, n);
  const last = new Int32Array(info.pageCount!).fill(n);
  const size = Math.min(blockRecords, Math.max(1, n));
  const bytes = new Uint8Array(size * RECORD_BYTES);
  const pages = new Uint32Array(size);
  const codes = new Uint8Array(size);
  const fd = fs.openSync(info.file, 'r');
  try {
    for (let end = n; end > 0; ) {
      const start = Math.max(0, end - blockRecords);
      readBlock(fd, info.file, bytes, (end - start) * RECORD_BYTES, HEADER_BYTES + start * RECORD_BYTES);
      decodeBlock(bytes, end - start, pages, codes);
      nextUsesBackward(pages, codes, start, end - start, nextUse, last);
      onBlock?.(n - start);
      end = start;
    }
  } finally {
    fs.closeSync(fd);
  }
  return { nextUse, stamp };
}

function readBlock(fd: number, file: string, into: Uint8Array, length: number, position: number): void {
  for (let got = 0; got < length; ) {
    const read = fs.readSync(fd, into, got, length - got, position + got);
    if (read === 0) throw new UsageError(`${file}: the file ended at byte ${position + got} while its next uses were read: was it written during the run?`);
    got += read;
  }
}

/**
 * The pages and codes of `count` records. Unchecked (see the top of this file): a page at or above
 * the page count only misses the per-page array, and the forward pass stops at its record.
 */
function decodeBlock(bytes: Uint8Array, count: number, pages: Uint32Array, codes: Uint8Array): void {
  for (let k = 0, o = 0; k < count; k++, o += RECORD_BYTES) {
    codes[k] = bytes[o]!;
    pages[k] = (bytes[o + 1]! | (bytes[o + 2]! << 8) | (bytes[o + 3]! << 16)) + bytes[o + 4]! * 0x1000000;
  }
}

/** Decodes the records and the trailing process table of a binary tagged stream (taggedFormat.ts). */
import { joinCarry } from './bytes/lines.js';
import { HEADER_BYTES, validCodeTable } from './binaryFormat.js';
import { InputError } from './errors.js';
import { ChunkBuffer, type StreamInfo, type TraceChunk } from './streamReader.js';
import { TAGGED_RECORD_BYTES, TRAILER_CODE, TagRange, decodeTrailerTable } from './taggedFormat.js';

const u32 = (d: Uint8Array, o: number): number => (d[o]! | (d[o + 1]! << 8) | (d[o + 2]! << 16)) + d[o + 3]! * 0x1000000;

/**
 * Yields the records; at the end sets `info.processTable`. As for plain binary streams
 * (streamReader.ts), when the header declares its counts every page must be below the declared page
 * count and the records must number exactly as declared.
 */
export async function* taggedBinaryChunks(info: StreamInfo, head: Uint8Array, rest: AsyncGenerator<Uint8Array>): AsyncGenerator<TraceChunk> {
  const file = info.file;
  const where = (record: number): string => `record ${record + 1} (byte ${HEADER_BYTES + record * TAGGED_RECORD_BYTES})`;
  try {
    const valid = validCodeTable(info.format);
    const pageLimit = info.pageCount ?? 2 ** 32;
    const out = new ChunkBuffer(true);
    let record = 0;
    const range = new TagRange();
    let carry = head.subarray(HEADER_BYTES);
    let pending: Uint8Array | undefined = carry;
    /** The table's bytes once the trailer record has been read. */
    let table: { length: number; parts: Uint8Array[]; got: number } | undefined;
    for (;;) {
      let data: Uint8Array;
      if (pending) {
        data = pending;
        pending = undefined;
      } else {
        const next = await rest.next();
        if (next.done) break;
        // Once the trailer is reached the rest is the table's bytes: no partial record to carry.
        data = table ? next.value : joinCarry(carry, next.value);
      }
      if (table) {
        table.parts.push(data);
        table.got += data.length;
        continue;
      }
      const n = Math.floor(data.length / TAGGED_RECORD_BYTES);
      out.reserve(n);
      const { pages, codes } = out;
      const processes = out.processes!;
      const threads = out.threads!;
      let i = 0;
      for (let o = 0; i < n; i++, o += TAGGED_RECORD_BYTES) {
        const code = data[o]!;
        if (valid[code] === 0) {
          if (code === TRAILER_CODE) {
            table = { length: u32(data, o + 1), parts: [data.subarray(o + TAGGED_RECORD_BYTES)], got: data.length - o - TAGGED_RECORD_BYTES };
            break;
          }
          throw new InputError(file, where(record + i), `invalid record code 0x${code.toString(16)} for a tagged stream`);
        }
        codes[i] = code;
        const page = u32(data, o + 1);
        if (page >= pageLimit) throw new InputError(file, where(record + i), `page 0x${page.toString(16)} is not below the header's page count ${pageLimit}`);
        pages[i] = page;
        processes[i] = u32(data, o + 5);
        threads[i] = u32(data, o + 9);
      }
      out.length = i;
      record += i;
      range.add(processes, threads, i);
      carry = table ? new Uint8Array(0) : data.subarray(n * TAGGED_RECORD_BYTES);
      if (i) yield out;
    }
    if (!table) {
      if (carry.length) throw new InputError(file, where(record), `truncated record: expected ${TAGGED_RECORD_BYTES} bytes, found ${carry.length}`);
      throw new InputError(file, where(record), 'tagged stream ends without its process table (truncated?)');
    }
    if (info.records !== undefined && record !== info.records) {
      throw new InputError(file, `byte ${HEADER_BYTES + record * TAGGED_RECORD_BYTES}`, `the header declares ${info.records} records, the stream holds ${record}`);
    }
    if (table.got !== table.length) {
      throw new InputError(file, where(record), `process table: expected ${table.length} bytes, found ${table.got}`);
    }
    const bytes = Buffer.concat(table.parts);
    info.processTable = range.check(decodeTrailerTable(bytes, record, file, where(record)), file, where(record));
  } finally {
    await rest.return(undefined);
  }
}

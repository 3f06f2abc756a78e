/**
 * libCacheSim's `oracleGeneral` binary traces: no header, packed little-endian 24-byte records
 * `u32 clock_time, u64 obj_id, u32 obj_size, i64 next_access_vtime` (libCacheSim,
 * traceReader/customizedReader/oracle/oracleGeneralBin.h). Each request is one VM read of the
 * object's page: one object, one page, whatever its size; time and next access are not needed.
 */
import * as os from 'node:os';
import { RecordCarry } from '../bytes/records.js';
import { InputError } from '../errors.js';
import { KIND_FILE, OP_VM_READ, makeCode } from '../operations.js';
import type { TraceChunk } from '../streamReader.js';
import { CHUNK_RECORDS, ChunkBuilder } from './chunkBuilder.js';
import { DensePages, type IdSpace } from './idSpace.js';
import type { ImportCounts, Importer } from './importer.js';
import type { ImportSettings } from './importSettings.js';

export const ORACLE_RECORD_BYTES = 24;
const ID_OFFSET = 4;

function u32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16)) + b[o + 3]! * 0x1000000;
}

/** Records aligned on 4 bytes are read a word at a time: the file's little-endian words are the host's. */
const WORDS = os.endianness() === 'LE';
const RECORD_WORDS = ORACLE_RECORD_BYTES / 4;
const ID_WORD = ID_OFFSET / 4;

/**
 * Decodes whole records of `data` from byte `from` until the chunk is full or no whole record is
 * left; returns where it stopped. Plain functions, not the generator, so that V8 optimises them.
 */
function decodeRecords(data: Uint8Array, from: number, out: ChunkBuilder, ids: IdSpace, code: number): number {
  const count = Math.min(Math.floor((data.length - from) / ORACLE_RECORD_BYTES), CHUNK_RECORDS - out.length);
  const n = out.length;
  if (WORDS && ((data.byteOffset + from) & 3) === 0) decodeWords(new Uint32Array(data.buffer, data.byteOffset + from, count * RECORD_WORDS), count, out.pages, n, ids);
  else decodeBytes(data, from, count, out.pages, n, ids);
  out.codes.fill(code, n, n + count);
  out.length = n + count;
  return from + count * ORACLE_RECORD_BYTES;
}

function decodeWords(words: Uint32Array, count: number, pages: Uint32Array, at: number, ids: IdSpace): void {
  for (let i = 0, w = ID_WORD; i < count; i++, w += RECORD_WORDS) pages[at + i] = ids.page(words[w + 1]!, words[w]!);
}

function decodeBytes(data: Uint8Array, from: number, count: number, pages: Uint32Array, at: number, ids: IdSpace): void {
  for (let i = 0, o = from + ID_OFFSET; i < count; i++, o += ORACLE_RECORD_BYTES) pages[at + i] = ids.page(u32(data, o + 4), u32(data, o));
}

async function* oracleChunks(file: string, bytes: AsyncIterable<Uint8Array>, settings: ImportSettings, counts: ImportCounts): AsyncGenerator<TraceChunk> {
  const ids = new DensePages(file).space();
  const code = makeCode(OP_VM_READ, settings.kind);
  const out = new ChunkBuilder();
  const carry = new RecordCarry(ORACLE_RECORD_BYTES);
  for await (const data of bytes) {
    // A record cut by the chunk boundary first; there is room: the chunk is never left full.
    const { used, whole } = carry.complete(data);
    if (whole) decodeRecords(carry.record, 0, out, ids, code);
    let o = decodeRecords(data, used, out, ids, code);
    while (out.length === CHUNK_RECORDS) {
      counts.requests += out.length;
      yield out;
      out.length = 0;
      o = decodeRecords(data, o, out, ids, code);
    }
    carry.keep(data, o);
  }
  counts.requests += out.length;
  if (carry.pending) {
    throw new InputError(file, `record ${counts.requests + 1} (byte ${counts.requests * ORACLE_RECORD_BYTES})`,
      `truncated record: expected ${ORACLE_RECORD_BYTES} bytes, found ${carry.pending}`);
  }
  if (out.length) yield out;
}

export const oracleGeneralImporter: Importer = {
  name: 'oracleGeneral',
  describe: 'libCacheSim oracleGeneral binary (24-byte records; one page per object)',
  form: 'binary',
  recordBytes: ORACLE_RECORD_BYTES,
  settings: [],
  defaultKind: KIND_FILE,
  read: oracleChunks,
};

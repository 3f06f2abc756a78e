/**
 * Reads a file as a sequence of byte chunks, transparently gunzipping it when it starts with the
 * gzip magic. Two gunzip engines exist so that bench/ can compare them; `DEFAULT_GUNZIP` is the one
 * the numbers chose (docs/formats.md records the measurement).
 */
import * as fs from 'node:fs';
import { InputError } from './errors.js';

export type GunzipEngine = 'zlib' | 'fflate';
export const DEFAULT_GUNZIP: GunzipEngine = 'zlib';
const READ_CHUNK = 1 << 20;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Checks that `file` exists and is a readable regular file, with a user-facing error otherwise; returns its size. */
export function checkReadable(file: string): number {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new InputError(file, '', 'no such file');
  }
  if (st.isDirectory()) throw new InputError(file, '', 'is a directory, expected a file');
  return st.size;
}

/** How a plain file's reads get their memory (ByteSource.recycle), and how far they have got. */
interface ReadBuffers {
  reuse: boolean;
  last?: Uint8Array;
  /** Bytes of the file read so far (compressed bytes for gzip). */
  read: number;
}

async function* rawChunks(file: string, buffers: ReadBuffers = { reuse: false, read: 0 }): AsyncGenerator<Uint8Array> {
  const handle = await fs.promises.open(file, 'r');
  try {
    for (;;) {
      const buf = buffers.reuse && buffers.last ? buffers.last : new Uint8Array(READ_CHUNK);
      buffers.last = buf;
      const { bytesRead } = await handle.read(buf, 0, READ_CHUNK, null);
      if (bytesRead === 0) return;
      buffers.read += bytesRead;
      yield bytesRead === READ_CHUNK ? buf : buf.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

function truncatedGzip(file: string, detail: string): InputError {
  return new InputError(file, '', `corrupt or truncated gzip data (${detail})`);
}

async function* gunzipWithZlib(file: string, source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  // Loaded when used: a process that reads no gzip does not load zlib (about 3 ms, in every reader thread).
  const zlib = await import('node:zlib');
  const gunzip = zlib.createGunzip({ chunkSize: READ_CHUNK });
  const feeding = (async () => {
    try {
      for await (const chunk of source) {
        // Destroyed: the reader stopped early (`faultline cat x.gz | head`); stop reading the file.
        if (gunzip.destroyed) break;
        if (!gunzip.write(chunk) && !gunzip.destroyed) {
          await new Promise<void>((resolve) => {
            const done = (): void => {
              gunzip.off('drain', done);
              gunzip.off('close', done);
              resolve();
            };
            gunzip.on('drain', done);
            gunzip.on('close', done);
          });
        }
      }
      if (!gunzip.destroyed) gunzip.end();
    } catch (err) {
      gunzip.destroy(err as Error);
    }
  })();
  try {
    for await (const out of gunzip) yield out as Buffer;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw truncatedGzip(file, (err as Error).message);
  } finally {
    await feeding;
  }
}

async function* gunzipWithFflate(file: string, source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  // Loaded when used (bench/ compares the engines): fflate costs every process about 20 ms to load.
  const { Gunzip } = await import('fflate');
  let out: Uint8Array[] = [];
  const gunzip = new Gunzip((data) => out.push(data));
  const push = (chunk: Uint8Array, final: boolean): void => {
    try {
      gunzip.push(chunk, final);
    } catch (err) {
      throw truncatedGzip(file, (err as Error).message);
    }
  };
  for await (const chunk of source) {
    push(chunk, false);
    if (out.length) {
      yield* out;
      out = [];
    }
  }
  push(new Uint8Array(0), true);
  yield* out;
}

export interface ByteSource {
  /** The file is gzip-compressed (the chunks are already decompressed). */
  gzip: boolean;
  chunks: AsyncGenerator<Uint8Array>;
  /**
   * Called by a reader that is done with each chunk when it asks for the next (it copies what it
   * keeps): a plain file's reads then reuse one buffer instead of a fresh megabyte each, whose first
   * touch costs more than the read. Nothing changes for gzip, whose engine may hold its input.
   */
  recycle(): void;
  /** How far the reads have got in the file: bytes read of its size (compressed bytes for gzip), for progress. */
  position(): { read: number; size: number };
}

/** The bytes of `file`, gunzipped if it is gzip. */
export async function openBytes(file: string, engine: GunzipEngine = DEFAULT_GUNZIP): Promise<ByteSource> {
  const size = checkReadable(file);
  const buffers: ReadBuffers = { reuse: false, read: 0 };
  const position = (): { read: number; size: number } => ({ read: buffers.read, size });
  const source = rawChunks(file, buffers);
  const first = await source.next();
  const head = first.done ? new Uint8Array(0) : first.value;
  async function* all(): AsyncGenerator<Uint8Array> {
    try {
      if (head.length) yield head;
      yield* source;
    } finally {
      // A reader that stops early (bad input in the first chunk) must still close the file.
      await source.return(undefined);
    }
  }
  if (!isGzip(head)) return { gzip: false, chunks: all(), recycle: () => (buffers.reuse = true), position };
  return { gzip: true, chunks: engine === 'zlib' ? gunzipWithZlib(file, all()) : gunzipWithFflate(file, all()), recycle: () => undefined, position };
}

/**
 * The byte sink of every writer: an atomic file (renamed into place only by `commit`), compressed
 * with fflate's streaming `Gzip` when asked. The gzip header carries no time stamp, so the same
 * content gives the same bytes.
 */
import { createRequire } from 'node:module';
import type { Gzip } from 'fflate';
import { AtomicFile } from './atomicOutput.js';

/**
 * fflate, loaded by the first compressed output rather than by every process that imports the
 * writers (about 20 ms); synchronously, as a sink is made synchronously.
 */
let fflate: typeof import('fflate') | undefined;
function gzipOf(level: 6, onChunk: (chunk: Uint8Array) => void): Gzip {
  fflate ??= createRequire(import.meta.url)('fflate') as typeof import('fflate');
  return new fflate.Gzip({ level, mtime: 0 }, onChunk);
}

export interface OutputSinkOptions {
  /** gzip level, 1 (fast) to 9 (small); only for compressed outputs. */
  level?: number;
}

export class OutputSink {
  private readonly file: AtomicFile;
  private readonly gzip: Gzip | undefined;

  constructor(readonly path: string, gzip: boolean, options: OutputSinkOptions = {}) {
    this.file = new AtomicFile(path);
    if (gzip) {
      const level = Math.min(9, Math.max(1, Math.round(options.level ?? 6))) as 6;
      this.gzip = gzipOf(level, (chunk) => this.file.write(chunk));
    }
  }

  write(bytes: Uint8Array): void {
    if (this.gzip) this.gzip.push(bytes, false);
    else this.file.write(bytes);
  }

  /** Writes at an absolute position of an uncompressed output (a header filled in at the end). */
  writeAt(bytes: Uint8Array, position: number): void {
    if (this.gzip) throw new Error(`${this.path}: cannot rewrite a compressed output`);
    this.file.writeAt(bytes, position);
  }

  get compressed(): boolean {
    return this.gzip !== undefined;
  }

  commit(): void {
    if (this.gzip) this.gzip.push(new Uint8Array(0), true);
    this.file.commit();
  }

  abort(): void {
    this.file.abort();
  }
}

export interface ClosableWriter {
  close(): void;
  abort(): void;
}

/** Runs `fill` with `writer`, closing it on success and aborting it (no output left) on any error. */
export async function fillThenClose<W extends ClosableWriter, T>(writer: W, fill: (w: W) => Promise<T> | T): Promise<T> {
  try {
    const result = await fill(writer);
    writer.close();
    return result;
  } catch (err) {
    writer.abort();
    throw err;
  }
}

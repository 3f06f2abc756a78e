/**
 * The byte sink of the raw-trace writers: an atomic file (renamed into place only by `commit`),
 * gzip-compressed with fflate's streaming `Gzip` when the path ends in `.gz`.
 */
import { Gzip } from 'fflate';
import { AtomicFile } from '../../traces/index.js';

export interface RawOutputOptions {
  /** gzip level, 1 (fast) to 9 (small); only for `.gz` paths. */
  level?: number;
}

export class RawOutput {
  private readonly file: AtomicFile;
  private readonly gzip: Gzip | undefined;

  constructor(readonly path: string, options: RawOutputOptions = {}) {
    this.file = new AtomicFile(path);
    if (path.endsWith('.gz')) {
      this.gzip = new Gzip({ level: (options.level ?? 6) as 6 }, (chunk) => this.file.write(chunk));
    }
  }

  write(bytes: Uint8Array): void {
    if (this.gzip) this.gzip.push(bytes, false);
    else this.file.write(bytes);
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

/**
 * Writes a kernel-event trace, atomically (nothing appears under the name until `close`), gzipped
 * when the path ends in `.gz`. Used by the synthetic generator and the real-program collector.
 */
import { InputError } from '../../traces/index.js';
import type { KernelRecord } from './kernelRecords.js';
import { formatKernelRecord } from './kernelText.js';
import { OutputSink, fillThenClose, type OutputSinkOptions } from '../../traces/index.js';

const FLUSH_CHARS = 1 << 16;

export class KernelTraceWriter {
  private readonly out: OutputSink;
  private pending = '';
  /** Records written so far. */
  records = 0;

  constructor(readonly path: string, options: OutputSinkOptions = {}) {
    this.out = new OutputSink(path, path.endsWith('.gz'), options);
  }

  /** Appends one record. A value that cannot be written throws an InputError naming the record. */
  write(record: KernelRecord): void {
    let line: string;
    try {
      line = formatKernelRecord(record);
    } catch (err) {
      throw new InputError(this.path, `record ${this.records + 1}`, (err as Error).message);
    }
    this.pending += line + '\n';
    this.records++;
    if (this.pending.length >= FLUSH_CHARS) this.flush();
  }

  private flush(): void {
    if (this.pending) this.out.write(Buffer.from(this.pending, 'utf8'));
    this.pending = '';
  }

  /** Finishes the file and renames it into place. */
  close(): void {
    this.flush();
    this.out.commit();
  }

  /** Drops the partial output. */
  abort(): void {
    this.out.abort();
  }
}

/** Runs `fill` with a new writer, committing on success and removing the output on any error. */
export function withKernelTraceWriter<T>(path: string, options: OutputSinkOptions, fill: (w: KernelTraceWriter) => Promise<T> | T): Promise<T> {
  return fillThenClose(new KernelTraceWriter(path, options), fill);
}

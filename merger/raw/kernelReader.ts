/** Streams a kernel-event trace (text, plain or gzip) as typed records, in constant memory. */
import { openBytes } from '../../traces/index.js';
import type { KernelRecord } from './kernelRecords.js';
import { parseKernelBytes } from './kernelText.js';
import { LineSplitter } from '../../traces/bytes/lines.js';

/** The records decoded from one read chunk, with the line each came from. */
export interface KernelBatch {
  records: KernelRecord[];
  lines: number[];
}

/** Batches of records in file order (one batch per chunk read; batches may be empty). */
export async function* readKernelBatches(file: string): AsyncGenerator<KernelBatch> {
  const { chunks } = await openBytes(file);
  const splitter = new LineSplitter();
  let batch: KernelBatch = { records: [], lines: [] };
  const onLine = (b: Uint8Array, s: number, e: number, line: number): void => {
    const r = parseKernelBytes(b, s, e, file, line);
    if (r) {
      batch.records.push(r);
      batch.lines.push(line);
    }
  };
  for await (const chunk of chunks) {
    splitter.push(chunk, onLine);
    if (batch.records.length) {
      yield batch;
      batch = { records: [], lines: [] };
    }
  }
  splitter.finish(onLine);
  if (batch.records.length) yield batch;
}

/** The records one by one (convenient for tests and small tools; the merger uses batches). */
export async function* readKernelRecords(file: string): AsyncGenerator<KernelRecord> {
  for await (const batch of readKernelBatches(file)) yield* batch.records;
}

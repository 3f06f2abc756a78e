/** `faultline import`: a foreign trace to a faultline stream file of any form, atomically. */
import type { StreamInfo } from '../streamReader.js';
import { withTraceWriter } from '../streamWriter.js';
import { openImport, type ImportOptions } from './registry.js';

export interface ImportResult {
  info: StreamInfo;
  /** Records of the foreign format that were requests (lines or binary records). */
  requests: number;
  /** References written, and the distinct pages among them. */
  references: number;
  pages: number;
}

export async function importTrace(format: string, file: string, output: string, options: ImportOptions & { level?: number } = {}): Promise<ImportResult> {
  const stream = await openImport(format, file, options);
  const { info } = stream;
  return withTraceWriter(output, { format: info.format, pageSize: info.pageSize, source: file, level: options.level }, async (writer) => {
    for await (const chunk of stream.chunks()) writer.appendChunk(chunk.pages, chunk.codes, chunk.length);
    return { info, requests: stream.counts.requests, references: writer.records, pages: writer.pageCount };
  });
}

/** Stream-to-stream conversion in constant memory (`faultline convert`), and text rendering (`cat`). */
import { openTraceStream, type OpenOptions, type StreamInfo } from './streamReader.js';
import { TraceWriter, withTraceWriter } from './streamWriter.js';
import { formatTextHeader, formatTextRecords } from './textFormat.js';
import { formatTableLines } from './taggedFormat.js';

export interface ConvertOptions extends OpenOptions {
  /** Renumber pages densely instead of refusing a non-dense input. */
  renumber?: boolean;
  level?: number;
  /** A tagged input becomes a plain basic-named output: process and thread are dropped. */
  dropTags?: boolean;
}

export interface ConvertResult {
  info: StreamInfo;
  records: number;
  pages: number;
}

export async function convertStream(input: string, output: string, options: ConvertOptions = {}): Promise<ConvertResult> {
  const stream = await openTraceStream(input, options);
  const { info } = stream;
  const tagged = info.tagged === true && !options.dropTags;
  return withTraceWriter(
    output,
    { format: info.format, pageSize: info.pageSize, releases: info.releases, renumber: options.renumber, source: input, level: options.level, tagged },
    async (writer: TraceWriter) => {
      for await (const chunk of stream.chunks()) writer.appendChunk(chunk.pages, chunk.codes, chunk.length, chunk.processes, chunk.threads);
      if (tagged) writer.setProcessTable(info.processTable!);
      return { info, records: writer.records, pages: writer.pageCount };
    },
  );
}

/** The stream as text, a piece per chunk, starting with its header line (unless `header` is false). */
export async function* streamAsText(input: string, options: OpenOptions & { header?: boolean } = {}): AsyncGenerator<string> {
  const stream = await openTraceStream(input, options);
  if (options.header !== false) yield formatTextHeader(stream.info);
  for await (const chunk of stream.chunks()) {
    const tags = chunk.processes && chunk.threads ? { processes: chunk.processes, threads: chunk.threads } : undefined;
    yield formatTextRecords(chunk.pages, chunk.codes, 0, chunk.length, stream.info.format, tags);
  }
  if (stream.info.processTable) yield formatTableLines(stream.info.processTable);
}

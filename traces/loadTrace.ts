/** Loads a whole stream (any form, or an importer's `NAME:FILE`) into a LoadedTrace. */
import * as path from 'node:path';
import { TraceBuffer, type LoadedTrace, type OnFreshMemory } from './loadedTrace.js';
import { openTraceStream, type OpenOptions, type StreamInfo, type TraceStream } from './streamReader.js';

export interface LoadResult {
  trace: LoadedTrace;
  info: StreamInfo;
  /** Pages were not dense in first-appearance order and were renumbered on load. */
  renumbered: boolean;
}

/** The name reports use for a stream: its file name without the form's extensions. */
export function traceNameOf(file: string): string {
  const base = path.basename(file.slice(file.indexOf(':') + 1));
  return base.replace(/\.gz$/, '').replace(/\.(bin|txt)$/, '') || base;
}

export interface LoadOptions extends OpenOptions {
  /** Given each shared buffer the trace is loaded into, before it is filled (TraceBuffer). */
  onFreshMemory?: OnFreshMemory;
}

export async function loadTrace(file: string, options: LoadOptions = {}): Promise<LoadResult> {
  return loadTraceStream(await openTraceStream(file, options), file, options.onFreshMemory);
}

/** Loads an opened stream (none of its chunks read yet); `file` names the trace. */
export async function loadTraceStream(stream: TraceStream, file: string, onFreshMemory?: OnFreshMemory): Promise<LoadResult> {
  // The declared count sizes the buffer only when it was checked against the file's size (plain
  // files); a buffer of the right size is never copied on the way (TraceBuffer.finish).
  const { records, expectedRecords, gzip } = stream.info;
  const buffer = new TraceBuffer((records !== undefined && !gzip ? records : expectedRecords) ?? 1 << 16, stream.info.tagged, onFreshMemory);
  for await (const chunk of stream.chunks()) buffer.pushChunk(chunk.pages, chunk.codes, chunk.length, chunk.processes, chunk.threads);
  const { renumbered, ...trace } = buffer.finish({ name: traceNameOf(file), format: stream.info.format, pageSize: stream.info.pageSize });
  const tags = stream.info.processTable && buffer.tagsWith(stream.info.processTable);
  return { trace: tags ? { ...trace, tags } : trace, info: stream.info, renumbered };
}

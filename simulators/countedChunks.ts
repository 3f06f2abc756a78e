/**
 * A stream's chunks, each with what RunTally counted of it (where counting starts within it, its
 * releases, whether pages are still dense), and the tally's facts once the stream is read: what a
 * streamed run needs besides the records. Counted on this thread, or with the reading and decoding
 * on a worker thread (chunksAhead.ts) when the machine has a core to spare and the file is large.
 */
import type { TraceChunk, TraceStream } from '../traces/index.js';
import { readsAhead } from './readsAhead.js';
import { RunTally, tallyFacts, type TallyFacts } from './runTally.js';

export interface CountedChunk extends TraceChunk {
  /** Where counting starts among the chunk's records (RunTally.scan; 0 when before them, length + 1 when after). */
  warmEnd: number;
  /** Release records in the chunk. */
  releases: number;
  /** Pages are dense in first-appearance order so far. */
  dense: boolean;
}

export interface CountedStream {
  chunks: AsyncGenerator<CountedChunk>;
  /** The tally's facts, once `chunks` is read to the end. */
  facts(): TallyFacts;
}

/** What the tally needs to know before the pass. */
export interface TallySetup {
  pageCount: number;
  warmupReferences: number;
}

/** An empty chunk, for countInto to fill again and again. */
export function emptyCountedChunk(): CountedChunk {
  return { pages: new Uint32Array(0), codes: new Uint8Array(0), length: 0, warmEnd: 0, releases: 0, dense: true };
}

/** Counts `length` records of `pages` and `codes` with `tally`, making `out` the chunk they are. */
export function countInto(out: CountedChunk, tally: RunTally, pages: Uint32Array, codes: Uint8Array, length: number): CountedChunk {
  out.warmEnd = tally.scan(pages, codes, length);
  out.pages = pages;
  out.codes = codes;
  out.length = length;
  out.releases = tally.lastReleases;
  out.dense = tally.dense;
  return out;
}

/** Counts `chunks` on this thread. */
function countHere(chunks: AsyncGenerator<TraceChunk>, setup: TallySetup): CountedStream {
  const tally = new RunTally(setup.pageCount, setup.warmupReferences);
  async function* counted(): AsyncGenerator<CountedChunk> {
    const out = emptyCountedChunk();
    for await (const chunk of chunks) yield countInto(out, tally, chunk.pages, chunk.codes, chunk.length);
  }
  return { chunks: counted(), facts: () => tallyFacts(tally) };
}

/**
 * The stream's chunks, counted. Tagged streams (the worker copies no tags) and imports (`FORMAT:FILE`:
 * the worker loads the faultline reader only) are read on this thread.
 */
export async function countedChunks(stream: TraceStream, setup: TallySetup): Promise<CountedStream> {
  const { file, tagged } = stream.info;
  if (tagged || !readsAhead(file)) return countHere(stream.chunks(), setup);
  // Loaded only here: a process that reads on its own thread does not load the worker's parts.
  const { chunksAhead } = await import('./chunksAhead.js');
  // The stream open here is read here while the worker comes online.
  return chunksAhead(file, setup, stream);
}

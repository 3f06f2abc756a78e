/**
 * A stream's chunks read, decoded and counted (RunTally) ahead on a worker thread
 * (chunksAheadWorker.ts), so that a streamed run's replay on the calling thread overlaps the
 * reading, decoding and counting of what follows.
 *
 * The head of the stream is read by whichever thread is ready first. A worker takes 0.05–0.1 s to
 * come online (more while the caller is loading its own modules), and a caller that has the stream
 * open already does not wait for it: it reads, counts and replays pieces itself, claiming each on a
 * shared word (HEAD) before it hands the piece on. The worker reads the stream from its start,
 * counting every record (its tally is the whole stream's), and once the chunk it has decoded reaches
 * past what the caller has claimed, it takes the stream over at that record; the caller's next claim
 * fails and it takes the rest from the ring. Both threads count with the same RunTally from the same
 * start, so a chunk's counts do not depend on which thread read it. A caller that reaches the end
 * first has counted the whole stream itself.
 *
 * The worker copies each decoded chunk into one of a few slots of shared memory (allocated once:
 * no fresh memory per chunk) and the calling thread takes them in order, through a SlotRing
 * (slotRing.ts: the hand-over, its waits and what ends them). Each slot's metadata: the chunk's
 * records, where counting starts, its releases, 1 while pages are dense. At the end the worker sends
 * the tally's facts; a failure is sent as AheadFailure and rebuilt here as the same error.
 */
import { MessageChannel, type Worker } from 'node:worker_threads';
import { InputError, OptionError, UsageError } from '../traces/errors.js';
import type { TraceStream } from '../traces/streamReader.js';
import { countInto, emptyCountedChunk, type CountedChunk, type CountedStream, type TallySetup } from './countedChunks.js';
import { RunTally, tallyFacts, type TallyFacts } from './runTally.js';
import { hasSpareCore } from './cores.js';
import { RING_END, RING_PENDING, SlotRing, WatchedWorker, ringBuffer, type RingShape } from './slotRing.js';
import { startWorker } from './workerThread.js';

/** Slots of shared memory between the threads, and the records each holds. */
export const AHEAD_SLOTS = 4;
export const SLOT_RECORDS = 1 << 18;

/** The ring, and the offsets of a slot's metadata numbers. */
export const AHEAD_RING: RingShape = { slots: AHEAD_SLOTS, metaWords: 4 };
export const Meta = { LENGTH: 0, WARM_END: 1, RELEASES: 2, DENSE: 3 } as const;

export interface AheadShared extends TallySetup {
  file: string;
  /** HEAD (BigInt64Array of one): see headClaim and takeOver. */
  head: SharedArrayBuffer;
  /** The SlotRing's shared memory (AHEAD_RING). */
  ring: SharedArrayBuffer;
  pages: SharedArrayBuffer;
  codes: SharedArrayBuffer;
}

/** A failure as the worker sends it: what rebuilding the same error on this side needs. */
export type AheadFailure =
  | { kind: 'input'; file: string; location: string; detail: string }
  | { kind: 'option'; option: string; detail: string }
  | { kind: 'usage' | 'other'; message: string };

export function describeFailure(err: unknown): AheadFailure {
  if (err instanceof InputError) return { kind: 'input', file: err.file, location: err.location, detail: err.detail };
  if (err instanceof OptionError) return { kind: 'option', option: err.option, detail: err.detail };
  return { kind: err instanceof UsageError ? 'usage' : 'other', message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
}

function rebuild(f: AheadFailure | undefined): Error {
  f ??= { kind: 'other', message: 'the reader failed' };
  if (f.kind === 'input') return new InputError(f.file, f.location, f.detail);
  if (f.kind === 'option') return new OptionError(f.option, f.detail);
  return f.kind === 'usage' ? new UsageError(f.message) : new Error(`reading ahead: ${f.message}`);
}

/**
 * HEAD, the hand-over word: ≥ 0 while the caller reads the head of the stream (the records it has
 * claimed), `-1 - at` once the worker has taken the stream over at record `at`.
 */
export function headWord(buffer: SharedArrayBuffer): BigInt64Array {
  return new BigInt64Array(buffer);
}

/** Caller: claims records [from, from + n) for itself; false once the worker has taken over (at `from`). */
export function headClaim(head: BigInt64Array, from: number, n: number): boolean {
  return Atomics.compareExchange(head, 0, BigInt(from), BigInt(from + n)) === BigInt(from);
}

/**
 * Worker: where the caller's claims end, and whether the worker has the stream from there. It holds
 * decoded the records up to `to`, and has counted all before its chunk, where the caller's claims
 * cannot end (it only passes a chunk the caller has claimed whole). It takes the stream over when
 * the caller's claims end before `to`; otherwise it counts the chunk and asks again with the next.
 * A claim racing the take-over moves the record on; the loop asks again.
 */
export function takeOver(head: BigInt64Array, to: number): { at: number; taken: boolean } {
  for (;;) {
    const claimed = Number(Atomics.load(head, 0));
    if (claimed < 0) return { at: -1 - claimed, taken: true };
    if (claimed >= to) return { at: claimed, taken: false };
    if (Atomics.compareExchange(head, 0, BigInt(claimed), BigInt(-1 - claimed)) === BigInt(claimed)) return { at: claimed, taken: true };
  }
}

/** A worker thread on chunksAheadWorker.ts, started and waiting for its job (its first message); its crash is caught from the start. */
function startReader(): WatchedWorker {
  return new WatchedWorker(startWorker(import.meta.url, 'chunksAheadWorker', undefined));
}

/** The reader started by startReaderEarly, until a stream takes it. */
let early: WatchedWorker | undefined;

/**
 * Starts the next stream's reader now, before the caller knows whether it will read a stream ahead:
 * a worker takes about 0.1 s to come online, which then overlaps the caller's own start (loading
 * the modules of a run, opening its trace) instead of following it. The next `chunksAhead` takes it;
 * if none does, it holds nothing open and ends with the process. Not on one core, where nothing
 * is read ahead. Returns the worker (tests stop it to see the reader's crash reported), if started.
 */
export function startReaderEarly(): Worker | undefined {
  if (!early && hasSpareCore()) {
    early = startReader();
    early.worker.unref();
  }
  return early?.worker;
}

/**
 * The decoded records of `file` (a faultline stream in any form), counted, in chunks of at most
 * SLOT_RECORDS records, read on a worker thread: the one startReaderEarly started if it is there,
 * else one that starts now (its start-up overlaps the caller's own). `opened`, the same file already
 * open on this thread, is read here until the worker takes over (see the top of this file); without
 * it every chunk comes from the worker. Chunks are valid until the next is asked for; leaving the
 * loop early stops the worker.
 */
export function chunksAhead(file: string, setup: TallySetup, opened?: TraceStream): CountedStream {
  const shared: AheadShared = {
    file,
    ...setup,
    head: new SharedArrayBuffer(8),
    ring: ringBuffer(AHEAD_RING),
    pages: new SharedArrayBuffer(AHEAD_SLOTS * SLOT_RECORDS * 4),
    codes: new SharedArrayBuffer(AHEAD_SLOTS * SLOT_RECORDS),
  };
  const thread = early ?? startReader();
  early = undefined;
  thread.worker.ref();
  const { port1, port2 } = new MessageChannel();
  thread.worker.postMessage({ ...shared, port: port2 }, [port2]);
  const ring = SlotRing.caller(shared.ring, AHEAD_RING, { thread, port: port1, failure: (m) => rebuild(m as AheadFailure | undefined), stopped: 'reading ahead: the reading thread stopped before the end of the stream' });
  const end: { facts?: TallyFacts } = {};
  return {
    chunks: takeChunks(shared, ring, end, opened),
    facts: () => {
      if (!end.facts) throw new Error('the tally of a stream read ahead is known once its chunks are read');
      return end.facts;
    },
  };
}

async function* takeChunks(shared: AheadShared, ring: SlotRing, end: { facts?: TallyFacts }, opened: TraceStream | undefined): AsyncGenerator<CountedChunk> {
  const { meta } = ring;
  const chunk = emptyCountedChunk();
  try {
    if (opened) {
      const tally = new RunTally(shared.pageCount, shared.warmupReferences);
      if (yield* readHead(opened, headWord(shared.head), tally, chunk)) {
        end.facts = tallyFacts(tally);
        return;
      }
    }
    for (;;) {
      // Asking for the next chunk frees the slot of the one before.
      const slot = ring.next();
      if (slot === RING_PENDING) {
        // The worker's crash ('error') is seen through the event loop, which blocking would starve.
        await new Promise((r) => setImmediate(r));
        continue;
      }
      if (slot === RING_END) {
        end.facts = ring.endMessage() as TallyFacts;
        return;
      }
      const m = slot * AHEAD_RING.metaWords;
      chunk.length = meta[m + Meta.LENGTH]!;
      chunk.warmEnd = meta[m + Meta.WARM_END]!;
      chunk.releases = meta[m + Meta.RELEASES]!;
      chunk.dense = meta[m + Meta.DENSE] === 1;
      chunk.pages = new Uint32Array(shared.pages, slot * SLOT_RECORDS * 4, chunk.length);
      chunk.codes = new Uint8Array(shared.codes, slot * SLOT_RECORDS, chunk.length);
      yield chunk;
    }
  } finally {
    ring.release();
  }
}

/**
 * The caller's part: pieces of `opened` of at most SLOT_RECORDS records, each claimed on HEAD before
 * it is counted and yielded, until a claim fails (the worker has the stream from there: false) or
 * the stream ends (this thread read and counted it all: true).
 */
async function* readHead(opened: TraceStream, head: BigInt64Array, tally: RunTally, out: CountedChunk): AsyncGenerator<CountedChunk, boolean> {
  let record = 0;
  for await (const piece of opened.chunks()) {
    for (let from = 0; from < piece.length; from += SLOT_RECORDS) {
      const n = Math.min(SLOT_RECORDS, piece.length - from);
      if (!headClaim(head, record, n)) return false;
      record += n;
      yield countInto(out, tally, piece.pages.subarray(from, from + n), piece.codes.subarray(from, from + n), n);
    }
  }
  return true;
}

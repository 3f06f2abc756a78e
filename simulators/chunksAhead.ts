/**
 * A stream's chunks read, decoded and counted (RunTally) ahead on a worker thread
 * (chunksAheadWorker.ts), so that a streamed run's replay on the calling thread overlaps the
 * reading, decoding and counting of what follows.
 *
 * A worker takes a while to start (a fresh Node.js thread loading its own modules: some 60 ms), so
 * the calling thread does not wait for it: it reads and counts the first chunks itself until the
 * worker has caught up, and the worker takes over at a chunk boundary. The two agree on that
 * boundary through one 64-bit word, CLAIM, changed only by compare-and-swap: the records the
 * calling thread has claimed (it claims each chunk it read before using it), or, once the worker
 * has swapped in -(R + 1), "the worker publishes from record R on". The worker reads the same
 * stream from its start and counts every record (its tally's facts are the run's), publishing only
 * from R; both read the file through the same reader, so their chunk boundaries are the same (if
 * they were not, the worker would never find CLAIM at one of its boundaries and the calling thread
 * would read to the end by itself: slower, never wrong).
 *
 * After the take-over, the worker copies each decoded chunk into one of a few slots of shared
 * memory (allocated once: no fresh memory per chunk) and the calling thread takes them in order.
 * Hand-over is by atomics on a small control array, and the calling thread blocks while it waits
 * (it has nothing else to do): `SEQ` counts the worker's events (a chunk published, the end, a
 * failure) so that a wait never misses one, and `TAKEN` the chunks the calling thread is done with,
 * which frees their slots.
 */
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { InputError, OptionError, UsageError } from '../traces/errors.js';
import type { CountedChunk, CountedStream, TallySetup } from './countedChunks.js';
import type { TraceStream } from '../traces/streamReader.js';
import type { TallyFacts } from './runTally.js';
import { startWorker } from './workerThread.js';

/** Slots of shared memory between the threads, and the records each holds. */
export const AHEAD_SLOTS = 4;
export const SLOT_RECORDS = 1 << 18;

/** Indices into the control array. */
export const Ahead = {
  /** Events of the worker: bumped (and notified) after each chunk published, at the end and on failure. */
  SEQ: 0,
  /** Chunks published. */
  PUBLISHED: 1,
  /** Chunks the reader is done with. */
  TAKEN: 2,
  /** 0 while reading, DONE after the last chunk (the tally's facts sent on the port), FAILED after an error (sent on the port). */
  STATE: 3,
  /** Per slot (AHEAD_SLOTS entries from each): records, where counting starts, releases, 1 while pages are dense. */
  LENGTHS: 4,
  WARM_ENDS: 4 + AHEAD_SLOTS,
  RELEASES: 4 + 2 * AHEAD_SLOTS,
  DENSE: 4 + 3 * AHEAD_SLOTS,
  WORDS: 4 + 4 * AHEAD_SLOTS,
} as const;
export const DONE = 1;
export const FAILED = 2;

export interface AheadShared extends TallySetup {
  file: string;
  /** CLAIM: one BigInt64 (see above). */
  claim: SharedArrayBuffer;
  control: SharedArrayBuffer;
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

function rebuild(f: AheadFailure): Error {
  if (f.kind === 'input') return new InputError(f.file, f.location, f.detail);
  if (f.kind === 'option') return new OptionError(f.option, f.detail);
  return f.kind === 'usage' ? new UsageError(f.message) : new Error(`reading ahead: ${f.message}`);
}

/** CLAIM's value once the worker publishes from record `from` on, and back (negative: taken over). */
export const takenOverAt = (from: number): bigint => -BigInt(from) - 1n;
const takeOverRecord = (claim: bigint): number => Number(-claim - 1n);

/** A stream read ahead: how many of its records the calling thread read itself, and whether the worker has taken over. */
export interface AheadStream extends CountedStream {
  readHere(): number;
  takenOver(): boolean;
}

/**
 * The decoded records of `stream` (a faultline file in any form), counted: `here`'s (its chunks
 * counted on this thread) until a worker thread that starts now, reading the same file, has caught
 * up, then the worker's. Chunks are valid until the next is asked for; leaving the loop early stops
 * the worker. The stream is closed at the end.
 */
export function chunksAhead(stream: TraceStream, setup: TallySetup, here: CountedStream): AheadStream {
  const shared: AheadShared = {
    file: stream.info.file,
    ...setup,
    claim: new SharedArrayBuffer(8),
    control: new SharedArrayBuffer(Ahead.WORDS * 4),
    pages: new SharedArrayBuffer(AHEAD_SLOTS * SLOT_RECORDS * 4),
    codes: new SharedArrayBuffer(AHEAD_SLOTS * SLOT_RECORDS),
  };
  const { port1, port2 } = new MessageChannel();
  const worker = startWorker(import.meta.url, 'chunksAheadWorker', { ...shared, port: port2 }, [port2]);
  // The worker's own crash (not an error it reports) would leave the reader waiting: it fails the wait.
  const crash: { error?: Error } = {};
  worker.on('error', (err) => (crash.error = err));
  const end: { facts?: TallyFacts; readHere: number } = { readHere: 0 };
  return {
    chunks: takeChunks(shared, stream, here, worker, port1, crash, end),
    facts: () => {
      if (!end.facts) throw new Error('the tally of a stream read ahead is known once its chunks are read');
      return end.facts;
    },
    readHere: () => end.readHere,
    takenOver: () => Atomics.load(new BigInt64Array(shared.claim), 0) < 0n,
  };
}

async function* takeChunks(shared: AheadShared, stream: TraceStream, here: CountedStream, worker: Worker, port: MessagePort, crash: { error?: Error }, end: { facts?: TallyFacts; readHere: number }): AsyncGenerator<CountedChunk> {
  const claim = new BigInt64Array(shared.claim);
  const control = new Int32Array(shared.control);
  try {
    // This thread's chunks, each claimed before it is used, until the worker has taken over.
    let claimed = 0;
    while (Atomics.load(claim, 0) >= 0n) {
      const next = await here.chunks.next();
      if (next.done) {
        end.facts = here.facts();
        return;
      }
      const chunk = next.value;
      const was = Atomics.compareExchange(claim, 0, BigInt(claimed), BigInt(claimed + chunk.length));
      if (was !== BigInt(claimed)) break;
      claimed += chunk.length;
      end.readHere = claimed;
      yield chunk;
    }
    const from = takeOverRecord(Atomics.load(claim, 0));
    if (from !== claimed) throw new Error(`reading ahead: the worker took over at record ${from}, this thread had read ${claimed}`);
    yield* workerChunks(shared, control, port, crash, end);
  } finally {
    // A worker waiting for a slot is let go before it is stopped.
    Atomics.store(control, Ahead.TAKEN, 0x7fffffff);
    Atomics.notify(control, Ahead.TAKEN);
    // Closed even if this thread never read a chunk (the worker took over at the start), which `return` alone does not.
    await here.chunks.return(undefined);
    await stream.close();
    // Stopped, not waited for: the thread's teardown (a few milliseconds, more on a busy machine) overlaps what follows.
    worker.unref();
    void worker.terminate();
    port.close();
  }
}

/** The worker's chunks, from the one it took over at, in order. */
async function* workerChunks(shared: AheadShared, control: Int32Array, port: MessagePort, crash: { error?: Error }, end: { facts?: TallyFacts }): AsyncGenerator<CountedChunk> {
  const chunk: CountedChunk = { pages: new Uint32Array(0), codes: new Uint8Array(0), length: 0, warmEnd: 0, releases: 0, dense: true };
  for (let k = 0; ; k++) {
    // Chunk k-1 is done with: its slot is free for the worker.
    Atomics.store(control, Ahead.TAKEN, k);
    Atomics.notify(control, Ahead.TAKEN);
    for (;;) {
      const seq = Atomics.load(control, Ahead.SEQ);
      if (Atomics.load(control, Ahead.PUBLISHED) > k) break;
      const state = Atomics.load(control, Ahead.STATE);
      if (state === DONE) {
        end.facts = receiveMessageOnPort(port)?.message as TallyFacts;
        return;
      }
      if (state === FAILED) throw rebuild((receiveMessageOnPort(port)?.message as AheadFailure | undefined) ?? { kind: 'other', message: 'the reader failed' });
      if (crash.error) throw crash.error;
      // A bounded wait: a crash is seen through the event loop, which blocking would starve.
      if (Atomics.wait(control, Ahead.SEQ, seq, 200) === 'timed-out') await new Promise((r) => setImmediate(r));
    }
    const slot = k % AHEAD_SLOTS;
    chunk.length = Atomics.load(control, Ahead.LENGTHS + slot);
    chunk.warmEnd = Atomics.load(control, Ahead.WARM_ENDS + slot);
    chunk.releases = Atomics.load(control, Ahead.RELEASES + slot);
    chunk.dense = Atomics.load(control, Ahead.DENSE + slot) === 1;
    chunk.pages = new Uint32Array(shared.pages, slot * SLOT_RECORDS * 4, chunk.length);
    chunk.codes = new Uint8Array(shared.codes, slot * SLOT_RECORDS, chunk.length);
    yield chunk;
  }
}

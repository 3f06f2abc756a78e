/**
 * A stream's chunks read, decoded and counted (RunTally) ahead on a worker thread
 * (chunksAheadWorker.ts), so that a streamed run's replay on the calling thread overlaps the
 * reading, decoding and counting of what follows.
 *
 * The worker copies each decoded chunk into one of a few slots of shared memory (allocated once:
 * no fresh memory per chunk) and the calling thread takes them in order. Hand-over is by atomics on
 * a small control array, and the calling thread blocks while it waits (it has nothing else to do):
 * `SEQ` counts the worker's events (a chunk published, the end, a failure) so that a wait never
 * misses one, and `TAKEN` the chunks the calling thread is done with, which frees their slots.
 */
import * as os from 'node:os';
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { InputError, OptionError, UsageError } from '../traces/errors.js';
import type { CountedChunk, CountedStream, TallySetup } from './countedChunks.js';
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

/** A worker thread on chunksAheadWorker.ts, started and waiting for its job (its first message). */
interface ReaderThread {
  worker: Worker;
  /** The worker's own crash (not an error it reports), which would leave the reader waiting: it fails the wait. */
  crash: { error?: Error };
}

function startReader(): ReaderThread {
  const worker = startWorker(import.meta.url, 'chunksAheadWorker', undefined);
  const crash: { error?: Error } = {};
  worker.on('error', (err) => (crash.error = err));
  return { worker, crash };
}

/** The reader started by startReaderEarly, until a stream takes it. */
let early: ReaderThread | undefined;

/**
 * Starts the next stream's reader now, before the caller knows whether it will read a stream ahead:
 * a worker takes about 0.1 s to come online, which then overlaps the caller's own start (loading
 * the modules of a run, opening its trace) instead of following it. The next `chunksAhead` takes it;
 * if none does, it holds nothing open and ends with the process. Not on one core, where nothing
 * is read ahead.
 */
export function startReaderEarly(): void {
  if (early || (os.availableParallelism?.() ?? os.cpus().length) < 2) return;
  early = startReader();
  early.worker.unref();
}

/**
 * The decoded records of `file` (a faultline stream in any form), counted, in chunks of at most
 * SLOT_RECORDS records, read on a worker thread: the one startReaderEarly started if it is there,
 * else one that starts now (its start-up overlaps the caller's own). Chunks are valid until the
 * next is asked for; leaving the loop early stops the worker.
 */
export function chunksAhead(file: string, setup: TallySetup): CountedStream {
  const shared: AheadShared = {
    file,
    ...setup,
    control: new SharedArrayBuffer(Ahead.WORDS * 4),
    pages: new SharedArrayBuffer(AHEAD_SLOTS * SLOT_RECORDS * 4),
    codes: new SharedArrayBuffer(AHEAD_SLOTS * SLOT_RECORDS),
  };
  const reader = early ?? startReader();
  early = undefined;
  reader.worker.ref();
  const { port1, port2 } = new MessageChannel();
  reader.worker.postMessage({ ...shared, port: port2 }, [port2]);
  const end: { facts?: TallyFacts } = {};
  return {
    chunks: takeChunks(shared, reader, port1, end),
    facts: () => {
      if (!end.facts) throw new Error('the tally of a stream read ahead is known once its chunks are read');
      return end.facts;
    },
  };
}

async function* takeChunks(shared: AheadShared, { worker, crash }: ReaderThread, port: MessagePort, end: { facts?: TallyFacts }): AsyncGenerator<CountedChunk> {
  const control = new Int32Array(shared.control);
  const chunk: CountedChunk = { pages: new Uint32Array(0), codes: new Uint8Array(0), length: 0, warmEnd: 0, releases: 0, dense: true };
  try {
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
  } finally {
    // A worker waiting for a slot is let go before it is stopped.
    Atomics.store(control, Ahead.TAKEN, 0x7fffffff);
    Atomics.notify(control, Ahead.TAKEN);
    // Stopped, not waited for: the thread's teardown (a few milliseconds, more on a busy machine) overlaps what follows.
    worker.unref();
    void worker.terminate();
    port.close();
  }
}

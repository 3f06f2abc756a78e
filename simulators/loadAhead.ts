/**
 * A plain binary stream loaded on a worker thread (loadAheadWorker.ts) straight into the trace's
 * shared arrays, while the calling thread runs observers over the records as they arrive (OPT's
 * next-use array, the run's tally). A 20M-record trace's arrays are 100 MB of fresh memory, and
 * touching fresh memory for the first time costs more than decoding it (on the 2-core bench machine
 * ~2.7 ms per MB, page faults): this way the load's faults land on the worker's core and the
 * observers' (an 80 MB next-use array) on the caller's, at the same time.
 *
 * Hand-over is by atomics on a small control array, as in chunksAhead.ts: `SEQ` counts the
 * worker's events (records published, the end, a failure) so that a wait never misses one, and
 * `RECORDS` says how many records are in.
 */
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { wrapArrays, type ArrayFacts } from '../traces/loadedTrace.js';
import { traceNameOf, type LoadResult } from '../traces/loadTrace.js';
import type { StreamInfo } from '../traces/streamReader.js';
import { rebuildFailure, type AheadFailure } from './chunksAhead.js';
import { startWorker } from './workerThread.js';

/** Indices into the control array. */
export const Loaded = { SEQ: 0, RECORDS: 1, STATE: 2, WORDS: 3 } as const;
export const DONE = 1;
export const FAILED = 2;

export interface LoadAheadShared {
  file: string;
  control: SharedArrayBuffer;
  pages: SharedArrayBuffer;
  codes: SharedArrayBuffer;
}

/** Sees the records of a trace being loaded, in order, each range once: [from, to) of the whole trace's arrays. */
export interface RecordObserver {
  see(pages: Uint32Array, codes: Uint8Array, from: number, to: number): void;
}

/**
 * Loads `file`, a plain, untagged binary stream whose header declares `records` records (the
 * reader holds the stream to them, and its pages below the declared count), on a worker thread,
 * running `observers` here over the records as they come in.
 */
export async function loadAhead(file: string, info: StreamInfo, records: number, observers: RecordObserver[]): Promise<LoadResult> {
  const shared: LoadAheadShared = {
    file,
    control: new SharedArrayBuffer(Loaded.WORDS * 4),
    pages: new SharedArrayBuffer(Math.max(1, records) * 4),
    codes: new SharedArrayBuffer(Math.max(1, records)),
  };
  const { port1, port2 } = new MessageChannel();
  const worker = startWorker(import.meta.url, 'loadAheadWorker', { ...shared, port: port2 }, [port2]);
  // The worker's own crash (not an error it reports) would leave this thread waiting: it fails the wait.
  let crash: Error | undefined;
  worker.on('error', (err) => (crash = err));
  const control = new Int32Array(shared.control);
  const pages = new Uint32Array(shared.pages);
  const codes = new Uint8Array(shared.codes);
  let seen = 0;
  try {
    for (;;) {
      const seq = Atomics.load(control, Loaded.SEQ);
      const loaded = Atomics.load(control, Loaded.RECORDS);
      if (loaded > seen) {
        for (const observer of observers) observer.see(pages, codes, seen, loaded);
        seen = loaded;
        continue;
      }
      const state = Atomics.load(control, Loaded.STATE);
      if (state === FAILED) throw rebuildFailure((receiveMessageOnPort(port1)?.message as AheadFailure | undefined) ?? { kind: 'other', message: 'the reader failed' });
      if (state === DONE) {
        const facts = receiveMessageOnPort(port1)!.message as Pick<ArrayFacts, 'releases' | 'next' | 'dense'>;
        const { renumbered, ...trace } = wrapArrays({ name: traceNameOf(file), format: info.format, pageSize: info.pageSize }, pages.subarray(0, seen), codes.subarray(0, seen), undefined, facts);
        return { trace, info, renumbered };
      }
      if (crash) throw crash;
      // A bounded wait: a crash is seen through the event loop, which blocking would starve.
      if (Atomics.wait(control, Loaded.SEQ, seq, 200) === 'timed-out') await new Promise((r) => setImmediate(r));
    }
  } finally {
    await worker.terminate();
    port1.close();
  }
}

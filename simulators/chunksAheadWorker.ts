/**
 * The worker of chunksAhead.ts: reads and decodes a stream, copying each chunk into the next free
 * slot of shared memory (a chunk larger than a slot takes several), and tells the reader.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
// The reader alone, not the traces index (importers and writers): the worker starts sooner.
import { openTraceStream } from '../traces/streamReader.js';
import { AHEAD_SLOTS, Ahead, DONE, FAILED, SLOT_RECORDS, describeFailure, type AheadShared } from './chunksAhead.js';

const { file, control: controlBuffer, pages: pagesBuffer, codes: codesBuffer, port } = workerData as AheadShared & { port: MessagePort };
const control = new Int32Array(controlBuffer);
const pages = new Uint32Array(pagesBuffer);
const codes = new Uint8Array(codesBuffer);

function signal(): void {
  Atomics.add(control, Ahead.SEQ, 1);
  Atomics.notify(control, Ahead.SEQ);
}

async function run(): Promise<void> {
  let published = 0;
  const stream = await openTraceStream(file);
  for await (const chunk of stream.chunks()) {
    for (let from = 0; from < chunk.length; from += SLOT_RECORDS) {
      // Wait for a free slot: chunk `taken` may be the reader's still, those before it are free.
      for (;;) {
        const taken = Atomics.load(control, Ahead.TAKEN);
        if (published - taken < AHEAD_SLOTS) break;
        Atomics.wait(control, Ahead.TAKEN, taken);
      }
      const n = Math.min(SLOT_RECORDS, chunk.length - from);
      const slot = published % AHEAD_SLOTS;
      pages.set(chunk.pages.subarray(from, from + n), slot * SLOT_RECORDS);
      codes.set(chunk.codes.subarray(from, from + n), slot * SLOT_RECORDS);
      Atomics.store(control, Ahead.LENGTHS + slot, n);
      Atomics.store(control, Ahead.PUBLISHED, ++published);
      signal();
    }
  }
  Atomics.store(control, Ahead.STATE, DONE);
  signal();
}

run().catch((err: unknown) => {
  port.postMessage(describeFailure(err));
  Atomics.store(control, Ahead.STATE, FAILED);
  signal();
});

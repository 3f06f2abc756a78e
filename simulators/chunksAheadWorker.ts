/**
 * The worker of chunksAhead.ts: reads and decodes a stream, copying each chunk into the next free
 * slot of shared memory (a chunk larger than a slot takes several), counts it (RunTally), and tells
 * the reader; at the end it sends the tally's facts. Its job (AheadShared and the port for the end's
 * message) is its first message, so that it can be started before the stream is known
 * (chunksAhead.ts's startReaderEarly).
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
// The reader alone, not the traces index (importers and writers): the worker starts sooner.
import { openTraceStream } from '../traces/streamReader.js';
import { AHEAD_SLOTS, Ahead, DONE, FAILED, SLOT_RECORDS, describeFailure, type AheadShared } from './chunksAhead.js';
import { RunTally, tallyFacts } from './runTally.js';

type AheadJob = AheadShared & { port: MessagePort };

function signal(control: Int32Array): void {
  Atomics.add(control, Ahead.SEQ, 1);
  Atomics.notify(control, Ahead.SEQ);
}

async function run({ file, pageCount, warmupReferences, pages: pagesBuffer, codes: codesBuffer, port }: AheadJob, control: Int32Array): Promise<void> {
  const pages = new Uint32Array(pagesBuffer);
  const codes = new Uint8Array(codesBuffer);
  let published = 0;
  const tally = new RunTally(pageCount, warmupReferences);
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
      const at = slot * SLOT_RECORDS;
      pages.set(chunk.pages.subarray(from, from + n), at);
      codes.set(chunk.codes.subarray(from, from + n), at);
      // Clamped to what a chunk's warm-up end means (0: counting began before it; n + 1: not yet), so it fits 32 bits.
      const warmEnd = Math.max(0, Math.min(n + 1, tally.scan(pages.subarray(at, at + n), codes.subarray(at, at + n), n)));
      Atomics.store(control, Ahead.LENGTHS + slot, n);
      Atomics.store(control, Ahead.WARM_ENDS + slot, warmEnd);
      Atomics.store(control, Ahead.RELEASES + slot, tally.lastReleases);
      Atomics.store(control, Ahead.DENSE + slot, tally.dense ? 1 : 0);
      Atomics.store(control, Ahead.PUBLISHED, ++published);
      signal(control);
    }
  }
  port.postMessage(tallyFacts(tally));
  Atomics.store(control, Ahead.STATE, DONE);
  signal(control);
}

parentPort!.once('message', (job: AheadJob) => {
  const control = new Int32Array(job.control);
  run(job, control).catch((err: unknown) => {
    job.port.postMessage(describeFailure(err));
    Atomics.store(control, Ahead.STATE, FAILED);
    signal(control);
  });
});

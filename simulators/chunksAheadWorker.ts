/**
 * The worker of chunksAhead.ts: reads and decodes a stream, copying each chunk into the next free
 * slot of the ring (a chunk larger than a slot takes several), counts it (RunTally), and publishes
 * it; at the end it sends the tally's facts. Its job (AheadShared and the port for the end's
 * message) is its first message, so that it can be started before the stream is known
 * (chunksAhead.ts's startReaderEarly).
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
// The reader alone, not the traces index (importers and writers): the worker starts sooner.
import { openTraceStream } from '../traces/streamReader.js';
import { AHEAD_RING, Meta, SLOT_RECORDS, describeFailure, headWord, takeOver, type AheadShared } from './chunksAhead.js';
import { RunTally, tallyFacts } from './runTally.js';
import { SlotRing } from './slotRing.js';

type AheadJob = AheadShared & { port: MessagePort };

async function run({ file, pageCount, warmupReferences, head: headBuffer, pages: pagesBuffer, codes: codesBuffer }: AheadJob, ring: SlotRing): Promise<void> {
  const pages = new Uint32Array(pagesBuffer);
  const codes = new Uint8Array(codesBuffer);
  const head = headWord(headBuffer);
  const { meta } = ring;
  const tally = new RunTally(pageCount, warmupReferences);
  const stream = await openTraceStream(file);
  let taken = false;
  let record = 0; // records of the chunks before this one
  for await (const chunk of stream.chunks()) {
    let from = 0;
    if (!taken) {
      const to = record + chunk.length;
      const claim = takeOver(head, to);
      // The caller's records (all of this chunk, or those before the take-over) are counted, not published.
      from = Math.min(claim.at, to) - record;
      tally.scan(chunk.pages.subarray(0, from), chunk.codes.subarray(0, from), from);
      taken = claim.taken;
      record = to;
      if (!taken) continue;
    }
    for (; from < chunk.length; from += SLOT_RECORDS) {
      const slot = ring.freeSlot();
      const n = Math.min(SLOT_RECORDS, chunk.length - from);
      const at = slot * SLOT_RECORDS;
      pages.set(chunk.pages.subarray(from, from + n), at);
      codes.set(chunk.codes.subarray(from, from + n), at);
      const m = slot * AHEAD_RING.metaWords;
      meta[m + Meta.LENGTH] = n;
      meta[m + Meta.WARM_END] = tally.scan(pages.subarray(at, at + n), codes.subarray(at, at + n), n);
      meta[m + Meta.RELEASES] = tally.lastReleases;
      meta[m + Meta.DENSE] = tally.dense ? 1 : 0;
      ring.publish();
    }
  }
  ring.settle(tallyFacts(tally));
}

parentPort!.once('message', (job: AheadJob) => {
  const ring = SlotRing.worker(job.ring, AHEAD_RING, job.port);
  run(job, ring).catch((err: unknown) => ring.fail(describeFailure(err)));
});

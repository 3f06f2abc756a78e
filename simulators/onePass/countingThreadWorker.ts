/**
 * The worker of countingThread.ts: takes the slots in order and counts them with a DepthCounters
 * that goes on with the count it was given; at the end of the pass it sends the count back.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { SlotRing } from '../slotRing.js';
import { COUNTING_RING, COUNTING_SLOT_RECORDS, Meta, SlotKind, stateBuffers, type CountingShared } from './countingThread.js';
import type { CountState } from './depthCounters.js';

const shared = workerData as CountingShared & { state: CountState; port: MessagePort };
const ring = SlotRing.worker(shared.ring, COUNTING_RING, shared.port);
const pages = new Uint32Array(shared.pages);
const codes = new Uint8Array(shared.codes);
const depths = new Uint32Array(shared.depths);
const { meta } = ring;

async function run(): Promise<void> {
  // Imported here, not above, so that a failure to load it is reported like any other.
  const { DepthCounters } = await import('./depthCounters.js');
  const counters = DepthCounters.from(shared.state);
  for (;;) {
    // Asking for the next slot frees the one before.
    const slot = ring.next();
    const m = slot * COUNTING_RING.metaWords;
    const kind = meta[m + Meta.KIND]!;
    if (kind === SlotKind.FINISH) break;
    const n = meta[m + Meta.LENGTH]!;
    const at = slot * COUNTING_SLOT_RECORDS;
    counters.warmupRecords = meta[m + Meta.WARMUP_RECORDS]!;
    if (kind === SlotKind.RECORDS) counters.countRecords(pages, codes, depths, at, n, meta[m + Meta.FIRST]!);
    else if (kind === SlotKind.AT_WARMUP) for (let k = at; k < at + n; k++) counters.atWarmup(pages[k]!, depths[k]!);
    else for (let k = at; k < at + n; k++) counters.atEnd(pages[k]!, depths[k]!);
  }
  const count = counters.state();
  ring.settle(count, stateBuffers(count));
}

run().catch((err: unknown) => ring.fail(err instanceof Error ? (err.stack ?? err.message) : String(err)));

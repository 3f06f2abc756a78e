/**
 * The worker of countingThread.ts: takes the slots in order and counts them with a DepthCounters
 * that goes on with the count it was given; at the end of the pass it sends the count back.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { COUNTING_SLOTS, COUNTING_SLOT_RECORDS, Control, DONE, FAILED, SlotKind, stateBuffers, type CountingShared } from './countingThread.js';
import type { CountState } from './depthCounters.js';

const shared = workerData as CountingShared & { state: CountState; port: MessagePort };
const control = new Int32Array(shared.control);
const header = new Float64Array(shared.header);
const pages = new Uint32Array(shared.pages);
const codes = new Uint8Array(shared.codes);
const depths = new Uint32Array(shared.depths);
const { port } = shared;

function settle(state: number): void {
  Atomics.store(control, Control.STATE, state);
  Atomics.notify(control, Control.STATE);
}

async function run(): Promise<void> {
  // Imported here, not above, so that a failure to load it is reported like any other.
  const { DepthCounters } = await import('./depthCounters.js');
  const counters = DepthCounters.from(shared.state);
  for (let taken = 0; ; ) {
    while (Atomics.load(control, Control.PUBLISHED) === taken) Atomics.wait(control, Control.PUBLISHED, taken);
    const slot = taken % COUNTING_SLOTS;
    const kind = control[Control.KINDS + slot]!;
    if (kind === SlotKind.FINISH) break;
    const n = control[Control.LENGTHS + slot]!;
    const at = slot * COUNTING_SLOT_RECORDS;
    counters.warmupRecords = header[2 * slot + 1]!;
    if (kind === SlotKind.RECORDS) counters.countRecords(pages, codes, depths, at, n, header[2 * slot]!);
    else if (kind === SlotKind.AT_WARMUP) for (let k = at; k < at + n; k++) counters.atWarmup(pages[k]!, depths[k]!);
    else for (let k = at; k < at + n; k++) counters.atEnd(pages[k]!, depths[k]!);
    Atomics.store(control, Control.TAKEN, ++taken);
    Atomics.notify(control, Control.TAKEN);
  }
  const count = counters.state();
  port.postMessage(count, stateBuffers(count));
  settle(DONE);
}

run().catch((err: unknown) => {
  port.postMessage(err instanceof Error ? (err.stack ?? err.message) : String(err));
  settle(FAILED);
});

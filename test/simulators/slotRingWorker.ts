/**
 * A test-only worker on the far side of a SlotRing (slotRing.test.ts): it produces the payloads it
 * is given, or consumes them and sends back what it took, with the delays, the failure or the
 * sudden exit its job asks for.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { SlotRing, type RingShape } from '../../simulators/slotRing.js';

export interface RingJob {
  shape: RingShape;
  role: 'producer' | 'consumer';
  /** The producer's payloads (a consumer is told only their number's bound). */
  payloads: Uint8Array[];
  /** Milliseconds to sleep at step k while holding (or filling) a slot; 0 mostly. */
  delays: number[];
  /** Reports a failure at step k (a producer before publishing payload k, a consumer after taking k payloads). */
  failAt: number;
  /** Ends its thread with process.exit at step k, saying nothing. */
  exitAt: number;
  /** Bytes of `data` per slot. Slot metadata (shape.metaWords ≥ 2): the payload's length, and its index (-1: the producer's end of the stream). */
  slotBytes: number;
}

const { job, ring: buffer, data, port } = workerData as { job: RingJob; ring: SharedArrayBuffer; data: SharedArrayBuffer; port: MessagePort };
const ring = SlotRing.worker(buffer, job.shape, port);
const bytes = new Uint8Array(data);
const { slotBytes, shape: { metaWords } } = job;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

function step(k: number): void {
  if (k === job.exitAt) process.exit(7);
  if (k === job.failAt) throw new Error(`failed at step ${k}`);
  if (job.delays[k]) Atomics.wait(sleeper, 0, 0, job.delays[k]);
}

function produce(): void {
  job.payloads.forEach((payload, k) => {
    const slot = ring.freeSlot();
    step(k);
    bytes.set(payload, slot * slotBytes);
    ring.meta[slot * metaWords] = payload.length;
    ring.meta[slot * metaWords + 1] = k;
    ring.publish();
  });
  ring.settle(job.payloads.length);
}

function consume(): void {
  const taken: Uint8Array[] = [];
  for (;;) {
    const slot = ring.next();
    if (ring.meta[slot * metaWords + 1] === -1) break;
    const view = bytes.subarray(slot * slotBytes, slot * slotBytes + ring.meta[slot * metaWords]!);
    // Held while it sleeps: a producer that wrote into this slot now would change what is copied.
    step(taken.length);
    taken.push(view.slice());
  }
  ring.settle(taken);
}

try {
  if (job.role === 'producer') produce();
  else consume();
} catch (err) {
  ring.fail((err as Error).message);
}

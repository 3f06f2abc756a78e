/**
 * The ring of shared slots (slotRing.ts) on seeded random schedules, both ways round: a worker
 * producing for this thread (as chunksAhead's reader does) and this thread producing for a worker
 * (as the engine's thread does for the counting thread). Payloads of random sizes, random delays on
 * either side while a slot is held, and at most one of: a failure the worker reports, the worker's
 * thread ending with process.exit, this thread leaving early, this thread killing the worker. The
 * reference is the list itself: what is received is what was sent, in order, up to where the run
 * was cut short, and then the error that says why.
 */
import { MessageChannel, type Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { RING_END, RING_PENDING, SlotRing, WatchedWorker, ringBuffer, type RingShape } from '../../simulators/slotRing.js';
import { startWorker } from '../../simulators/workerThread.js';
import { randomInt, rng } from '../helpers/random.js';
import { attached } from '../helpers/slotRings.js';
import type { RingJob } from './slotRingWorker.js';

const SLOT_BYTES = 64;
const STOPPED = 'ring test: the worker stopped';
const ENDINGS = ['none', 'fail', 'exit', 'leave', 'kill'] as const;

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleep(ms: number): void {
  if (ms) Atomics.wait(sleeper, 0, 0, ms);
}

interface Plan {
  job: RingJob;
  ending: (typeof ENDINGS)[number];
  /** This thread's delays per step, and where it leaves or kills the worker (-1: never). */
  delays: number[];
  leaveAt: number;
  killAt: number;
}

function plan(seed: number, role: RingJob['role']): Plan {
  const r = rng(role === 'producer' ? seed : seed * 7919);
  const n = 1 + randomInt(r, 40);
  const payloads = Array.from({ length: n }, () => Uint8Array.from({ length: randomInt(r, SLOT_BYTES + 1) }, () => randomInt(r, 256)));
  const delays = (): number[] => Array.from({ length: n + 1 }, () => (r() < 0.25 ? 1 + randomInt(r, 3) : 0));
  const shape: RingShape = { slots: 1 + randomInt(r, 5), metaWords: 2 + randomInt(r, 3) };
  const ending = ENDINGS[seed % ENDINGS.length]!;
  const at = randomInt(r, n);
  const job: RingJob = { shape, role, payloads, delays: delays(), failAt: ending === 'fail' ? at : -1, exitAt: ending === 'exit' ? at : -1, slotBytes: SLOT_BYTES };
  return { job, ending, delays: delays(), leaveAt: ending === 'leave' ? at : -1, killAt: ending === 'kill' ? at : -1 };
}

interface Far {
  ring: SlotRing;
  data: Uint8Array;
  worker: Worker;
  exited: Promise<number>;
}

function start(job: RingJob): Far {
  const buffer = ringBuffer(job.shape);
  const data = new SharedArrayBuffer(job.shape.slots * SLOT_BYTES);
  const { port1, port2 } = new MessageChannel();
  const worker = startWorker(import.meta.url, 'slotRingWorker', { job, ring: buffer, data, port: port2 }, [port2]);
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  const ring = SlotRing.caller(buffer, job.shape, { thread: new WatchedWorker(worker), port: port1, failure: (m) => new Error(`ring test: ${String(m)}`), stopped: STOPPED });
  return { ring, data: new Uint8Array(data), worker, exited };
}

interface Outcome {
  got: Uint8Array[];
  end?: unknown;
  error?: Error;
}

/** Takes what the worker produces, turning the event loop while it waits (as chunksAhead does). */
async function consumeHere({ ring, data, worker }: Far, p: Plan): Promise<Outcome> {
  const got: Uint8Array[] = [];
  try {
    for (;;) {
      if (got.length === p.leaveAt) return { got };
      if (got.length === p.killAt) {
        p.killAt = -1;
        await worker.terminate();
      }
      const slot = ring.next();
      if (slot === RING_PENDING) {
        await new Promise((r) => setImmediate(r));
        continue;
      }
      if (slot === RING_END) return { got, end: ring.endMessage() };
      const m = slot * ring.metaWords;
      expect(ring.meta[m + 1]).toBe(got.length);
      const view = data.subarray(slot * SLOT_BYTES, slot * SLOT_BYTES + ring.meta[m]!);
      // Held while this thread sleeps or turns its event loop: the slot must not be written meanwhile.
      const ms = p.delays[got.length]!;
      if (ms % 2) sleep(ms);
      else if (ms) await new Promise((r) => setTimeout(r, ms));
      got.push(view.slice());
    }
  } catch (error) {
    return { got, error: error as Error };
  } finally {
    ring.release();
  }
}

/** Produces for the worker, blocking while the ring is full (as the engine's thread does); the worker sends back what it took. */
function produceHere({ ring, data, worker }: Far, p: Plan): Outcome {
  const { payloads } = p.job;
  try {
    for (let k = 0; k < payloads.length; k++) {
      if (k === p.leaveAt) return { got: [] };
      // Not waited for: this thread blocks from here, and must see the worker gone all the same.
      if (k === p.killAt) void worker.terminate();
      const slot = ring.freeSlot();
      data.set(payloads[k]!, slot * SLOT_BYTES);
      ring.meta[slot * ring.metaWords] = payloads[k]!.length;
      ring.meta[slot * ring.metaWords + 1] = k;
      sleep(p.delays[k]!);
      ring.publish();
    }
    const slot = ring.freeSlot();
    ring.meta[slot * ring.metaWords + 1] = -1;
    ring.publish();
    return { got: ring.awaitEnd() as Uint8Array[] };
  } catch (error) {
    return { got: [], error: error as Error };
  } finally {
    ring.release();
  }
}

/** What the run must have given, given how it was cut short. */
function check({ job: { payloads, failAt, exitAt, shape }, ending, leaveAt, killAt }: Plan, { got, end, error }: Outcome, role: RingJob['role']): void {
  const cut = { none: payloads.length, fail: failAt, exit: exitAt, leave: leaveAt, kill: got.length }[ending];
  if (role === 'producer') {
    expect(got).toEqual(payloads.slice(0, cut));
    if (ending === 'kill') expect(got.length).toBeGreaterThanOrEqual(killAt);
  } else if (ending === 'none') expect(got).toEqual(payloads);
  if (ending === 'none') expect(error).toBeUndefined();
  if (ending === 'none' && role === 'producer') expect(end).toBe(payloads.length);
  if (ending === 'fail') expect(error?.message).toBe(`ring test: failed at step ${failAt}`);
  if (ending === 'exit') expect(error?.message).toBe(STOPPED);
  // A producing worker may have published all and settled, the last slots ahead of this thread, before it is killed.
  if (ending === 'kill' && (role === 'consumer' || payloads.length > killAt + shape.slots)) expect(error?.message).toBe(STOPPED);
  if (ending === 'kill' && error === undefined) expect(got).toEqual(payloads);
  if (ending === 'leave') expect(error).toBeUndefined();
}

/** The worker ends in every case: at its end, when it failed, when this thread left or stopped it. */
async function ended(far: Far): Promise<void> {
  await expect(Promise.race([far.exited, new Promise((_, reject) => setTimeout(() => reject(new Error('the worker is still running')), 5000))])).resolves.toBeTypeOf('number');
}

describe('a ring of shared slots hands over every payload in order, and says why a run ended early', () => {
  for (let seed = 1; seed <= 20; seed++) {
    it(`a worker producing, seed ${seed} (${ENDINGS[seed % ENDINGS.length]})`, { timeout: 20_000 }, async () => {
      const p = plan(seed, 'producer');
      const far = start(p.job);
      const { killAt } = p;
      check({ ...p, killAt }, await consumeHere(far, p), 'producer');
      await ended(far);
    });
  }
  for (let seed = 1; seed <= 20; seed++) {
    it(`a worker consuming, seed ${seed} (${ENDINGS[seed % ENDINGS.length]})`, { timeout: 20_000 }, async () => {
      const p = plan(seed, 'consumer');
      const far = start(p.job);
      await attached(far.ring);
      check(p, produceHere(far, p), 'consumer');
      await ended(far);
    });
  }
});

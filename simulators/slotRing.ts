/**
 * A ring of slots in shared memory between a thread (the caller) and a worker thread it started: one
 * side produces, the other consumes, in order. chunksAhead.ts uses it one way (the worker reads and
 * decodes, the caller replays), countingThread.ts the other (the caller's engine gives depths, the
 * worker counts them). The user owns the payload: the buffers behind the slots, what each slot's
 * metadata numbers mean, what the end's and a failure's messages hold. This file owns the hand-over.
 *
 * Layout (one SharedArrayBuffer, `ringBuffer`): five 32-bit control words (and one to align), then `metaWords` numbers
 * (64-bit floats: exact for any count or record index) per slot.
 * - PUBLISHED: slots the producer has filled; the n-th filled (from 0) is slot n % slots.
 * - TAKEN: slots the consumer is done with; it holds the one it was last given until it asks for the
 *   next. The producer fills a slot only while PUBLISHED − TAKEN < slots.
 * - STATE: RUNNING, then once: DONE (the worker's end message sent on the port), FAILED (its failure
 *   sent on the port) or EXITED (its thread ended with neither: process.exit, an uncaught error).
 * - SEQ: bumped and notified after every change of the words above. Every wait is on SEQ with the
 *   value read before the waiter looked at its condition, so no change between look and wait is lost.
 * - THREAD: 0 until the worker's side is made, then its OS thread id (Linux: its entry in
 *   /proc/self/task), or -1 where the system shows none.
 *
 * Ordering: a slot's payload and metadata are written with plain stores before the Atomics.store of
 * PUBLISHED that counts it, and read after the Atomics.load that sees that count. Atomics are
 * sequentially consistent, so the reader sees the slot complete; likewise a slot is written again only
 * after its TAKEN store is seen, and a message is on the port before the STATE that announces it.
 *
 * Who waits, and for how long:
 * - The worker blocks without bound: it has nothing else to do, and the caller lets it go (release:
 *   TAKEN to the maximum, then terminate) or ends it (terminate; a dropped ring: see `abandoned`).
 * - The caller's waits are bounded (RING_WAIT_MS), because a worker can end without a word: killed
 *   (terminate, or Node stopping a worker out of memory) it runs no JavaScript on its way out, and the
 *   Worker's 'error' and 'exit' events come through the event loop, which a blocked thread does not
 *   turn. After each wait the caller checks, in order: STATE (FAILED: the failure rebuilt; EXITED),
 *   the events seen so far (a caller that turns its event loop between waits: `next` returns
 *   RING_PENDING for that), and after a timed-out wait whether the worker's OS thread still exists
 *   (known from when the worker's side is made: `attached`; a worker killed while it loads is seen
 *   through its events only).
 *   A slow worker is never taken for a dead one: only the thread's absence counts, and a worker that
 *   settled just before its thread ended is seen settled.
 */
import * as fs from 'node:fs';
import { receiveMessageOnPort, type MessagePort, type TransferListItem, type Worker } from 'node:worker_threads';

/** The caller's longest wait before it checks that the worker still lives (milliseconds). */
export const RING_WAIT_MS = 200;
/** `next` found the end: the worker settled DONE and everything it published is taken. */
export const RING_END = -1;
/** `next` on the caller's side waited RING_WAIT_MS for nothing: turn the event loop, then ask again. */
export const RING_PENDING = -2;

const SEQ = 0;
const PUBLISHED = 1;
const TAKEN = 2;
const STATE = 3;
const THREAD = 4;
/** Control words, rounded up to a whole number of metadata numbers. */
const CONTROL_BYTES = 6 * 4;
const RUNNING = 0;
const DONE = 1;
const FAILED = 2;
const EXITED = 3;

export interface RingShape {
  slots: number;
  /** Metadata numbers per slot. */
  metaWords: number;
}

/** The shared memory of a ring of `shape`: made by the caller, sent to the worker with its job. */
export function ringBuffer(shape: RingShape): SharedArrayBuffer {
  return new SharedArrayBuffer(CONTROL_BYTES + shape.slots * shape.metaWords * 8);
}

/** A worker as its starter sees it: its 'error' and 'exit' events, caught from the start (an uncaught 'error' would end the process). */
export class WatchedWorker {
  error: Error | undefined;
  exited = false;

  constructor(readonly worker: Worker) {
    worker.on('error', (err) => (this.error ??= err));
    worker.on('exit', () => (this.exited = true));
  }
}

/** What the caller's side needs to know about its worker. */
export interface CallerSide {
  thread: WatchedWorker;
  /** The caller's end of the channel the worker's end and failure messages come on. */
  port: MessagePort;
  /** The error for the worker's failure message (undefined if none arrived). */
  failure(message: unknown): Error;
  /** The message of the error when the worker ended without settling. */
  stopped: string;
}

/**
 * The caller's hold on its worker, kept apart from the ring: the registry of abandoned rings and the
 * worker's listeners reach this, never the ring, which can then be collected.
 */
class Hold {
  released = false;

  constructor(
    readonly side: CallerSide,
    private readonly control: Int32Array,
  ) {}

  release(): void {
    if (this.released) return;
    this.released = true;
    // A worker waiting for a free slot is let go before it is stopped.
    Atomics.store(this.control, TAKEN, 0x7fffffff);
    signal(this.control);
    const { worker } = this.side.thread;
    // Stopped, not waited for: the thread's teardown (a few milliseconds, more on a busy machine) overlaps what follows.
    worker.unref();
    void worker.terminate();
    this.side.port.close();
  }
}

/** A ring dropped by its caller before release (a pass that threw, a stream left unread) lets its worker go once collected. */
const abandoned = new FinalizationRegistry<Hold>((hold) => hold.release());

function signal(control: Int32Array): void {
  Atomics.add(control, SEQ, 1);
  Atomics.notify(control, SEQ);
}

/** This thread's OS thread id, where the system shows threads in /proc (Linux); else -1. */
function osThreadId(): number {
  try {
    return Number(fs.readlinkSync('/proc/thread-self').split('/').pop()) || -1;
  } catch {
    return -1;
  }
}

export class SlotRing {
  readonly slots: number;
  readonly metaWords: number;
  /** Slot s's metadata numbers are meta[s * metaWords …]: written before `publish`, read after `next` returns s. */
  readonly meta: Float64Array;
  private readonly control: Int32Array;
  private readonly hold: Hold | undefined;
  /** The producer's count of slots published. */
  private published = 0;
  /** The consumer's count of slots `next` returned, and of those it told the producer it is done with. */
  private given = 0;
  private released = 0;

  /** The caller's side of a ring on `buffer` (ringBuffer), its worker already started. */
  static caller(buffer: SharedArrayBuffer, shape: RingShape, side: CallerSide): SlotRing {
    return new SlotRing(buffer, shape, side, undefined);
  }

  /** The worker's side; `port` carries its end and failure messages. From here, an end of this thread without settling is seen by the caller. */
  static worker(buffer: SharedArrayBuffer, shape: RingShape, port: MessagePort): SlotRing {
    return new SlotRing(buffer, shape, undefined, port);
  }

  private constructor(
    buffer: SharedArrayBuffer,
    shape: RingShape,
    side: CallerSide | undefined,
    private readonly port: MessagePort | undefined,
  ) {
    this.slots = shape.slots;
    this.metaWords = shape.metaWords;
    this.control = new Int32Array(buffer, 0, CONTROL_BYTES / 4);
    this.meta = new Float64Array(buffer, CONTROL_BYTES, shape.slots * shape.metaWords);
    if (side) {
      this.hold = new Hold(side, this.control);
      abandoned.register(this, this.hold, this.hold);
    } else {
      Atomics.store(this.control, THREAD, osThreadId());
      const control = this.control;
      process.once('exit', () => {
        if (Atomics.compareExchange(control, STATE, RUNNING, EXITED) === RUNNING) signal(control);
      });
    }
  }

  /**
   * Caller: the worker's side of the ring is made. From then on the worker's end is noticed even while
   * this thread blocks; a worker killed before (while it loads) is noticed through its 'exit' event
   * only, which a thread that blocks without turning its event loop does not see.
   */
  get attached(): boolean {
    return Atomics.load(this.control, THREAD) !== 0;
  }

  /** Producer: the slot to fill next, once the consumer is done with what it held. */
  freeSlot(): number {
    for (let timedOut = false; ; ) {
      const seq = Atomics.load(this.control, SEQ);
      if (this.published - Atomics.load(this.control, TAKEN) < this.slots) return this.published % this.slots;
      // A worker that settled will take no more: on the caller's side, that is a stop like any other.
      if (this.hold) this.check(Atomics.load(this.control, STATE), timedOut);
      timedOut = this.wait(seq);
    }
  }

  /** Producer: the slot `freeSlot` returned is filled (payload and metadata). */
  publish(): void {
    Atomics.store(this.control, PUBLISHED, ++this.published);
    signal(this.control);
  }

  /**
   * Consumer: done with the slot returned last, the next published slot, or RING_END. On the
   * caller's side RING_PENDING after a bounded wait found nothing, so that the caller can turn its
   * event loop (where the worker's 'error' event arrives) before it asks again.
   */
  next(): number {
    if (this.given > this.released) {
      Atomics.store(this.control, TAKEN, (this.released = this.given));
      signal(this.control);
    }
    for (let timedOut = false; ; ) {
      const seq = Atomics.load(this.control, SEQ);
      if (Atomics.load(this.control, PUBLISHED) > this.given) return this.given++ % this.slots;
      const state = Atomics.load(this.control, STATE);
      if (state === DONE) return RING_END;
      if (this.hold) {
        this.check(state, timedOut);
        if (timedOut) return RING_PENDING;
      }
      timedOut = this.wait(seq);
    }
  }

  /** Caller: the worker's end message once it has settled, waiting for it if need be. */
  awaitEnd(): unknown {
    for (let timedOut = false; ; ) {
      const seq = Atomics.load(this.control, SEQ);
      const state = Atomics.load(this.control, STATE);
      if (state === DONE) return this.endMessage();
      this.check(state, timedOut);
      timedOut = this.wait(seq);
    }
  }

  /** Caller: the worker's end message, once `next` returned RING_END. */
  endMessage(): unknown {
    return receiveMessageOnPort(this.hold!.side.port)?.message;
  }

  /** Caller: lets the worker go and stops it (at the end, on leaving early, on its failure). */
  release(): void {
    abandoned.unregister(this.hold!);
    this.hold!.release();
  }

  /** Worker: the end, with its message. */
  settle(message: unknown, transfer: readonly TransferListItem[] = []): void {
    this.port!.postMessage(message, transfer);
    Atomics.store(this.control, STATE, DONE);
    signal(this.control);
  }

  /** Worker: a failure, with its message (what the caller's `failure` rebuilds the error from). */
  fail(message: unknown): void {
    this.port!.postMessage(message);
    Atomics.store(this.control, STATE, FAILED);
    signal(this.control);
  }

  /** One wait for a change after `seq`: bounded on the caller's side. True when it timed out. */
  private wait(seq: number): boolean {
    if (!this.hold) {
      Atomics.wait(this.control, SEQ, seq);
      return false;
    }
    return Atomics.wait(this.control, SEQ, seq, RING_WAIT_MS) === 'timed-out';
  }

  /** Caller: returns while the worker runs (or has settled DONE, which the caller's loop takes); else releases it and throws why it ended. */
  private check(state: number, timedOut: boolean): void {
    const { side } = this.hold!;
    if (state === RUNNING) {
      const tid = Atomics.load(this.control, THREAD);
      const gone = side.thread.error !== undefined || side.thread.exited || (timedOut && tid > 0 && !fs.existsSync(`/proc/self/task/${tid}`));
      // A worker settles before its thread ends: settled now, the caller's loop sees it.
      if (!gone || Atomics.load(this.control, STATE) !== RUNNING) return;
    }
    const err = state === FAILED ? side.failure(receiveMessageOnPort(side.port)?.message) : (side.thread.error ?? new Error(side.stopped));
    this.release();
    throw err;
  }
}

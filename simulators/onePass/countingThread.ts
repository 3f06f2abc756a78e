/**
 * A DepthPass's counting on a second thread (countingThreadWorker.ts): the engine's thread writes
 * each chunk's pages, codes and depths into shared memory and the worker runs the same
 * DepthCounters over them in the same order, so a long one-pass curve takes about the longer of
 * engine and counting rather than their sum (docs/performance.md, "OPT by critical markers").
 *
 * What crosses, in order, through a few slots of shared memory (allocated once: nothing per
 * chunk): runs of records with their depths, the pages' positions at the warm-up record
 * (`atWarmup`) and at the end (`atEnd`) as (page, depth) pairs, then the end of the pass, after
 * which the worker sends the count back (its arrays transferred, not copied). Hand-over is by
 * atomics on a small control array, as in chunksAhead.ts: `PUBLISHED` counts the slots the engine's
 * thread has filled, `TAKEN` those the worker is done with; each side blocks while it waits (the
 * engine's thread has nothing else to do when the worker is a whole ring behind).
 */
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { RELEASE_BIT } from '../../traces/operations.js';
import { startWorker } from '../workerThread.js';
import type { CountState, StackEngine } from './depthCounters.js';

/** Slots of shared memory between the threads, and the records (or pairs) each holds. */
export const COUNTING_SLOTS = 4;
export const COUNTING_SLOT_RECORDS = 1 << 16;

/** Indices into the control array. */
export const Control = {
  /** Slots filled by the engine's thread. */
  PUBLISHED: 0,
  /** Slots the worker is done with. */
  TAKEN: 1,
  /** 0 while counting, DONE once the count is sent on the port, FAILED after an error (its message sent on the port). */
  STATE: 2,
  /** Per slot (COUNTING_SLOTS entries from each): what it holds (SlotKind), and how many. */
  KINDS: 3,
  LENGTHS: 3 + COUNTING_SLOTS,
  WORDS: 3 + 2 * COUNTING_SLOTS,
} as const;
export const DONE = 1;
export const FAILED = 2;

/** What a slot holds: records with their depths, (page, depth) pairs at the warm-up record or at the end, or the end of the pass. */
export const SlotKind = { RECORDS: 0, AT_WARMUP: 1, AT_END: 2, FINISH: 3 } as const;

export interface CountingShared {
  control: SharedArrayBuffer;
  /** Per slot, two numbers: the record index of its first record, and where counting starts (DepthCounters.warmupRecords, which a stream places on the way). */
  header: SharedArrayBuffer;
  pages: SharedArrayBuffer;
  codes: SharedArrayBuffer;
  depths: SharedArrayBuffer;
}

function hasRelease(codes: Uint8Array, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (codes[k]! & RELEASE_BIT) return true;
  return false;
}

/** The arrays of a count, moved (not copied) with it between the threads. */
export function stateBuffers(state: CountState): ArrayBuffer[] {
  return [state.rows, state.compulsoryBy, state.pageInfo, state.low].map((a) => a.buffer as ArrayBuffer);
}

/**
 * A pass dropped before its end (a stream that stopped it, an engine that threw) never calls
 * `finish`: its worker, blocked waiting for slots, is let go once the pass is collected.
 */
const abandoned = new FinalizationRegistry<Worker>((worker) => void worker.terminate());

export class CountingThread {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly control: Int32Array;
  private readonly header: Float64Array;
  private readonly pages: Uint32Array;
  private readonly codes: Uint8Array;
  private readonly depths: Uint32Array;
  private published = 0;
  /** The slot being filled with (page, depth) pairs (its kind, -1 when none), and how many it holds. */
  private pairKind = -1;
  private pairSlot = 0;
  private pairs = 0;
  /** DepthCounters.warmupRecords, sent with every slot (a streamed pass places it on the way). */
  warmupRecords: number;

  /** Goes on with the count `state` (DepthCounters.state()) on a new worker thread; its arrays move there. */
  constructor(state: CountState) {
    const shared: CountingShared = {
      control: new SharedArrayBuffer(Control.WORDS * 4),
      header: new SharedArrayBuffer(COUNTING_SLOTS * 16),
      pages: new SharedArrayBuffer(COUNTING_SLOTS * COUNTING_SLOT_RECORDS * 4),
      codes: new SharedArrayBuffer(COUNTING_SLOTS * COUNTING_SLOT_RECORDS),
      depths: new SharedArrayBuffer(COUNTING_SLOTS * COUNTING_SLOT_RECORDS * 4),
    };
    this.control = new Int32Array(shared.control);
    this.header = new Float64Array(shared.header);
    this.pages = new Uint32Array(shared.pages);
    this.codes = new Uint8Array(shared.codes);
    this.depths = new Uint32Array(shared.depths);
    this.warmupRecords = state.warmupRecords;
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = startWorker(import.meta.url, 'countingThreadWorker', { ...shared, state, port: port2 }, [port2, ...stateBuffers(state)]);
    // The pass waits for it at its end; an abandoned pass must not keep the process alive.
    this.worker.unref();
    abandoned.register(this, this.worker, this);
  }

  /** Records [from, to) of `pages`/`codes`, the first of them record `i`, each at the depth `engine` gives it, counted on the worker. */
  count(engine: StackEngine, pages: Uint32Array, codes: Uint8Array, from: number, to: number, i: number): void {
    this.closePairs();
    const { pages: slotPages, codes: slotCodes, depths } = this;
    for (let a = from; a < to; ) {
      const slot = this.freeSlot();
      const n = Math.min(COUNTING_SLOT_RECORDS, to - a);
      const at = slot * COUNTING_SLOT_RECORDS;
      slotPages.set(pages.subarray(a, a + n), at);
      slotCodes.set(codes.subarray(a, a + n), at);
      if (engine.referenceAll && !hasRelease(codes, a, a + n)) engine.referenceAll(pages, a, a + n, i, depths, at);
      else for (let k = 0; k < n; k++) depths[at + k] = codes[a + k]! & RELEASE_BIT ? engine.release(pages[a + k]!) : engine.reference(pages[a + k]!, i + k);
      this.publish(slot, SlotKind.RECORDS, n, i);
      a += n;
      i += n;
    }
  }

  /** At the warm-up record: a page in the stack at `depth`. */
  atWarmup(page: number, depth: number): void {
    this.pair(SlotKind.AT_WARMUP, page, depth);
  }

  /** At the end of the trace: a page still in the stack at `depth`. */
  atEnd(page: number, depth: number): void {
    this.pair(SlotKind.AT_END, page, depth);
  }

  /** The end of the pass: waits for the worker's count and returns it (DepthCounters.from makes the counters of it). */
  finish(): CountState {
    this.closePairs();
    this.publish(this.freeSlot(), SlotKind.FINISH, 0, 0);
    for (;;) {
      const state = Atomics.load(this.control, Control.STATE);
      if (state === DONE) break;
      this.failed(state);
      Atomics.wait(this.control, Control.STATE, state);
    }
    const count = receiveMessageOnPort(this.port)!.message as CountState;
    abandoned.unregister(this);
    this.port.close();
    void this.worker.terminate();
    return count;
  }

  private pair(kind: number, page: number, depth: number): void {
    if (kind !== this.pairKind || this.pairs === COUNTING_SLOT_RECORDS) {
      this.closePairs();
      this.pairSlot = this.freeSlot();
      this.pairKind = kind;
    }
    const at = this.pairSlot * COUNTING_SLOT_RECORDS + this.pairs++;
    this.pages[at] = page;
    this.depths[at] = depth;
  }

  private closePairs(): void {
    if (this.pairKind < 0) return;
    this.publish(this.pairSlot, this.pairKind, this.pairs, 0);
    this.pairKind = -1;
    this.pairs = 0;
  }

  /** The slot to fill next, once the worker is done with what it held. */
  private freeSlot(): number {
    for (;;) {
      const taken = Atomics.load(this.control, Control.TAKEN);
      if (this.published - taken < COUNTING_SLOTS) return this.published % COUNTING_SLOTS;
      this.failed(Atomics.load(this.control, Control.STATE));
      // Bounded, so that a failure the worker reports while this waits is seen.
      Atomics.wait(this.control, Control.TAKEN, taken, 1000);
    }
  }

  private publish(slot: number, kind: number, length: number, first: number): void {
    this.control[Control.KINDS + slot] = kind;
    this.control[Control.LENGTHS + slot] = length;
    this.header[2 * slot] = first;
    this.header[2 * slot + 1] = this.warmupRecords;
    Atomics.store(this.control, Control.PUBLISHED, ++this.published);
    Atomics.notify(this.control, Control.PUBLISHED);
  }

  /** Throws the worker's error once it has reported one. */
  private failed(state: number): void {
    if (state !== FAILED) return;
    const message = receiveMessageOnPort(this.port)?.message as string | undefined;
    void this.worker.terminate();
    throw new Error(`counting thread: ${message ?? 'failed'}`);
  }
}

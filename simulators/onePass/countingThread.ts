/**
 * A DepthPass's counting on a second thread (countingThreadWorker.ts): the engine's thread writes
 * each chunk's pages, codes and depths into shared memory and the worker runs the same
 * DepthCounters over them in the same order, so a long one-pass curve takes about the longer of
 * engine and counting rather than their sum (docs/performance.md, "OPT by critical markers").
 *
 * What crosses, in order, through a SlotRing (../slotRing.ts: the hand-over, its waits and what
 * ends them) of a few slots of shared memory (allocated once: nothing per chunk): runs of records with
 * their depths, the pages' positions at the warm-up record (`atWarmup`) and at the end (`atEnd`) as
 * (page, depth) pairs, then the end of the pass, after which the worker sends the count back (its
 * arrays transferred, not copied). The engine's thread blocks while it waits for a free slot (it has
 * nothing else to do when the worker is a whole ring behind).
 */
import { MessageChannel, type Worker } from 'node:worker_threads';
import { RELEASE_BIT } from '../../traces/operations.js';
import { SlotRing, WatchedWorker, ringBuffer, type RingShape } from '../slotRing.js';
import { startWorker } from '../workerThread.js';
import type { CountState, StackEngine } from './depthCounters.js';

/** Slots of shared memory between the threads, and the records (or pairs) each holds. */
export const COUNTING_SLOTS = 4;
export const COUNTING_SLOT_RECORDS = 1 << 16;

/**
 * The ring, and the offsets of a slot's metadata numbers: what it holds (SlotKind), how many, the
 * record index of its first record, and where counting starts (DepthCounters.warmupRecords, which a
 * stream places on the way).
 */
export const COUNTING_RING: RingShape = { slots: COUNTING_SLOTS, metaWords: 4 };
export const Meta = { KIND: 0, LENGTH: 1, FIRST: 2, WARMUP_RECORDS: 3 } as const;

/** What a slot holds: records with their depths, (page, depth) pairs at the warm-up record or at the end, or the end of the pass. */
export const SlotKind = { RECORDS: 0, AT_WARMUP: 1, AT_END: 2, FINISH: 3 } as const;

export interface CountingShared {
  /** The SlotRing's shared memory (COUNTING_RING). */
  ring: SharedArrayBuffer;
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

export class CountingThread {
  /** The worker (reached by a test that watches an abandoned pass's worker end). */
  private readonly worker: Worker;
  private readonly ring: SlotRing;
  private readonly pages: Uint32Array;
  private readonly codes: Uint8Array;
  private readonly depths: Uint32Array;
  /** The slot being filled with (page, depth) pairs (its kind, -1 when none), and how many it holds. */
  private pairKind = -1;
  private pairSlot = 0;
  private pairs = 0;
  /** DepthCounters.warmupRecords, sent with every slot (a streamed pass places it on the way). */
  warmupRecords: number;

  /**
   * Goes on with the count `state` (DepthCounters.state()) on a new worker thread; its arrays move
   * there. A pass dropped before its end (a stream that stopped it, an engine that threw) never calls
   * `finish`: its worker is let go once the pass is collected (the ring's rule).
   */
  constructor(state: CountState) {
    const shared: CountingShared = {
      ring: ringBuffer(COUNTING_RING),
      pages: new SharedArrayBuffer(COUNTING_SLOTS * COUNTING_SLOT_RECORDS * 4),
      codes: new SharedArrayBuffer(COUNTING_SLOTS * COUNTING_SLOT_RECORDS),
      depths: new SharedArrayBuffer(COUNTING_SLOTS * COUNTING_SLOT_RECORDS * 4),
    };
    this.pages = new Uint32Array(shared.pages);
    this.codes = new Uint8Array(shared.codes);
    this.depths = new Uint32Array(shared.depths);
    this.warmupRecords = state.warmupRecords;
    const { port1, port2 } = new MessageChannel();
    this.worker = startWorker(import.meta.url, 'countingThreadWorker', { ...shared, state, port: port2 }, [port2, ...stateBuffers(state)]);
    // The pass waits for it at its end; an abandoned pass must not keep the process alive.
    this.worker.unref();
    this.ring = SlotRing.caller(shared.ring, COUNTING_RING, {
      thread: new WatchedWorker(this.worker),
      port: port1,
      failure: (message) => new Error(`counting thread: ${(message as string | undefined) ?? 'failed'}`),
      stopped: 'counting thread: the worker thread stopped before the end of the pass',
    });
  }

  /** Records [from, to) of `pages`/`codes`, the first of them record `i`, each at the depth `engine` gives it, counted on the worker. */
  count(engine: StackEngine, pages: Uint32Array, codes: Uint8Array, from: number, to: number, i: number): void {
    this.closePairs();
    const { pages: slotPages, codes: slotCodes, depths } = this;
    for (let a = from; a < to; ) {
      const slot = this.ring.freeSlot();
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
    this.publish(this.ring.freeSlot(), SlotKind.FINISH, 0, 0);
    const count = this.ring.awaitEnd() as CountState;
    this.ring.release();
    return count;
  }

  private pair(kind: number, page: number, depth: number): void {
    if (kind !== this.pairKind || this.pairs === COUNTING_SLOT_RECORDS) {
      this.closePairs();
      this.pairSlot = this.ring.freeSlot();
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

  private publish(slot: number, kind: number, length: number, first: number): void {
    const { meta } = this.ring;
    const m = slot * COUNTING_RING.metaWords;
    meta[m + Meta.KIND] = kind;
    meta[m + Meta.LENGTH] = length;
    meta[m + Meta.FIRST] = first;
    meta[m + Meta.WARMUP_RECORDS] = this.warmupRecords;
    this.ring.publish();
  }
}

/**
 * The memory model with per-process accounting, for tagged traces. It receives the same events as
 * MemoryModel (and keeps every total counter through it) and also, per process:
 *  - faults by kind (compulsory/capacity × anonymous/file), charged to the process that referenced;
 *  - evictions and write-backs, charged to the process the evicted page was charged to;
 *  - the frames charged to it, sampled at fixed positions of the stream (resident share over time).
 *
 * Events carry no record index: the driver sets `process` before replaying records of that process
 * (runs of one process's records at a time), so a hit costs nothing more than in MemoryModel, and a
 * fault one more array update. The driver also calls `sampleUpTo` as it passes sample positions.
 */
import { KIND_SHIFT } from '../../traces/operations.js';
import { DIRTY, MemoryModel, SEEN } from '../memoryModel.js';
import type { ChargeRule } from './allocationSpec.js';
import type { ProcessCounters } from '../results.js';

/** Resident frames per process are sampled at this many evenly spaced positions. */
export const RESIDENT_SAMPLES = 64;

/** Per-process counters of one run (index = process id of the trace's table). */
export type ProcessTotals = ProcessCounters;

export class ProcessMemoryModel extends MemoryModel {
  /** The process whose references are being replayed (set by the driver). */
  process = 0;
  /** Faults by process × [kind + 4 × capacity]. */
  private readonly processFaults: Float64Array;
  private readonly evictionsBy: Float64Array;
  private readonly processWritebacks: Float64Array;
  readonly deactivationsBy: Float64Array;
  /** Frames charged to each process now, and in all. */
  readonly residentBy: Int32Array;
  resident = 0;
  /** Local allocations: the pool (process) a fault now loads into; -1: by the charge rule. */
  loadInto = -1;
  /** The process each resident page is charged to (-1: not resident). */
  readonly owner: Int32Array;
  /** The first process to reference each page (-1: not yet referenced). */
  readonly firstToucher: Int32Array;
  private readonly charge: ChargeRule;
  /** First touchers are kept (charge=first, or local allocations: `local`). */
  private readonly tracksFirst: boolean;
  private readonly samples: Int32Array;
  private readonly samplePositions: number[];
  private nextSample = 0;
  private nextSampleAt: number;

  /**
   * @param samplePositions record indices at which resident frames are sampled (ascending)
   */
  constructor(pageCount: number, processCount: number, charge: ChargeRule, samplePositions: number[], local = true) {
    super(pageCount);
    this.tracksFirst = local || charge === 'first';
    this.processFaults = new Float64Array(processCount * 8);
    this.evictionsBy = new Float64Array(processCount);
    this.processWritebacks = new Float64Array(processCount);
    this.deactivationsBy = new Float64Array(processCount);
    this.residentBy = new Int32Array(processCount);
    this.owner = new Int32Array(pageCount).fill(-1);
    this.firstToucher = new Int32Array(pageCount).fill(-1);
    this.charge = charge;
    this.samplePositions = samplePositions;
    this.samples = new Int32Array(samplePositions.length * processCount);
    this.nextSampleAt = samplePositions[0] ?? Infinity;
  }

  /** The process a page loaded now by `process` is charged to. */
  chargeOf(page: number, process: number): number {
    const first = this.firstToucher[page]!;
    return this.charge === 'first' && first >= 0 ? first : process;
  }

  /** The sample position the driver must stop at next (Infinity when none is left). */
  get nextSamplePosition(): number {
    return this.nextSampleAt;
  }

  /** Takes the samples at positions ≤ `position`: the state after records [0, position). */
  sampleUpTo(position: number): void {
    while (this.nextSampleAt <= position) {
      this.samples.set(this.residentBy, this.nextSample * this.residentBy.length);
      this.nextSample++;
      this.nextSampleAt = this.samplePositions[this.nextSample] ?? Infinity;
    }
  }

  override fault(code: number, page: number): void {
    const process = this.process;
    const seen = this.state[page]! & SEEN;
    super.fault(code, page);
    this.processFaults[process * 8 + (code >> KIND_SHIFT) + (seen << 1)]!++;
    // Global replacement with the loader charged needs no first toucher: skip the random access.
    if (this.tracksFirst && this.firstToucher[page]! < 0) this.firstToucher[page] = process;
    const charged = this.loadInto >= 0 ? this.loadInto : this.tracksFirst ? this.chargeOf(page, process) : process;
    this.owner[page] = charged;
    this.residentBy[charged]!++;
    this.resident++;
  }

  override evict(page: number): void {
    const o = this.owner[page]!;
    if (this.state[page]! & DIRTY) this.processWritebacks[o]!++;
    super.evict(page);
    this.evictionsBy[o]!++;
    this.residentBy[o]!--;
    this.resident--;
    this.owner[page] = -1;
  }

  override release(page: number, resident: boolean): void {
    super.release(page, resident);
    if (resident) {
      this.residentBy[this.owner[page]!]!--;
      this.resident--;
      this.owner[page] = -1;
    }
  }

  override resetCounters(): void {
    super.resetCounters();
    this.processFaults.fill(0);
    this.evictionsBy.fill(0);
    this.processWritebacks.fill(0);
    this.deactivationsBy.fill(0);
  }

  /** The per-process counters; `references` per process over the counted records. */
  processTotals(references: Float64Array): ProcessTotals[] {
    const n = this.residentBy.length;
    while (this.nextSample < this.samplePositions.length) {
      this.samples.set(this.residentBy, this.nextSample * n);
      this.nextSample++;
    }
    const out: ProcessTotals[] = [];
    for (let p = 0; p < n; p++) {
      const f = this.processFaults.subarray(p * 8, p * 8 + 8);
      const compulsory = f[0]! + f[1]! + f[2]! + f[3]!;
      const capacity = f[4]! + f[5]! + f[6]! + f[7]!;
      const resident: number[] = [];
      for (let k = 0; k < this.samplePositions.length; k++) resident.push(this.samples[k * n + p]!);
      out.push({
        references: references[p]!,
        faults: compulsory + capacity,
        compulsoryFaults: compulsory,
        capacityFaults: capacity,
        anonCompulsory: f[1]!,
        anonCapacity: f[5]!,
        fileCompulsory: f[2]!,
        fileCapacity: f[6]!,
        evictions: this.evictionsBy[p]!,
        writebacks: this.processWritebacks[p]!,
        deactivations: this.deactivationsBy[p]!,
        resident,
      });
    }
    return out;
  }
}

/**
 * `count` record positions evenly spaced over (from, to]: a sample at position i holds the frames
 * charged to each process after records [0, i), the last one the state at the end.
 */
export function samplePositions(from: number, to: number, count = RESIDENT_SAMPLES): number[] {
  const out: number[] = [];
  for (let k = 1; k <= count; k++) out.push(from + Math.floor(((to - from) * k) / count));
  return out;
}

/** References per process among records [from, to) (releases excluded). */
export function referencesByProcess(codes: Uint8Array, processes: Uint32Array, processCount: number, from: number, to: number, releaseBit: number): Float64Array {
  const refs = new Float64Array(processCount);
  for (let i = from; i < to; i++) if ((codes[i]! & releaseBit) === 0) refs[processes[i]!]!++;
  return refs;
}

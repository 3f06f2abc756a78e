/**
 * The memory model's bookkeeping (docs/model.md, "The unified memory model"): it receives a policy's events
 * and keeps every counter of `Counters`. Per page it keeps one byte — dirty, seen-before and the
 * kind the page was loaded as — so the policy's hot loop pays a single byte update per hit.
 */
import { KIND_SHIFT, WRITE_BIT } from '../traces/operations.js';
import type { MemoryEvents } from '../policies/policy.js';
import { zeroCounters, type Counters } from './results.js';

export const DIRTY = 1;
export const SEEN = 2;
const KIND_AT = 2; // bits 2-3 of the page state hold the kind (0 unknown, 1 anon, 2 file)

export class MemoryModel implements MemoryEvents {
  /** Per page: DIRTY, SEEN and the kind loaded (bits 2-3). */
  protected readonly state: Uint8Array;
  /** Faults by [compulsory 0 | capacity 1] × kind, indexed kind + 4 × capacity. */
  private readonly faultsBy = new Float64Array(8);
  private readonly writebacksBy = new Float64Array(4);
  softFaults = 0;
  evictions = 0;
  releases = 0;
  releasedResident = 0;

  constructor(pageCount: number) {
    this.state = new Uint8Array(pageCount);
  }

  hit(code: number, page: number): void {
    this.state[page]! |= code & WRITE_BIT;
  }

  softFault(code: number, page: number): void {
    this.softFaults++;
    this.state[page]! |= code & WRITE_BIT;
  }

  fault(code: number, page: number): void {
    const s = this.state[page]!;
    const kind = code >> KIND_SHIFT;
    this.faultsBy[kind + ((s & SEEN) << 1)]!++;
    this.state[page] = SEEN | (kind << KIND_AT) | (code & WRITE_BIT);
  }

  evict(page: number): void {
    const s = this.state[page]!;
    this.evictions++;
    if (s & DIRTY) {
      this.writebacksBy[s >> KIND_AT]!++;
      this.state[page] = s & ~DIRTY;
    }
  }

  release(page: number, resident: boolean): void {
    this.releases++;
    if (resident) {
      this.releasedResident++;
      // A dead page's data is discarded, never written back.
      this.state[page]! &= ~DIRTY;
    }
  }

  /** Zeroes the counters (after warm-up) while keeping the pages' state. */
  resetCounters(): void {
    this.faultsBy.fill(0);
    this.writebacksBy.fill(0);
    this.softFaults = 0;
    this.evictions = 0;
    this.releases = 0;
    this.releasedResident = 0;
  }

  /** The counters, given how many references were replayed since the last reset. */
  counters(references: number): Counters {
    const f = this.faultsBy;
    const w = this.writebacksBy;
    const c = zeroCounters();
    c.references = references;
    c.compulsoryFaults = f[0]! + f[1]! + f[2]! + f[3]!;
    c.capacityFaults = f[4]! + f[5]! + f[6]! + f[7]!;
    c.faults = c.compulsoryFaults + c.capacityFaults;
    c.hits = references - c.faults;
    c.anonCompulsory = f[1]!;
    c.fileCompulsory = f[2]!;
    c.anonCapacity = f[5]!;
    c.fileCapacity = f[6]!;
    c.softFaults = this.softFaults;
    c.evictions = this.evictions;
    c.anonWritebacks = w[1]!;
    c.fileWritebacks = w[2]!;
    c.writebacks = w[0]! + w[1]! + w[2]! + w[3]!;
    c.releases = this.releases;
    c.releasedResident = this.releasedResident;
    return c;
  }
}

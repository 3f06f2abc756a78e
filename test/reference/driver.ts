/**
 * The brute-force side of the policy differential tests: a reference policy says, for each
 * reference, whether it hit, soft-faulted or faulted and which pages it evicted; this driver keeps
 * every counter of the memory model itself (dirty bits, kinds, compulsory vs capacity) and the mean
 * resident size, independently of simulators/memoryModel.ts.
 */
import type { Counters } from '../../simulators/results.js';

export type Outcome = 'hit' | 'soft' | 'fault';

export interface ReferencePolicy {
  /** The reference at time t (1, 2, … counting references) of record i. */
  access(page: number, t: number, i: number): { outcome: Outcome; evicted: number[] };
  /** The page died; returns whether it was resident. */
  release(page: number): boolean;
  resident(): number[];
  /**
   * The memory size becomes `frames` after record `i` (local allocations); returns the pages
   * evicted, in order. Only the references whose victim order is simple enough to state plainly.
   */
  resize?(frames: number, i: number): number[];
}

export function zeroCounters(): Counters {
  return {
    references: 0, hits: 0, faults: 0, compulsoryFaults: 0, capacityFaults: 0, anonCompulsory: 0, anonCapacity: 0,
    fileCompulsory: 0, fileCapacity: 0, softFaults: 0, evictions: 0, writebacks: 0, anonWritebacks: 0, fileWritebacks: 0,
    releases: 0, releasedResident: 0,
  };
}

export interface ReferenceOutcome {
  counters: Counters;
  /** Resident-set size after each reference since warm-up, averaged. */
  meanResident: number;
  resident: number[];
}

export function referenceCounters(pages: number[], codes: number[], policy: ReferencePolicy, warmupRecords = 0): ReferenceOutcome {
  const seen = new Set<number>();
  const dirty = new Set<number>();
  const kindOf = new Map<number, number>();
  let c = zeroCounters();
  let sizeSum = 0;
  let t = 0;
  for (let i = 0; i < pages.length; i++) {
    if (i === warmupRecords) {
      c = zeroCounters();
      sizeSum = 0;
    }
    const page = pages[i]!;
    const code = codes[i]!;
    if (code & 4) {
      c.releases++;
      if (policy.release(page)) c.releasedResident++;
      dirty.delete(page);
      continue;
    }
    c.references++;
    const write = (code & 1) === 1;
    const { outcome, evicted } = policy.access(page, ++t, i);
    for (const v of evicted) {
      c.evictions++;
      if (dirty.has(v)) {
        c.writebacks++;
        if (kindOf.get(v) === 1) c.anonWritebacks++;
        if (kindOf.get(v) === 2) c.fileWritebacks++;
        dirty.delete(v);
      }
    }
    if (outcome === 'fault') {
      c.faults++;
      const kind = code >> 3;
      const compulsory = !seen.has(page);
      seen.add(page);
      if (compulsory) c.compulsoryFaults++;
      else c.capacityFaults++;
      if (kind === 1) compulsory ? c.anonCompulsory++ : c.anonCapacity++;
      if (kind === 2) compulsory ? c.fileCompulsory++ : c.fileCapacity++;
      kindOf.set(page, kind);
      dirty.delete(page);
    } else {
      c.hits++;
      if (outcome === 'soft') c.softFaults++;
    }
    if (write) dirty.add(page);
    sizeSum += policy.resident().length;
  }
  // A warm-up covering the whole trace leaves nothing counted.
  if (warmupRecords >= pages.length) {
    c = zeroCounters();
    sizeSum = 0;
  }
  return { counters: c, meanResident: c.references === 0 ? 0 : sizeSum / c.references, resident: policy.resident().sort((a, b) => a - b) };
}

/** A reference's resize: `victim()` (which removes its page) while more than `frames` are held; the victims in order. */
export function evictWhileOver(frames: number, held: () => number, victim: () => number): number[] {
  const evicted: number[] = [];
  while (held() > frames) evicted.push(victim());
  return evicted;
}

/** Removes `page` from `list` if present; returns whether it was there. */
export function removeFrom(list: number[], page: number): boolean {
  const k = list.indexOf(page);
  if (k >= 0) list.splice(k, 1);
  return k >= 0;
}

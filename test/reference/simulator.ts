/**
 * A brute-force reference simulator: memory is a plain array of frames, every decision a linear
 * scan. Deliberately independent of the fast code (no shared helpers beyond the code-byte layout),
 * so that differential tests compare two separate readings of the definitions in docs/policies.md and docs/model.md.
 */
import type { Counters } from '../../simulators/results.js';

export type ReferencePolicy = 'lru' | 'fifo' | 'clock' | 'opt';

interface Frame {
  page: number;
  dirty: boolean;
  kind: number;
  ref: number;
  loadedAt: number;
  lastUsed: number;
}

export interface ReferenceOptions {
  refOnInsert?: number;
  warmupRecords?: number;
}

function nextUse(pages: number[], codes: number[], from: number, page: number): number {
  for (let j = from; j < pages.length; j++) {
    if (pages[j] === page) return (codes[j]! & 4) !== 0 ? Infinity : j;
  }
  return Infinity;
}

export function referenceRun(pages: number[], codes: number[], frames: number, policy: ReferencePolicy, o: ReferenceOptions = {}): Counters {
  const memory: Frame[] = [];
  const everSeen = new Set<number>();
  const zero = (): Counters => ({
    references: 0, hits: 0, faults: 0, compulsoryFaults: 0, capacityFaults: 0, anonCompulsory: 0, anonCapacity: 0,
    fileCompulsory: 0, fileCapacity: 0, softFaults: 0, evictions: 0, writebacks: 0, anonWritebacks: 0, fileWritebacks: 0,
    releases: 0, releasedResident: 0,
  });
  let c = zero();
  for (let i = 0; i < pages.length; i++) {
    if (i === (o.warmupRecords ?? 0)) c = zero();
    const page = pages[i]!;
    const code = codes[i]!;
    const at = memory.findIndex((f) => f.page === page);
    if (code & 4) {
      c.releases++;
      if (at >= 0) {
        c.releasedResident++;
        memory.splice(at, 1);
      }
      continue;
    }
    c.references++;
    const write = (code & 1) === 1;
    const kind = code >> 3;
    if (at >= 0) {
      c.hits++;
      const f = memory[at]!;
      f.lastUsed = i;
      f.ref = 1;
      if (write) f.dirty = true;
      continue;
    }
    c.faults++;
    const compulsory = !everSeen.has(page);
    everSeen.add(page);
    if (compulsory) c.compulsoryFaults++;
    else c.capacityFaults++;
    if (kind === 1) compulsory ? c.anonCompulsory++ : c.anonCapacity++;
    if (kind === 2) compulsory ? c.fileCompulsory++ : c.fileCapacity++;
    if (memory.length === frames) {
      let victim = 0;
      if (policy === 'lru') {
        for (let k = 1; k < memory.length; k++) if (memory[k]!.lastUsed < memory[victim]!.lastUsed) victim = k;
      } else if (policy === 'fifo') {
        for (let k = 1; k < memory.length; k++) if (memory[k]!.loadedAt < memory[victim]!.loadedAt) victim = k;
      } else if (policy === 'clock') {
        // memory is kept in queue order: index 0 is the head.
        while (memory[0]!.ref === 1) {
          const head = memory.shift()!;
          head.ref = 0;
          memory.push(head);
        }
        victim = 0;
      } else {
        let best = -1;
        for (let k = 0; k < memory.length; k++) {
          const n = nextUse(pages, codes, i + 1, memory[k]!.page);
          const better = n > best || (n === best && n === Infinity && memory[k]!.page < memory[victim]!.page);
          if (better) {
            best = n;
            victim = k;
          }
        }
      }
      const [gone] = memory.splice(victim, 1);
      c.evictions++;
      if (gone!.dirty) {
        c.writebacks++;
        if (gone!.kind === 1) c.anonWritebacks++;
        if (gone!.kind === 2) c.fileWritebacks++;
      }
    }
    memory.push({ page, dirty: write, kind, ref: policy === 'clock' ? (o.refOnInsert ?? 1) : 1, loadedAt: i, lastUsed: i });
  }
  // A warm-up covering the whole trace leaves nothing counted.
  return (o.warmupRecords ?? 0) >= pages.length ? zero() : c;
}

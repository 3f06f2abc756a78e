/**
 * A brute-force reference for the allocation policies (docs/model.md, "Allocation across
 * processes"): memory is a plain array of frames, each knowing its page and the process it is
 * charged to; every decision is a linear scan, every rule read straight off the documentation
 * (ws as Denning's definition: after each reference, pages of the pool not referenced in its last
 * τ references leave). Replacement within a pool: LRU or FIFO.
 */
import type { Counters, ProcessCounters } from '../../simulators/results.js';
import type { AllocationSpec } from '../../simulators/allocation/allocationSpec.js';

export interface RefProcess {
  start: number;
  end: number | null;
  label: string;
  command: string;
}

interface Frame {
  page: number;
  owner: number;
  dirty: boolean;
  kind: number;
  loadedAt: number;
  lastUsed: number;
}

export interface ReferenceAllocationResult {
  counters: Counters;
  perProcess: ProcessCounters[];
}

export function referenceAllocation(
  pages: number[],
  codes: number[],
  procs: number[],
  table: RefProcess[],
  frames: number,
  policy: 'lru' | 'fifo',
  alloc: AllocationSpec,
  warmup: number,
  samples: number[],
): ReferenceAllocationResult {
  const n = table.length;
  const len = pages.length;
  const local = alloc.name !== 'global';
  const partition = alloc.name === 'equal' || alloc.name === 'proportional';
  let memory: Frame[] = [];
  const seen = new Set<number>();
  const firstToucher = new Map<number, number>();
  const brought = new Array<number>(n).fill(0);
  const live = new Array<boolean>(n).fill(false);
  const quota = new Array<number>(n).fill(0);
  const poolTime = new Array<number>(n).fill(0);
  const lastFault = new Array<number>(n).fill(0);
  const lastActive = new Array<number>(n).fill(-1);
  const lastRef = new Map<number, number>();

  // Live intervals: a process that references lives from its start (process 0: its first
  // reference) to its exit (process 0, or none: the end), widened to cover its references.
  const from = new Array<number>(n).fill(0);
  const to = new Array<number>(n).fill(0);
  for (let p = 0; p < n; p++) {
    const mine = procs.map((q, i) => (q === p && !(codes[i]! & 4) ? i : -1)).filter((i) => i >= 0);
    if (mine.length === 0) continue;
    from[p] = Math.min(p === 0 ? mine[0]! : table[p]!.start, mine[0]!);
    to[p] = Math.max(p === 0 || table[p]!.end === null ? len : table[p]!.end!, mine[mine.length - 1]! + 1);
  }

  const zero = (): Counters => ({
    references: 0, hits: 0, faults: 0, compulsoryFaults: 0, capacityFaults: 0, anonCompulsory: 0, anonCapacity: 0,
    fileCompulsory: 0, fileCapacity: 0, softFaults: 0, evictions: 0, writebacks: 0, anonWritebacks: 0, fileWritebacks: 0,
    releases: 0, releasedResident: 0,
  });
  const zeroProcess = (): ProcessCounters => ({
    references: 0, faults: 0, compulsoryFaults: 0, capacityFaults: 0, anonCompulsory: 0, anonCapacity: 0, fileCompulsory: 0,
    fileCapacity: 0, evictions: 0, writebacks: 0, deactivations: 0, resident: [],
  });
  let c = zero();
  let per = table.map(zeroProcess);
  let nextSample = 0;
  const holding = (p: number): number => memory.filter((f) => f.owner === p).length;
  const takeSamples = (i: number): void => {
    while (nextSample < samples.length && samples[nextSample]! <= i) {
      for (let p = 0; p < n; p++) per[p]!.resident.push(holding(p));
      nextSample++;
    }
  };

  const remove = (f: Frame): void => {
    memory = memory.filter((g) => g !== f);
    c.evictions++;
    per[f.owner]!.evictions++;
    if (f.dirty) {
      c.writebacks++;
      per[f.owner]!.writebacks++;
      if (f.kind === 1) c.anonWritebacks++;
      if (f.kind === 2) c.fileWritebacks++;
    }
  };
  const victimOf = (p: number): Frame => {
    const mine = memory.filter((f) => !local || f.owner === p);
    return mine.reduce((a, b) => ((policy === 'lru' ? b.lastUsed < a.lastUsed : b.loadedAt < a.loadedAt) ? b : a));
  };
  const removeAll = (p: number): void => {
    for (const f of memory.filter((g) => g.owner === p)) remove(f);
  };

  const redivide = (): void => {
    const alive = [...Array(n).keys()].filter((p) => live[p]);
    const next = new Array<number>(n).fill(0);
    if (alive.length >= frames) {
      alive.slice(0, frames).forEach((p) => (next[p] = 1));
    } else if (alive.length) {
      const weight = (p: number): number => {
        if (alloc.name === 'equal') return 1;
        if (Object.keys(alloc.weights).length) return alloc.weights[table[p]!.label] ?? alloc.weights[table[p]!.command] ?? 1;
        return Math.max(1, brought[p]!);
      };
      const spare = frames - alive.length;
      const total = alive.reduce((s, p) => s + weight(p), 0);
      const shares = alive.map((p) => ({ p, exact: (spare * weight(p)) / total }));
      for (const s of shares) next[s.p] = 1 + Math.floor(s.exact);
      const left = spare - shares.reduce((s, x) => s + Math.floor(x.exact), 0);
      const byRemainder = [...shares].sort((a, b) => b.exact - Math.floor(b.exact) - (a.exact - Math.floor(a.exact)) || a.p - b.p);
      for (let r = 0; r < left; r++) next[byRemainder[r]!.p]!++;
    }
    for (let p = 0; p < n; p++) {
      quota[p] = next[p]!;
      while (holding(p) > quota[p]!) remove(victimOf(p));
    }
  };

  for (let i = 0; i < len; i++) {
    if (i === warmup) {
      c = zero();
      per = table.map(zeroProcess);
    }
    takeSamples(i);
    if (local) {
      let changed = false;
      for (let p = 0; p < n; p++) {
        if (live[p] && to[p] === i) {
          live[p] = false;
          removeAll(p);
          changed = true;
        }
      }
      for (let p = 0; p < n; p++) {
        if (!live[p] && from[p]! < to[p]! && from[p] === i) {
          live[p] = true;
          changed = true;
        }
      }
      if (changed && partition) redivide();
    }
    const page = pages[i]!;
    const code = codes[i]!;
    const frame = memory.find((f) => f.page === page);
    if (code & 4) {
      c.releases++;
      if (frame) {
        c.releasedResident++;
        memory = memory.filter((f) => f !== frame);
      }
      continue;
    }
    const r = procs[i]!;
    const write = (code & 1) !== 0;
    const kind = code >> 3;
    c.references++;
    per[r]!.references++;
    if (!firstToucher.has(page)) brought[r]!++;
    let pool: number;
    if (frame) {
      c.hits++;
      frame.lastUsed = i;
      if (write) frame.dirty = true;
      pool = frame.owner;
    } else {
      const capacity = seen.has(page);
      seen.add(page);
      c.faults++;
      per[r]!.faults++;
      const key = capacity ? 'capacity' : 'compulsory';
      c[`${key}Faults`]++;
      per[r]![`${key}Faults`]++;
      if (kind === 1) {
        c[capacity ? 'anonCapacity' : 'anonCompulsory']++;
        per[r]![capacity ? 'anonCapacity' : 'anonCompulsory']++;
      }
      if (kind === 2) {
        c[capacity ? 'fileCapacity' : 'fileCompulsory']++;
        per[r]![capacity ? 'fileCapacity' : 'fileCompulsory']++;
      }
      const first = firstToucher.get(page);
      if (first === undefined) firstToucher.set(page, r);
      pool = alloc.charge === 'first' && first !== undefined ? first : r;
      if (local && !live[pool]) pool = r;
      const loaded: Frame = { page, owner: pool, dirty: write, kind, loadedAt: i, lastUsed: i };
      if (partition && quota[pool] === 0) {
        memory.push(loaded);
        remove(loaded);
        continue;
      }
      if (alloc.name === 'pff') {
        const now = poolTime[pool]! + 1;
        if (now - lastFault[pool]! > alloc.threshold) {
          for (const f of memory.filter((g) => g.owner === pool && lastRef.get(g.page)! < lastFault[pool]!)) remove(f);
        }
        lastFault[pool] = now;
      }
      if (alloc.name === 'ws' || alloc.name === 'pff') {
        while (memory.length >= frames && holding(pool) < frames) {
          const others = [...Array(n).keys()].filter((q) => q !== pool && holding(q) > 0);
          const victim = others.reduce((a, b) => (lastActive[b]! < lastActive[a]! ? b : a));
          removeAll(victim);
          per[victim]!.deactivations++;
        }
      }
      const limit = partition ? quota[pool]! : frames;
      if ((local ? holding(pool) : memory.length) >= limit) remove(victimOf(pool));
      memory.push(loaded);
    }
    if (alloc.name === 'ws' || alloc.name === 'pff') {
      const now = ++poolTime[pool]!;
      lastRef.set(page, now);
      lastActive[pool] = i;
      if (alloc.name === 'ws') {
        for (const f of memory.filter((g) => g.owner === pool && lastRef.get(g.page)! <= now - alloc.window)) remove(f);
      }
    }
  }
  takeSamples(Infinity);
  return { counters: c, perProcess: per };
}

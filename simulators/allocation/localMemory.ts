/**
 * Local allocation (equal, proportional, ws, pff): one memory of M frames, one instance of the
 * replacement policy per process, each replacing only the pages charged to its process. The rules
 * (docs/model.md, "Allocation across processes"):
 *
 *  - A reference to a resident page is replayed by the pool that holds it (a shared page is a hit
 *    whoever references it). A reference to a page not resident is a fault in the pool of the
 *    process it is charged to (allocationSpec.ts: the loader, or its first toucher while that one
 *    lives). A release goes to the pool holding the page (or that held it last).
 *  - A process lives from its start to its exit (as the process table says, widened to cover its
 *    own references) if it makes at least one reference; when it exits, its pool's pages leave.
 *  - equal / proportional: at every start and exit the M frames are re-divided among the live
 *    processes: one frame each, the rest by weight (1 each, the stated weight, or the pages each
 *    brought into the system so far) with the largest-remainder rule, ties to the older process.
 *    Pools resize to their quota (the policy evicts its own victims when it shrinks). With more
 *    live processes than frames the oldest M get one frame and the others none: their faults load
 *    nothing (each fault is followed by the page's eviction).
 *  - ws (Denning 1968): each pool keeps the pages referenced in its last τ references (its own
 *    reference time: references by any process to pages it holds); a page leaves when it falls out
 *    of the window. pff (Chu & Opderbeck 1972): at a fault in a pool, if the time since its
 *    previous fault exceeds T, the pages not referenced since that previous fault leave first;
 *    then the page is added. For both, when memory is full at a fault, load control deactivates
 *    the least recently active other process holding frames (its pages leave; it comes back by
 *    faulting) until a frame is free; when the faulting process holds every frame, its own
 *    policy replaces. Deactivations are counted per process.
 *
 * A page leaves a pool by a release record replayed by the pool's policy (so the policy forgets it
 * as it would a freed page), reported to the memory model as an eviction.
 */
import { UsageError, type LoadedTrace } from '../../traces/index.js';
import { RELEASE_BIT, OP_RELEASE } from '../../traces/operations.js';
import type { MemoryEvents, PolicyInstance } from '../../policies/policy.js';
import type { PolicySpec } from '../../policies/policySpec.js';
import type { AllocationSpec } from './allocationSpec.js';
import type { ProcessMemoryModel } from './processModel.js';

/** A FIFO of pages that grows as needed up to a bound (a ws pool's window, oldest first). */
class PageQueue {
  private buf = new Int32Array(16);
  private head = 0;
  size = 0;

  push(page: number): void {
    if (this.size === this.buf.length) {
      const next = new Int32Array(this.buf.length * 2);
      for (let k = 0; k < this.size; k++) next[k] = this.buf[(this.head + k) & (this.buf.length - 1)]!;
      this.buf = next;
      this.head = 0;
    }
    this.buf[(this.head + this.size) & (this.buf.length - 1)] = page;
    this.size++;
  }

  shift(): number {
    const page = this.buf[this.head]!;
    this.head = (this.head + 1) & (this.buf.length - 1);
    this.size--;
    return page;
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
  }
}

/** Live intervals of the processes: [from, to) of record indices, or empty (from ≥ to). */
export function liveIntervals(trace: LoadedTrace): { from: Float64Array; to: Float64Array } {
  const { processes, table } = trace.tags!;
  const n = table.processes.length;
  const first = new Float64Array(n).fill(Infinity);
  const last = new Float64Array(n).fill(-1);
  const codes = trace.codes;
  for (let i = 0; i < trace.length; i++) {
    if (codes[i]! & RELEASE_BIT) continue;
    const p = processes[i]!;
    if (first[p] === Infinity) first[p] = i;
    last[p] = i;
  }
  const from = new Float64Array(n);
  const to = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    if (last[p]! < 0) continue; // no references: never live
    const row = table.processes[p]!;
    from[p] = Math.min(p === 0 ? first[p]! : row.start, first[p]!);
    to[p] = Math.max(p === 0 || row.end === null ? trace.length : row.end, last[p]! + 1);
  }
  return { from, to };
}

export class LocalMemory {
  private readonly pools: (PolicyInstance | undefined)[];
  private readonly quota: Int32Array;
  private readonly live: Uint8Array;
  private readonly brought: Float64Array;
  private readonly weights: Float64Array | undefined;
  /** Liveness changes, sorted by position: (position, process, +1 start / -1 exit). */
  private readonly changes: { at: number; process: number; start: boolean }[] = [];
  private nextChange = 0;
  private readonly partition: boolean;
  /** ws / pff: each pool's reference time, the last time each page was referenced in its pool, the pool's last record. */
  private readonly poolTime: Float64Array;
  private readonly lastRef: Float64Array;
  private readonly lastActive: Float64Array;
  private readonly lastFault: Float64Array;
  private readonly windows: (PageQueue | undefined)[];
  /** The pool that last held each page (where its history is), -1 when none. */
  private readonly home: Int32Array;
  private readonly trimView = { pages: new Uint32Array(1), codes: Uint8Array.of(OP_RELEASE) };
  private readonly trimEvents: MemoryEvents;

  constructor(
    private readonly trace: LoadedTrace,
    private readonly spec: PolicySpec,
    private readonly alloc: AllocationSpec,
    private readonly frames: number,
    private readonly seed: number,
    private readonly model: ProcessMemoryModel,
  ) {
    const table = trace.tags!.table;
    const n = table.processes.length;
    this.pools = new Array(n).fill(undefined);
    this.quota = new Int32Array(n);
    this.live = new Uint8Array(n);
    this.brought = new Float64Array(n);
    this.partition = alloc.name === 'equal' || alloc.name === 'proportional';
    if (alloc.name === 'proportional' && Object.keys(alloc.weights).length) {
      this.weights = Float64Array.from(table.processes, (p) => alloc.weights[p.label] ?? alloc.weights[p.command] ?? 1);
    }
    this.poolTime = new Float64Array(n);
    this.lastRef = new Float64Array(trace.pageCount);
    this.lastActive = new Float64Array(n).fill(-1);
    this.lastFault = new Float64Array(n);
    this.windows = new Array(n).fill(undefined);
    this.home = new Int32Array(trace.pageCount).fill(-1);
    const { from, to } = liveIntervals(trace);
    for (let p = 0; p < n; p++) {
      if (from[p]! >= to[p]!) continue;
      this.changes.push({ at: from[p]!, process: p, start: true }, { at: to[p]!, process: p, start: false });
    }
    // Exits before starts at the same position, so that a freed share is re-divided at once.
    this.changes.sort((a, b) => a.at - b.at || Number(a.start) - Number(b.start) || a.process - b.process);
    this.trimEvents = {
      hit: () => this.internal('hit'),
      softFault: () => this.internal('soft fault'),
      fault: () => this.internal('fault'),
      evict: () => this.internal('eviction'),
      release: (page, resident) => {
        if (resident) this.model.evict(page);
      },
    };
  }

  private internal(what: string): never {
    throw new Error(`policy ${this.spec.def.name}: a ${what} while removing a page from its pool`);
  }

  /** Deactivations since the last reset. */
  deactivations(): number {
    let total = 0;
    for (const d of this.model.deactivationsBy) total += d;
    return total;
  }

  private pool(p: number): PolicyInstance {
    let inst = this.pools[p];
    if (!inst) {
      const frames = this.partition ? this.quota[p]! : this.frames;
      inst = this.spec.def.create({ frames, pageCount: this.trace.pageCount, trace: this.trace, seed: this.seed }, this.spec.params);
      if (this.partition && typeof inst.resize !== 'function') {
        throw new UsageError(`policy ${this.spec.def.name} cannot run under allocation ${this.alloc.name}: it cannot change its memory size as processes start and exit (it has no resize); use global, ws or pff, or a policy with resize (every fixed-space built-in but clock-pro:variant=reference; hook-style policies)`);
      }
      this.pools[p] = inst;
    }
    return inst;
  }

  /** Removes one page from pool `p` (it must hold it): an eviction for the memory model. */
  private trim(p: number, page: number): void {
    this.trimView.pages[0] = page;
    this.pools[p]!.replay(this.trimView, 0, 1, this.trimEvents);
  }

  private trimAll(p: number): void {
    const inst = this.pools[p];
    if (!inst || this.model.residentBy[p] === 0) return;
    for (const page of inst.residentPages()) if (this.model.owner[page] === p) this.trim(p, page);
  }

  private applyChanges(i: number): void {
    let changed = false;
    while (this.nextChange < this.changes.length && this.changes[this.nextChange]!.at <= i) {
      const c = this.changes[this.nextChange++]!;
      this.live[c.process] = c.start ? 1 : 0;
      if (!c.start) {
        // The process is gone: its pages leave, and its policy state with them.
        this.trimAll(c.process);
        this.pools[c.process] = undefined;
        this.windows[c.process] = undefined;
      }
      changed = true;
    }
    if (changed && this.partition) this.redivide();
  }

  /** Equal / proportional: one frame per live process, the rest by weight, largest remainder first. */
  private redivide(): void {
    const n = this.quota.length;
    const live: number[] = [];
    for (let p = 0; p < n; p++) if (this.live[p]) live.push(p);
    const next = new Int32Array(n);
    if (live.length >= this.frames) {
      for (let k = 0; k < this.frames; k++) next[live[k]!] = 1;
    } else if (live.length > 0) {
      const weight = (p: number): number =>
        this.alloc.name === 'equal' ? 1 : this.weights ? this.weights[p]! : Math.max(1, this.brought[p]!);
      const spare = this.frames - live.length;
      const total = live.reduce((s, p) => s + weight(p), 0);
      const exact = live.map((p) => (spare * weight(p)) / total);
      let given = 0;
      live.forEach((p, k) => {
        next[p] = 1 + Math.floor(exact[k]!);
        given += Math.floor(exact[k]!);
      });
      const order = live.map((_, k) => k).sort((a, b) => exact[b]! - Math.floor(exact[b]!) - (exact[a]! - Math.floor(exact[a]!)) || a - b);
      for (let r = 0; r < spare - given; r++) next[live[order[r]!]!]!++;
    }
    // Shrink first, then grow: the frames a pool gives up are free before another takes them.
    for (const growing of [false, true]) {
      for (let p = 0; p < n; p++) {
        const q = next[p]!;
        if (q === this.quota[p] || q > this.quota[p]! !== growing) continue;
        this.quota[p] = q;
        const inst = this.pools[p];
        if (!inst) continue;
        if (q === 0) this.trimAll(p);
        else inst.resize!(q, this.model);
      }
    }
  }

  /** ws / pff load control: frees a frame for a fault in pool `p` by deactivating other processes. */
  private makeRoom(p: number): void {
    const { residentBy } = this.model;
    while (this.model.resident >= this.frames && residentBy[p]! < this.frames) {
      let victim = -1;
      for (let q = 0; q < residentBy.length; q++) {
        if (q !== p && residentBy[q]! > 0 && (victim < 0 || this.lastActive[q]! < this.lastActive[victim]!)) victim = q;
      }
      this.trimAll(victim);
      this.windows[victim]?.clear();
      this.model.deactivationsBy[victim]!++;
    }
  }

  /** PFF at a fault in pool `p` at its time `now`. */
  private pffFault(p: number, now: number): void {
    const previous = this.lastFault[p]!;
    if (now - previous > this.alloc.threshold && this.model.residentBy[p]! > 0) {
      for (const page of this.pools[p]!.residentPages()) {
        if (this.model.owner[page] === p && this.lastRef[page]! < previous) this.trim(p, page);
      }
    }
    this.lastFault[p] = now;
  }

  /** ws after a reference at time `now` in pool `p`: the page referenced τ references ago leaves unless referenced since. */
  private wsAge(p: number, page: number, now: number): void {
    const tau = this.alloc.window;
    if (tau === Infinity) return;
    let w = this.windows[p];
    if (!w) w = this.windows[p] = new PageQueue();
    w.push(page);
    if (w.size > tau) {
      const old = w.shift();
      if (this.lastRef[old]! === now - tau && this.model.owner[old] === p) {
        this.trim(p, old);
      }
    }
  }

  run(from: number, to: number): void {
    const { pages, codes } = this.trace;
    const processes = this.trace.tags!.processes;
    const model = this.model;
    const partition = this.partition;
    const ws = this.alloc.name === 'ws';
    const pff = this.alloc.name === 'pff';
    for (let i = from; i < to; i++) {
      if (model.nextSamplePosition <= i) model.sampleUpTo(i);
      if (this.nextChange < this.changes.length && this.changes[this.nextChange]!.at <= i) this.applyChanges(i);
      const page = pages[i]!;
      const code = codes[i]!;
      const holder = model.owner[page]!;
      if (code & RELEASE_BIT) {
        const pool = holder >= 0 ? holder : this.home[page]!;
        if (pool >= 0 && this.pools[pool]) this.pools[pool]!.replay(this.trace, i, i + 1, model);
        else model.release(page, false);
        continue;
      }
      const process = processes[i]!;
      model.process = process;
      if (model.firstToucher[page]! < 0) this.brought[process]!++;
      let p = holder;
      if (p < 0) {
        p = model.chargeOf(page, process);
        if (!this.live[p]) p = process;
        model.loadInto = p;
        if (partition && this.quota[p] === 0) {
          // No frame for this process: the page is loaded for this reference only.
          model.fault(code, page);
          model.evict(page);
          continue;
        }
        this.pool(p);
        if (pff) this.pffFault(p, this.poolTime[p]! + 1);
        if (!partition) this.makeRoom(p);
      }
      this.pools[p]!.replay(this.trace, i, i + 1, model);
      this.home[page] = p;
      if (ws || pff) {
        const now = ++this.poolTime[p]!;
        this.lastRef[page] = now;
        this.lastActive[p] = i;
        if (ws) this.wsAge(p, page, now);
      }
    }
  }
}

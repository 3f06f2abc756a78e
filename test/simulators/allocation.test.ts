import { describe, expect, it } from 'vitest';
import {
  KIND_ANON,
  KIND_FILE,
  OP_RELEASE,
  OP_VM_READ,
  OP_VM_WRITE,
  OptionError,
  emptyProcessTable,
  getPolicy,
  listPolicies,
  makeCode,
  makePolicySpec,
  parseAllocation,
  runAllocated,
  runPolicy,
  traceFromRecords,
  type LoadedTrace,
  type ProcessTable,
} from '../../index.js';
import { samplePositions } from '../../simulators/allocation/processModel.js';
import { randomInt, rng } from '../helpers/random.js';
import { randomTaggedTrace } from '../helpers/randomTagged.js';
import { referenceAllocation } from './allocationReference.js';

const ALLOCATIONS = [
  'global',
  'global:charge=first',
  'equal',
  'equal:charge=first',
  'proportional',
  'proportional:weight.102=3:weight.prog0=2',
  'ws:window=3',
  'ws:window=12:charge=first',
  'pff:threshold=2',
  'pff:threshold=6:charge=first',
];

describe('allocations equal the brute-force reference on seeded random multi-process streams', () => {
  for (const policy of ['lru', 'fifo'] as const) {
    for (const allocation of ALLOCATIONS) {
      it(`${policy} under ${allocation}: every counter, per process too`, () => {
        const alloc = parseAllocation(allocation);
        for (let seed = 1; seed <= 12; seed++) {
          const r = rng(seed * 31);
          const { trace, pages, codes, procs, table } = randomTaggedTrace(seed, { length: 150 + randomInt(r, 150), processes: 2 + randomInt(r, 4) });
          for (const frames of [1, 3, 7, 16]) {
            const warmup = randomInt(r, 40);
            const fast = runAllocated(trace, makePolicySpec(getPolicy(policy)), alloc, frames, warmup);
            const ref = referenceAllocation(pages, codes, procs, table.processes, frames, policy, alloc, warmup, samplePositions(warmup, trace.length));
            const where = `seed ${seed}, ${frames} frames, warm-up ${warmup}`;
            expect(fast.counters, where).toEqual(ref.counters);
            expect(fast.perProcess.map(({ share, aloneFaults, ...counted }) => counted), where).toEqual(ref.perProcess);
          }
        }
      });
    }
  }
});

function sumOf(trace: LoadedTrace, allocation: string, policy: string, frames: number): void {
  const out = runAllocated(trace, makePolicySpec(getPolicy(policy)), parseAllocation(allocation), frames, 10);
  const total = (k: 'references' | 'faults' | 'compulsoryFaults' | 'capacityFaults' | 'anonCompulsory' | 'anonCapacity' | 'fileCompulsory' | 'fileCapacity' | 'evictions' | 'writebacks'): number =>
    out.perProcess.reduce((s, p) => s + p[k], 0);
  for (const k of ['references', 'faults', 'compulsoryFaults', 'capacityFaults', 'anonCompulsory', 'anonCapacity', 'fileCompulsory', 'fileCapacity', 'evictions', 'writebacks'] as const) {
    expect(total(k), `${allocation} ${policy} ${frames}: ${k}`).toBe(out.counters[k]);
  }
  expect(out.deactivations).toBe(out.perProcess.reduce((s, p) => s + p.deactivations, 0));
  for (let k = 0; k < out.perProcess[0]!.resident.length; k++) {
    expect(out.perProcess.reduce((s, p) => s + p.resident[k]!, 0)).toBeLessThanOrEqual(frames);
  }
}

describe('per-process counters sum to the totals', () => {
  it('every allocation, several policies and sizes', () => {
    for (let seed = 1; seed <= 4; seed++) {
      const { trace } = randomTaggedTrace(seed, { length: 400, processes: 5 });
      for (const allocation of ALLOCATIONS) {
        for (const policy of allocation.startsWith('equal') || allocation.startsWith('proportional') ? ['lru', 'fifo', 'mru'] : ['lru', 'clock', 'arc', 'segq', 'lru-k', 'opt']) {
          for (const frames of [2, 9, 30]) sumOf(trace, allocation, policy, frames);
        }
      }
    }
  });
});

describe('global on a tagged stream is the unified model on the untagged stream', () => {
  const fixed = listPolicies().filter((d) => !d.capabilities?.variableSpace);
  it(`every counter, for each of ${fixed.length} policies`, () => {
    for (let seed = 1; seed <= 3; seed++) {
      const { trace } = randomTaggedTrace(seed, { length: 500, processes: 4 });
      const { tags, ...plain } = trace;
      expect(tags).toBeDefined();
      for (const def of fixed) {
        for (const frames of [1, 5, 17]) {
          const spec = makePolicySpec(def);
          const untagged = runPolicy(plain, spec, { frames, warmupRecords: 25 }).counters;
          for (const charge of ['loader', 'first']) {
            expect(runAllocated(trace, spec, parseAllocation(`global:charge=${charge}`), frames, 25).counters, `${def.name} ${frames}`).toEqual(untagged);
          }
        }
      }
    }
  });
});

describe('with one process every allocation is global', () => {
  it('equal, proportional, and ws and pff whose parameters never take a page away', () => {
    for (let seed = 1; seed <= 4; seed++) {
      const { trace } = randomTaggedTrace(seed, { length: 300, processes: 1 });
      for (const policy of ['lru', 'fifo', 'mru']) {
        for (const frames of [1, 4, 12]) {
          const spec = makePolicySpec(getPolicy(policy));
          const global = runAllocated(trace, spec, parseAllocation('global'), frames, 20);
          for (const a of ['equal', 'proportional', 'ws:window=inf', 'pff:threshold=inf', 'equal:charge=first']) {
            const local = runAllocated(trace, spec, parseAllocation(a), frames, 20);
            expect(local.counters, `${policy} ${a} ${frames}`).toEqual(global.counters);
            expect(local.perProcess, `${policy} ${a} ${frames}`).toEqual(global.perProcess);
          }
        }
      }
    }
  });
  it('the fairness baseline: a lone process full from the start has its own faults alone at its share', () => {
    const { trace } = randomTaggedTrace(5, { length: 400, processes: 1 });
    for (const policy of ['lru', 'clock', 'opt']) {
      const out = runAllocated(trace, makePolicySpec(getPolicy(policy)), parseAllocation('global'), 4);
      expect(out.perProcess[1]!.share).toBe(4);
      expect(out.perProcess[1]!.aloneFaults, policy).toBe(out.counters.faults);
      expect(out.perProcess[0]!.aloneFaults).toBeUndefined();
    }
  });

  it('ws and pff with other policies too (they need no resize)', () => {
    const { trace } = randomTaggedTrace(7, { length: 300, processes: 1 });
    for (const policy of ['clock', 'arc', 'lirs', 's3fifo']) {
      const spec = makePolicySpec(getPolicy(policy));
      const global = runAllocated(trace, spec, parseAllocation('global'), 6);
      for (const a of ['ws:window=inf', 'pff:threshold=inf']) expect(runAllocated(trace, spec, parseAllocation(a), 6).counters, `${policy} ${a}`).toEqual(global.counters);
    }
  });
});

/** A tagged trace from `[process, op letter, page]` triples and a table of [start, end] per process. */
function handTrace(records: [number, 'r' | 'w' | 'x', number][], processes: [number, number | null][]): LoadedTrace {
  const table: ProcessTable = emptyProcessTable();
  processes.forEach(([start, end], k) => {
    table.processes.push({ id: k + 1, label: `p${k + 1}`, pid: k + 1, parent: null, command: 'hand', start, end });
    table.threads.push({ id: k + 1, process: k + 1, label: `p${k + 1}`, pid: k + 1 });
  });
  const codes = records.map(([, op]) => (op === 'x' ? OP_RELEASE : makeCode(op === 'w' ? OP_VM_WRITE : OP_VM_READ, KIND_ANON)));
  const trace = traceFromRecords({ name: 'hand', format: 'basic-named', pageSize: 4096 }, records.map((r) => r[2]), codes);
  const procs = Uint32Array.from(records, (r) => r[0]);
  return { ...trace, tags: { processes: procs, threads: procs, table } };
}

describe('golden cases, traced by hand', () => {
  it('ws, τ = 3, one process, LRU, 10 frames (never full)', () => {
    // Pool time t = 1..8, pages: a b c a d e a b (0 1 2 0 3 4 0 1). After the reference at t, pages
    // last referenced at ≤ t − 3 leave:
    //  t1 a: fault {a}          t2 b: fault {a b}        t3 c: fault {a b c}
    //  t4 a: hit, a@4; b@2 ≤ 1? no  {a b c}              t5 d: fault; b@2 ≤ 2 leaves → {a c d}
    //  t6 e: fault; c@3 ≤ 3 leaves → {a d e}             t7 a: hit, a@7; d@5 ≤ 4? no {a d e}
    //  t8 b: fault (capacity: b left at t5); d@5 ≤ 5 leaves → {a e b}
    // Faults: 6 (5 compulsory a b c d e, 1 capacity b); evictions 3 (b, c, d).
    const trace = handTrace([[1, 'r', 0], [1, 'r', 1], [1, 'r', 2], [1, 'r', 0], [1, 'r', 3], [1, 'r', 4], [1, 'r', 0], [1, 'r', 1]], [[0, null]]);
    const out = runAllocated(trace, makePolicySpec(getPolicy('lru')), parseAllocation('ws:window=3'), 10);
    expect(out.counters.faults).toBe(6);
    expect(out.counters.compulsoryFaults).toBe(5);
    expect(out.counters.capacityFaults).toBe(1);
    expect(out.counters.evictions).toBe(3);
    expect(out.perProcess[1]!.resident.at(-1)).toBe(3);
  });

  it('ws load control: two processes, 3 frames, τ = 10; the least recently active process is deactivated', () => {
    // i0 p1 a, i1 p1 b, i2 p2 c: memory {a b | c} full (3 frames).
    // i3 p2 d: fault, memory full, p2 holds 1 < 3 → deactivate the other process holding frames,
    //   p1 (last active at i1): a and b leave (2 evictions), p1 deactivations 1; load d → {c d}.
    // i4 p1 a: fault (capacity), memory has 2 < 3 → load → {c d a}.
    // i5 p1 b: fault, full; the other process p2 (last active i3) is deactivated: c, d leave → {a b}.
    // Faults: 6 (4 compulsory, 2 capacity); evictions 4; deactivations p1 1, p2 1.
    const trace = handTrace([[1, 'r', 0], [1, 'r', 1], [2, 'r', 2], [2, 'r', 3], [1, 'r', 0], [1, 'r', 1]], [[0, null], [0, null]]);
    const out = runAllocated(trace, makePolicySpec(getPolicy('lru')), parseAllocation('ws:window=10'), 3);
    expect(out.counters.faults).toBe(6);
    expect(out.counters.capacityFaults).toBe(2);
    expect(out.counters.evictions).toBe(4);
    expect(out.perProcess[1]!.deactivations).toBe(1);
    expect(out.perProcess[2]!.deactivations).toBe(1);
    expect(out.deactivations).toBe(2);
  });

  it('pff, T = 2, one process, LRU, 10 frames', () => {
    // Pool time t and the last fault L (0 at first). At a fault at t, if t − L > 2, pages not
    // referenced since L (last reference < L) leave first; then L = t.
    //  t1 a: fault, 1−0 ≤ 2, L=1 {a}        t2 b: fault, 2−1 ≤ 2, L=2 {a b}
    //  t3 a: hit (a@3)                       t4 a: hit (a@4)
    //  t5 c: fault, 5−2 = 3 > 2: pages with last reference < 2 leave — none (a@4, b@2); L=5 {a b c}
    //  t6 c: hit   t7 c: hit   t8 c: hit (c@8)
    //  t9 d: fault, 9−5 = 4 > 2: last reference < 5 leave: a@4, b@2 → {c}, add d; L=9 {c d}
    //  t10 a: fault (capacity), 10−9 ≤ 2, L=10 {c d a}
    // Faults: 5 (4 compulsory, 1 capacity); evictions 2.
    const trace = handTrace([[1, 'r', 0], [1, 'r', 1], [1, 'r', 0], [1, 'r', 0], [1, 'r', 2], [1, 'r', 2], [1, 'r', 2], [1, 'r', 2], [1, 'r', 3], [1, 'r', 0]], [[0, null]]);
    const out = runAllocated(trace, makePolicySpec(getPolicy('lru')), parseAllocation('pff:threshold=2'), 10);
    expect(out.counters.faults).toBe(5);
    expect(out.counters.capacityFaults).toBe(1);
    expect(out.counters.evictions).toBe(2);
    expect(out.perProcess[1]!.resident.at(-1)).toBe(3);
  });

  it('equal re-divides at start and exit; proportional follows the pages each brought', () => {
    // 4 frames. p1 lives [0, 6), p2 [2, ∞). Records: i0 p1 a, i1 p1 b, i2 p2 c, i3 p1 d, i4 p1 a, i5 p2 e, i6 p2 a.
    // equal: i0 p1 alone: quota 4 → {a b}. i2 p2 starts: 2 + 2, p1 keeps a b; c → p2 {c}.
    //  i3 p1 d: p1 holds 2 = quota → evict LRU a, {b d}. i4 p1 a: fault, evict b → {d a}.
    //  i5 p2 e: {c e}. i6: p1 exited: d, a leave (2 evictions); p2 gets 4; p2 a: fault (capacity) {c e a}.
    //  Faults 7 (5 compulsory, 2 capacity: a at i4 and i6); evictions 4.
    const records: [number, 'r', number][] = [[1, 'r', 0], [1, 'r', 1], [2, 'r', 2], [1, 'r', 3], [1, 'r', 0], [2, 'r', 4], [2, 'r', 0]];
    const trace = handTrace(records, [[0, 6], [2, null]]);
    const equal = runAllocated(trace, makePolicySpec(getPolicy('lru')), parseAllocation('equal'), 4);
    expect(equal.counters.faults).toBe(7);
    expect(equal.counters.capacityFaults).toBe(2);
    expect(equal.counters.evictions).toBe(4);
    // proportional at i2: p1 brought 2 pages (a, b), p2 none yet (weight 1): one frame each, the 2
    // spare by 2 : 1 → exact 4/3 and 2/3 → floors 1 and 0, the remaining frame to the larger
    // remainder (p2, 2/3) → p1 2, p2 2: the same as equal here, so the same counters.
    const proportional = runAllocated(trace, makePolicySpec(getPolicy('lru')), parseAllocation('proportional'), 4);
    expect(proportional.counters).toEqual(equal.counters);
    // Weight p1 3 : p2 1 → spare 2 as 1.5 and 0.5 → 1 + 1, p2 1 + 0, remainder to the tie's older
    // process p1 → p1 3, p2 1. i3 p1 d: {a b d}; i4 p1 a: hit. i5 p2 e: p2 holds c = quota 1 → evict c.
    // i6: p1 exits (a b d leave), p2 a: fault. Faults 6 (5 compulsory + a at i6), evictions 4.
    const weighted = runAllocated(trace, makePolicySpec(getPolicy('lru')), parseAllocation('proportional:weight.p1=3'), 4);
    expect(weighted.counters.faults).toBe(6);
    expect(weighted.counters.evictions).toBe(4);
  });

  it('a shared page is a hit for every process while it is resident, charged to its loader', () => {
    const trace = handTrace([[1, 'r', 0], [2, 'r', 0], [2, 'w', 1], [1, 'r', 0]], [[0, null], [0, null]]);
    const out = runAllocated(trace, makePolicySpec(getPolicy('lru')), parseAllocation('equal'), 4);
    expect(out.counters.faults).toBe(2);
    expect(out.perProcess[1]!.faults).toBe(1);
    expect(out.perProcess[2]!.faults).toBe(1);
    expect(out.perProcess[1]!.resident.at(-1)).toBe(1);
    expect(out.perProcess[2]!.resident.at(-1)).toBe(1);
  });
});

describe('allocation errors', () => {
  it('unknown names and parameters are option errors on `allocations`, naming no CLI flag', () => {
    const detail = (text: string): string => {
      try {
        parseAllocation(text);
      } catch (err) {
        expect(err).toBeInstanceOf(OptionError);
        expect((err as OptionError).option).toBe('allocations');
        expect((err as OptionError).detail).not.toMatch(/--|faultline/);
        return (err as OptionError).detail;
      }
      throw new Error(`${text} was accepted`);
    };
    expect(detail('fair')).toBe('"fair": unknown allocation "fair" (expected global, equal, proportional, ws, pff)');
    expect(detail('equal:window=3')).toBe('"equal:window=3": equal takes no parameter "window" (it takes charge)');
    expect(detail('ws:threshold=3')).toBe('"ws:threshold=3": ws takes no parameter "threshold" (it takes charge, window)');
    expect(detail('ws:window=0')).toMatch(/^"ws:window=0": window must be a positive whole number/);
    expect(detail('pff:charge=everyone')).toMatch(/charge must be loader or first/);
    expect(detail('proportional:weight.a=-1')).toMatch(/weight.a must be a positive number; found "-1"/);
  });
  it('an untagged trace, a policy without resize, a variable-space policy', () => {
    const plain = traceFromRecords({ name: 'plain', format: 'basic-named', pageSize: 4096 }, [0, 1], [makeCode(OP_VM_READ, KIND_FILE), makeCode(OP_VM_READ, KIND_FILE)]);
    expect(() => runAllocated(plain, makePolicySpec(getPolicy('lru')), parseAllocation('equal'), 2)).toThrow(new OptionError('allocations', 'given, but plain is not a tagged stream (no process for each reference): the merger writes one with `format` tagged'));
    const { trace } = randomTaggedTrace(1, { length: 50, processes: 2 });
    // The authors' CLOCK-Pro program has a fixed memory: no resize, at any pool size.
    for (const frames of [4, 40]) {
      expect(() => runAllocated(trace, makePolicySpec(getPolicy('clock-pro'), { variant: 'reference' }), parseAllocation('equal'), frames)).toThrow(/cannot run under allocation equal: .*no resize.*but clock-pro:variant=reference/);
    }
    expect(() => runAllocated(trace, makePolicySpec(getPolicy('ws')), parseAllocation('global'), 4)).toThrow(/variable-space/);
  });
});

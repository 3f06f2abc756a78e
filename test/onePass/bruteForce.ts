/**
 * A brute-force simulator for the one-pass tests: memory is a plain array, the victim the resident
 * page with the greatest badness found by a linear scan. Independent of simulators/ (only the code
 * byte layout is shared).
 */
import { zeroCounters, type Counters } from '../../simulators/results.js';

/** Badness of a resident page at time `i` (the greatest is evicted), given each page's reference times. */
export type VictimRule = (page: number, refs: number[], i: number) => number;

/** LRU-K with CRP 0 and unbounded history: fewer than K references first (oldest last reference first), then oldest K-th reference. */
export function lruKRule(k: number): VictimRule {
  return (_page, refs) => (refs.length >= k ? 1e12 - refs[refs.length - k]! : 2e12 - refs[refs.length - 1]!);
}

export function bruteForce(pages: ArrayLike<number>, codes: ArrayLike<number>, frames: number, rule: VictimRule, warmup: number): Counters {
  const zero = zeroCounters;
  const memory: { page: number; dirty: boolean; kind: number }[] = [];
  const history = new Map<number, number[]>();
  const everSeen = new Set<number>();
  let c = zero();
  for (let i = 0; i < pages.length; i++) {
    if (i === warmup) c = zero();
    const page = pages[i]!;
    const code = codes[i]!;
    const at = memory.findIndex((f) => f.page === page);
    if (code & 4) {
      c.releases++;
      if (at >= 0) {
        c.releasedResident++;
        memory.splice(at, 1);
      }
      history.delete(page);
      continue;
    }
    c.references++;
    const refs = history.get(page) ?? [];
    refs.push(i);
    history.set(page, refs);
    const write = (code & 1) === 1;
    if (at >= 0) {
      c.hits++;
      if (write) memory[at]!.dirty = true;
      continue;
    }
    c.faults++;
    const kind = code >> 3;
    const compulsory = !everSeen.has(page);
    everSeen.add(page);
    if (compulsory) c.compulsoryFaults++;
    else c.capacityFaults++;
    if (kind === 1) compulsory ? c.anonCompulsory++ : c.anonCapacity++;
    if (kind === 2) compulsory ? c.fileCompulsory++ : c.fileCapacity++;
    if (memory.length === frames) {
      let victim = 0;
      for (let j = 1; j < memory.length; j++) {
        const p = memory[j]!.page;
        if (rule(p, history.get(p)!, i) > rule(memory[victim]!.page, history.get(memory[victim]!.page)!, i)) victim = j;
      }
      const [gone] = memory.splice(victim, 1);
      c.evictions++;
      if (gone!.dirty) {
        c.writebacks++;
        if (gone!.kind === 1) c.anonWritebacks++;
        if (gone!.kind === 2) c.fileWritebacks++;
      }
    }
    memory.push({ page, dirty: write, kind });
  }
  return warmup >= pages.length ? zero() : c;
}

/**
 * `PolicyInstance.resize` (local allocations re-divide memory as processes start and exit) for
 * every fixed-space built-in: on seeded random streams with random resizes between records,
 *  - a shadow of the resident set built from the reported events never disagrees with the policy's
 *    own, never exceeds the frames, and sees every eviction exactly once (of a resident page);
 *  - resizing to the current size changes nothing (the same events, in the same order);
 *  - a run resized to M before any page is loaded is a fresh run at M (the same events);
 *  - where the victim order is simple (CLOCK, GCLOCK, FIFO, SIEVE, LFU, LRU-K, OPT, SEGQ) the events
 *    equal a brute-force reference's, resizes included.
 */
import { describe, expect, it } from 'vitest';
import { RELEASE_BIT, builtinPolicies, getPolicy, makePolicySpec, type LoadedTrace, type MemoryEvents, type ParamValue, type PolicyInstance } from '../../index.js';
import { randomInt, rng } from '../helpers/random.js';
import { randomCase } from '../helpers/randomStreams.js';
import type { ReferencePolicy } from '../reference/driver.js';
import { BruteOpt } from '../reference/opt.js';
import { RefSegq } from '../reference/queues.js';
import { RefGClock, RefLfu, RefLruK, RefSieve } from '../reference/recency.js';

const SEEDS = 80;

/** Records every event as a short string and keeps the resident set the events imply. */
class Shadow implements MemoryEvents {
  readonly log: string[] = [];
  readonly resident = new Set<number>();
  outcomes = 0;

  constructor(private readonly where: () => string) {}

  private check(ok: boolean, what: string): void {
    if (!ok) throw new Error(`${what} (${this.where()})`);
  }

  hit(_c: number, p: number): void {
    this.check(this.resident.has(p), `hit on page ${p}, not resident`);
    this.outcomes++;
    this.log.push(`h${p}`);
  }

  softFault(_c: number, p: number): void {
    this.check(this.resident.has(p), `soft fault on page ${p}, not resident`);
    this.outcomes++;
    this.log.push(`s${p}`);
  }

  fault(_c: number, p: number): void {
    this.check(!this.resident.has(p), `fault on page ${p}, already resident`);
    this.resident.add(p);
    this.outcomes++;
    this.log.push(`f${p}`);
  }

  evict(p: number): void {
    this.check(this.resident.delete(p), `eviction of page ${p}, not resident (or reported twice)`);
    this.log.push(`e${p}`);
  }

  release(p: number, resident: boolean): void {
    this.check(this.resident.delete(p) === resident, `release of page ${p} says resident=${resident}`);
    this.log.push(`r${p}${resident ? '+' : '-'}`);
  }
}

/** Resize to `frames` after record `at` − 1 (before record `at`). */
interface Step {
  at: number;
  frames: number;
}

function create(policy: string, params: Record<string, ParamValue>, trace: LoadedTrace, frames: number, seed: number): PolicyInstance {
  const spec = makePolicySpec(getPolicy(policy), params);
  return spec.def.create({ frames, pageCount: trace.pageCount, trace, seed }, spec.params);
}

/** Replays the trace with the resizes of `plan`, checking the shadow after every segment and resize. */
function drive(inst: PolicyInstance, trace: LoadedTrace, frames: number, plan: Step[], where: string): string[] {
  let at = 0;
  const shadow = new Shadow(() => `${where}, record ${at}`);
  const fits = (): void => {
    expect(shadow.resident.size, `${where}, record ${at}: resident pages exceed ${frames} frames`).toBeLessThanOrEqual(frames);
    expect(inst.residentPages().sort((a, b) => a - b), `${where}, record ${at}: the policy's resident set`).toEqual([...shadow.resident].sort((a, b) => a - b));
  };
  for (const step of [...plan, { at: trace.length, frames: -1 }]) {
    const before = shadow.outcomes;
    const releases = shadow.log.length;
    inst.replay(trace, at, step.at, shadow);
    let references = 0;
    for (let i = at; i < step.at; i++) if (!(trace.codes[i]! & RELEASE_BIT)) references++;
    expect(shadow.outcomes - before, `${where}: one outcome per reference in [${at}, ${step.at})`).toBe(references);
    expect(shadow.log.slice(releases).filter((e) => e[0] === 'r').length, where).toBe(step.at - at - references);
    at = step.at;
    fits();
    if (step.frames < 0) break;
    frames = step.frames;
    shadow.log.push(`R${frames}`);
    inst.resize!(frames, shadow);
    fits();
  }
  return shadow.log;
}

/** A random plan: resizes at random record boundaries to random sizes (some the same as before). */
function randomPlan(r: () => number, trace: LoadedTrace, first: number): Step[] {
  const plan: Step[] = [];
  let frames = first;
  for (let at = randomInt(r, 40); at < trace.length; at += 1 + randomInt(r, 40)) {
    if (r() >= 0.2) frames = 1 + randomInt(r, trace.pageCount + 3); // else the same size: a no-op
    plan.push({ at, frames });
  }
  return plan;
}

interface Case {
  policy: string;
  params: Record<string, ParamValue>;
  reference?: (frames: number, trace: LoadedTrace) => ReferencePolicy;
}

const fixedSpace = builtinPolicies.filter((d) => !d.capabilities?.variableSpace).map((d) => d.name);

const variants: Case[] = [
  { policy: 'clock', params: {}, reference: (m) => new RefGClock(m, 1) },
  { policy: 'clock', params: { refOnInsert: 0 } },
  { policy: 'fifo', params: {}, reference: (m) => new RefGClock(m, 0) },
  { policy: 'gclock', params: {}, reference: (m) => new RefGClock(m, 2) },
  { policy: 'gclock', params: { initCount: 4 }, reference: (m) => new RefGClock(m, 4) },
  { policy: 'sieve', params: {}, reference: (m) => new RefSieve(m) },
  { policy: 'lfu', params: {}, reference: (m) => new RefLfu(m, true) },
  { policy: 'lfu', params: { counts: 'resident' }, reference: (m) => new RefLfu(m, false) },
  { policy: 'lru-k', params: {}, reference: (m) => new RefLruK(m, 2, 0, Infinity) },
  { policy: 'lru-k', params: { k: 3, crp: 2, rip: 12 }, reference: (m) => new RefLruK(m, 3, 2, 12) },
  { policy: 'lru-k', params: { k: 2, crp: 40 }, reference: (m) => new RefLruK(m, 2, 40, Infinity) },
  { policy: 'opt', params: {}, reference: (m, t) => new BruteOpt(m, Array.from(t.pages), Array.from(t.codes)) },
  { policy: 'segq', params: {}, reference: (m) => new RefSegq(m, 1 / 3, true) },
  { policy: 'segq', params: { inactive: 0.8, active: 'fifo' }, reference: (m) => new RefSegq(m, 0.8, false) },
  { policy: 'clock-pro', params: {} },
  { policy: 'clock-pro', params: { startup: 'cold', repeats: 'reference', cold: 0.3 } },
  { policy: 'lirs', params: { hir: 0.3, repeats: 'reference' } },
  { policy: 's3-fifo', params: { small: 0.3, threshold: 1 } },
  { policy: '2q', params: { kin: 0.5, kout: 1 } },
  { policy: 'eelru', params: {} },
  { policy: 'eelru', params: { early: 0.5, late: 1.5 } },
  { policy: 'linux', params: { swappiness: 200 } },
  { policy: 'mglru', params: { swappiness: 0 } },
];

const cases: Case[] = [
  ...fixedSpace.filter((name) => !variants.some((v) => v.policy === name)).map((policy) => ({ policy, params: {} })),
  ...variants,
];

describe('resize: which policies have it', () => {
  const { trace } = randomCase(1);
  it('every fixed-space built-in has resize, at every size', () => {
    for (const policy of fixedSpace) {
      for (const frames of [1, 2, 5, 40]) expect(typeof create(policy, {}, trace, frames, 1).resize, `${policy} at ${frames}`).toBe('function');
    }
  });

  it("clock-pro's reference variant (the authors' fixed-memory program) has none, at every size", () => {
    for (const frames of [1, 2, 5, 40]) expect(create('clock-pro', { variant: 'reference' }, trace, frames, 1).resize, `${frames}`).toBeUndefined();
  });
});

function setup(seed: number): { trace: LoadedTrace; r: () => number; frames: number } {
  const { trace } = randomCase(seed);
  const r = rng(seed * 7919);
  return { trace, r, frames: 1 + randomInt(r, trace.pageCount + 2) };
}

describe('resize: every fixed-space built-in (shadow resident set, no-op and fresh-run properties)', () => {
  for (const { policy, params } of cases) {
    const name = `${policy} ${JSON.stringify(params)}`;
    it(`${name}: random resizes keep the resident set within the frames, every eviction reported once`, () => {
      for (let seed = 1; seed <= SEEDS; seed++) {
        const { trace, r, frames } = setup(seed);
        drive(create(policy, params, trace, frames, seed), trace, frames, randomPlan(r, trace, frames), `${name}, seed ${seed}`);
      }
    });

    it(`${name}: resizing to the same size is a no-op`, () => {
      for (let seed = 1; seed <= SEEDS; seed++) {
        const { trace, r, frames } = setup(seed);
        const plan: Step[] = [];
        for (let at = 0; at <= trace.length; at += 1 + randomInt(r, 30)) plan.push({ at, frames });
        const where = `${name}, seed ${seed}, ${frames} frames`;
        const resized = drive(create(policy, params, trace, frames, seed), trace, frames, plan, where).filter((e) => e[0] !== 'R');
        expect(resized, where).toEqual(drive(create(policy, params, trace, frames, seed), trace, frames, [], where));
      }
    });

    it(`${name}: resized before any page is loaded equals a fresh run at the final size`, () => {
      for (let seed = 1; seed <= SEEDS; seed++) {
        const { trace, r, frames } = setup(seed);
        const start = 1 + randomInt(r, trace.pageCount + 2);
        const plan: Step[] = [];
        for (let k = randomInt(r, 3); k > 0; k--) plan.push({ at: 0, frames: 1 + randomInt(r, trace.pageCount + 2) });
        plan.push({ at: 0, frames });
        const where = `${name}, seed ${seed}, ${start} → ${plan.map((s) => s.frames).join(' → ')} frames`;
        const resized = drive(create(policy, params, trace, start, seed), trace, start, plan, where).filter((e) => e[0] !== 'R');
        expect(resized, where).toEqual(drive(create(policy, params, trace, frames, seed), trace, frames, [], where));
      }
    });
  }
});

describe('resize: the events equal a brute-force reference under random resizes', () => {
  for (const { policy, params, reference } of cases) {
    if (!reference) continue;
    it(`${policy} ${JSON.stringify(params)}`, () => {
      for (let seed = 1; seed <= SEEDS; seed++) {
        const { trace, r, frames } = setup(seed);
        const plan = randomPlan(r, trace, frames);
        const where = `${policy}, seed ${seed}`;
        const fast = drive(create(policy, params, trace, frames, seed), trace, frames, plan, where);
        const ref = reference(frames, trace);
        const slow: string[] = [];
        let t = 0;
        let next = 0;
        for (let i = 0; i <= trace.length; i++) {
          for (; next < plan.length && plan[next]!.at === i; next++) {
            slow.push(`R${plan[next]!.frames}`, ...ref.resize!(plan[next]!.frames, i - 1).map((v) => `e${v}`));
          }
          if (i === trace.length) break;
          const p = trace.pages[i]!;
          if (trace.codes[i]! & RELEASE_BIT) {
            slow.push(`r${p}${ref.release(p) ? '+' : '-'}`);
            continue;
          }
          const { outcome, evicted } = ref.access(p, ++t, i);
          slow.push(...evicted.map((v) => `e${v}`), `${outcome[0]}${p}`);
        }
        expect(fast, where).toEqual(slow);
      }
    });
  }
});

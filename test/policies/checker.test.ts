/**
 * The policy checker (policies/policyChecker.ts): every built-in passes it on seeded random cases
 * with unchanged counters, and each way a policy can lie is caught with one line that names the
 * origin, the policy, the record and the rule.
 */
import { describe, expect, it } from 'vitest';
import {
  MemoryModel,
  PolicyError,
  UsageError,
  builtinPolicies,
  checkedPolicy,
  getPolicy,
  listPolicies,
  makePolicySpec,
  registerPolicy,
  runPolicy,
  traceFromRecords,
  type HookPolicyDefinition,
  type MemoryEvents,
  type PolicyDefinition,
  type PolicyInstance,
  type TraceView,
} from '../../index.js';
import { randomCase } from '../helpers/randomStreams.js';

const SEEDS = 40;

describe('built-in policies under the checker', () => {
  const builtins = listPolicies().filter((d) => !d.name.includes('-test-'));
  it.each(builtins.map((d) => d.name))('%s: no violation, same counters as unchecked (loaded, warm-up, partitioned)', (name) => {
    const def = getPolicy(name);
    const checked = checkedPolicy(def, 'built-in', false);
    for (let seed = 1; seed <= SEEDS; seed++) {
      const { trace, warmup } = randomCase(seed);
      const frames = 1 + (seed % Math.max(1, Math.min(12, trace.pageCount)));
      const params = def.capabilities?.variableSpace ? { [def.capabilities.variableSpace.parameter]: 1 + (seed % 9) } : {};
      const config = { frames, warmupRecords: warmup, seed };
      const plain = runPolicy(trace, makePolicySpec(def, params), config);
      expect(runPolicy(trace, makePolicySpec(checked, params), config)).toEqual(plain);
      if (!def.capabilities?.variableSpace && frames >= 2 && trace.format === 'basic-named') {
        const partition = { anonShare: 0.5, anonFrames: Math.max(1, frames >> 1), fileFrames: Math.max(1, frames - (frames >> 1)) };
        expect(runPolicy(trace, makePolicySpec(checked, params), { ...config, partition })).toEqual(runPolicy(trace, makePolicySpec(def, params), { ...config, partition }));
      }
    }
  });

  it.each(builtins.filter((d) => !d.capabilities?.needsFuture).map((d) => d.name))('%s: no violation when replayed chunk by chunk with chunk-local indices', (name) => {
    const def = getPolicy(name);
    for (let seed = 1; seed <= 10; seed++) {
      const { trace } = randomCase(seed);
      const params = def.capabilities?.variableSpace ? { [def.capabilities.variableSpace.parameter]: 3 } : {};
      const instance = checkedPolicy(def, 'built-in', false).create({ frames: 4, pageCount: trace.pageCount, seed }, makePolicySpec(def, params).params);
      const model = new MemoryModel(trace.pageCount);
      for (let from = 0; from < trace.length; from += 37) {
        const to = Math.min(trace.length, from + 37);
        instance.replay({ pages: trace.pages.slice(from, to), codes: trace.codes.slice(from, to) }, 0, to - from, model);
      }
      instance.meanResident?.();
    }
  });
});

// A small trace: pages 0,1,2,0,3,1 (all reads), so records are easy to count by hand.
const PAGES = [0, 1, 2, 0, 3, 1];
const trace = traceFromRecords({ name: 'tiny', format: 'basic', pageSize: 4096 }, PAGES, PAGES.map(() => 0));

/** A full-interface policy whose replay is `step` per record (with the instance's own residency). */
function liar(name: string, step: (i: number, page: number, code: number, state: { resident: Set<number>; frames: number }, events: MemoryEvents) => void, residentPages?: (state: { resident: Set<number> }) => number[]): PolicyDefinition {
  return {
    name,
    summary: 'test',
    source: 'test',
    params: [],
    create(setup): PolicyInstance {
      const state = { resident: new Set<number>(), frames: setup.frames };
      return {
        replay(view: TraceView, from: number, to: number, events: MemoryEvents): void {
          for (let i = from; i < to; i++) step(i, view.pages[i]!, view.codes[i]!, state, events);
        },
        residentPages: () => (residentPages ? residentPages(state) : [...state.resident]),
      };
    },
  };
}

/** An honest LRU-less policy (FIFO-ish via Set order) that the liars start from. */
function honest(_i: number, page: number, code: number, state: { resident: Set<number>; frames: number }, events: MemoryEvents): void {
  if (state.resident.has(page)) return events.hit(code, page);
  if (state.resident.size >= state.frames) {
    const v = state.resident.values().next().value!;
    state.resident.delete(v);
    events.evict(v);
  }
  state.resident.add(page);
  events.fault(code, page);
}

function violation(def: PolicyDefinition | HookPolicyDefinition, frames = 2): string {
  const full = registerPolicy(def, { origin: 'mine.js' });
  try {
    runPolicy(trace, makePolicySpec(full), { frames });
  } catch (err) {
    expect(err).toBeInstanceOf(PolicyError);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error(`${def.name}: no violation found`);
}

describe('the checker catches a lying policy', () => {
  it('accepts an honest policy and gives the hand-counted faults', () => {
    const def = registerPolicy(liar('honest-test', honest), { origin: 'mine.js' });
    // FIFO at 2 frames over 0,1,2,0,3,1: every reference faults (0 is evicted by 2, 1 by 0, …).
    expect(runPolicy(trace, makePolicySpec(def), { frames: 2 }).counters.faults).toBe(6);
  });

  it('never evicting: more resident pages than frames, at the third record', () => {
    const neverEvict = liar('never-evict-test', (_i, page, code, state, events) => {
      if (state.resident.has(page)) return events.hit(code, page);
      state.resident.add(page);
      events.fault(code, page);
    });
    expect(violation(neverEvict)).toBe('mine.js: policy never-evict-test: record 3: memory holds 3 pages in 2 frames (a fault with memory full must evict a page first)');
  });

  it('a fault reported for a resident page', () => {
    const def = liar('fault-on-hit-test', (i, page, code, state, events) => {
      if (i === 3) return events.fault(code, page); // page 0 is resident at 3 frames
      honest(i, page, code, state, events);
    });
    expect(violation(def, 3)).toBe('mine.js: policy fault-on-hit-test: record 4: reported a fault for page 0x0, which is resident');
  });

  it('a hit reported for a page that is not resident', () => {
    const def = liar('hit-on-miss-test', (i, page, code, state, events) => (i === 4 ? events.hit(code, page) : honest(i, page, code, state, events)));
    expect(violation(def, 3)).toBe('mine.js: policy hit-on-miss-test: record 5: reported a hit for page 0x3, which is not resident');
  });

  it('a victim that is not resident (full interface)', () => {
    const def = liar('bad-victim-test', (i, page, code, state, events) => {
      if (i === 2) {
        events.evict(7);
      }
      honest(i, page, code, state, events);
    });
    expect(violation(def)).toBe('mine.js: policy bad-victim-test: record 3: evicted page 0x7, which is not resident');
  });

  it('victim() naming a page that is not resident (hooks): one line, not an internal error', () => {
    const hooks: HookPolicyDefinition = {
      name: 'bad-hook-victim-test',
      summary: 'test',
      source: 'test',
      params: [],
      createHooks: () => ({ onHit() {}, onMiss() {}, onRemove() {}, victim: () => 99 }),
    };
    expect(violation(hooks)).toBe('mine.js: policy bad-hook-victim-test: record 3: victim() returned page 99, which is not resident');
  });

  it('a record skipped (no event), and an event for the wrong page', () => {
    const skipper = liar('skip-test', (i, page, code, state, events) => (i === 1 ? undefined : honest(i, page, code, state, events)));
    expect(violation(skipper, 3)).toBe('mine.js: policy skip-test: record 2: reported a fault for page 0x2 (code 0) where the record references page 0x1 (code 0)');
    const last = liar('skip-last-test', (i, page, code, state, events) => (i === 5 ? undefined : honest(i, page, code, state, events)));
    expect(violation(last, 3)).toMatch(/^mine\.js: policy skip-last-test: record 6: the replay reported no event for this record/);
  });

  it('residentPages() disagreeing with what the events said', () => {
    const def = liar('resident-lie-test', honest, (state) => [...state.resident, 5]);
    expect(violation(def, 3)).toBe('mine.js: policy resident-lie-test: record 6: residentPages() lists page 0x5, which is not resident');
  });

  it('an exception inside the policy becomes one line naming the record', () => {
    const def = liar('throws-test', (i, page, code, state, events) => {
      if (i === 4) throw new TypeError('cannot read properties of undefined');
      honest(i, page, code, state, events);
    });
    expect(violation(def)).toBe('mine.js: policy throws-test: record 5: the policy threw TypeError: cannot read properties of undefined');
  });
});

describe('the checker covers resize (local allocations)', () => {
  /** The honest policy with `resize`, checked; replays records [0, 3) at 3 frames, then resizes to `frames`. */
  function resizeViolation(name: string, resize: (frames: number, state: { resident: Set<number>; frames: number }, events: MemoryEvents) => void, frames: number): string {
    const base = liar(name, honest);
    const def = registerPolicy({
      ...base,
      create(setup) {
        const state = { resident: new Set<number>(), frames: setup.frames };
        return {
          replay: (view, from, to, events) => {
            for (let i = from; i < to; i++) honest(i, view.pages[i]!, view.codes[i]!, state, events);
          },
          residentPages: () => [...state.resident],
          resize: (m, events) => resize(m, state, events),
        };
      },
    }, { origin: 'mine.js' });
    const instance = def.create({ frames: 3, pageCount: trace.pageCount, trace, seed: 1 }, {});
    const model = new MemoryModel(trace.pageCount);
    instance.replay(trace, 0, 3, model);
    try {
      instance.resize!(frames, model);
    } catch (err) {
      expect(err).toBeInstanceOf(PolicyError);
      return (err as Error).message;
    }
    return 'no violation';
  }

  const shrinkHonestly = (m: number, state: { resident: Set<number>; frames: number }, events: MemoryEvents): void => {
    state.frames = m;
    for (const v of [...state.resident].slice(0, Math.max(0, state.resident.size - m))) {
      state.resident.delete(v);
      events.evict(v);
    }
  };

  it('an honest resize passes (and the checked instance keeps resize)', () => {
    expect(resizeViolation('resize-honest-test', shrinkHonestly, 1)).toBe('no violation');
    expect(resizeViolation('resize-grow-test', shrinkHonestly, 9)).toBe('no violation');
  });

  it('a resize that keeps too many pages', () => {
    expect(resizeViolation('resize-keeps-test', (m, state) => void (state.frames = m), 1)).toBe(
      'mine.js: policy resize-keeps-test: record 4: resize(1) left 3 pages resident (a policy whose memory shrinks must evict its own victims until its pages fit)',
    );
  });

  it('a resize that reports a fault, or evicts a page not resident, or lies in residentPages()', () => {
    expect(resizeViolation('resize-faults-test', (_m, _state, events) => events.fault(0, 3), 1)).toBe(
      'mine.js: policy resize-faults-test: record 4: reported a fault for page 0x3 during resize(1) (only evictions may be reported there)',
    );
    expect(resizeViolation('resize-ghost-test', (_m, _state, events) => events.evict(5), 2)).toBe('mine.js: policy resize-ghost-test: record 4: evicted page 0x5, which is not resident');
    // A page dropped without an eviction event: the policy's memory and the reported one differ.
    expect(resizeViolation('resize-hides-test', (m, state) => void (state.frames = m, state.resident.delete(0)), 5)).toBe(
      'mine.js: policy resize-hides-test: record 3: residentPages() lists 2 distinct pages, but 3 are resident',
    );
  });

  it('every fixed-space built-in passes the checker under random resizes, with the same events as unchecked', () => {
    for (const def of builtinPolicies.filter((d) => !d.capabilities?.variableSpace)) {
      for (let seed = 1; seed <= 10; seed++) {
        const { trace: t } = randomCase(seed);
        const setup = { frames: 3, pageCount: t.pageCount, trace: t, seed };
        const params = makePolicySpec(def).params;
        const runs = [def.create(setup, params), checkedPolicy(def, 'built-in', false).create(setup, params)].map((instance) => {
          const model = new MemoryModel(t.pageCount);
          for (let from = 0, k = 0; from < t.length; from += 29, k++) {
            instance.replay(t, from, Math.min(t.length, from + 29), model);
            instance.resize!(1 + ((seed * 7 + k * 5) % (t.pageCount + 2)), model);
          }
          return instance.residentPages().sort((a, b) => a - b);
        });
        expect(runs[1], `${def.name}, seed ${seed}`).toEqual(runs[0]);
      }
    }
  });
});

describe('registerPolicy refuses a definition it cannot use', () => {
  it.each([
    [{ summary: 'no name', params: [], create: () => ({}) }, /policy name undefined must be a string/],
    [{ name: 'Upper Case', params: [], create: () => ({}) }, /policy name "Upper Case" must be a string of lower-case letters/],
    [{ name: 42, create: () => ({}) }, /policy name 42 must be/],
    [{ name: 'nocreate', params: [] }, /policy nocreate has neither create\(\) nor createHooks\(\)/],
    [{ name: 'badparams', params: [{ name: 'k' }], create: () => ({}) }, /every parameter needs a name, a type/],
    [null, /must be an object/],
  ])('%j', (def, message) => {
    expect(() => registerPolicy(def as unknown as PolicyDefinition)).toThrow(UsageError);
    expect(() => registerPolicy(def as unknown as PolicyDefinition)).toThrow(message);
  });
});

/**
 * The kernel's rules in action, traced by hand (docs/policies.md, "Linux" and "MGLRU"): each case
 * shows one rule the issue names, with the list states written out.
 */
import { describe, expect, it } from 'vitest';
import {
  KIND_ANON,
  KIND_FILE,
  OP_FS_READ,
  OP_VM_READ,
  getPolicy,
  makeCode,
  makePolicySpec,
  runPolicy,
  traceFromRecords,
  type LoadedTrace,
  type ParamValue,
} from '../../index.js';
import { randomCase } from '../helpers/randomStreams.js';
import { inactiveRatio } from '../../policies/linux.js';

/** Records like '<a rh' : op (`<` FS read, `r` VM read) then page letter; all file pages unless `anon` lists the letter. */
function stream(text: string, anon = ''): LoadedTrace {
  const recs = text.split(' ');
  const pages = recs.map((r) => r.charCodeAt(1) - 97);
  const codes = recs.map((r) => makeCode(r[0] === '<' ? OP_FS_READ : OP_VM_READ, anon.includes(r[1]!) ? KIND_ANON : KIND_FILE));
  return traceFromRecords({ name: 'k', format: 'basic-named', pageSize: 4096 }, pages, codes);
}

function run(t: LoadedTrace, policy: string, params: Record<string, ParamValue>, frames: number) {
  const def = getPolicy(policy);
  const spec = makePolicySpec(def, params);
  const { counters } = runPolicy(t, spec, { frames });
  const instance = def.create({ frames, pageCount: t.pageCount, trace: t, seed: 1 }, spec.params);
  instance.replay(t, 0, t.length, { hit() {}, softFault() {}, fault() {}, evict() {}, release() {} });
  const resident = instance.residentPages().map((p) => String.fromCharCode(97 + p)).sort().join('');
  return { ...counters, resident };
}

describe('linux: the classic two-list reclaim', () => {
  it("keeps inactive_is_low's ratio: 1 below a GiB of 4 KiB pages (2^18), int_sqrt(10 x GiB) from there", () => {
    const GIB = 2 ** 18;
    // int_sqrt(10) = 3, int_sqrt(20) = 4, int_sqrt(100) = 10, int_sqrt(1000) = 31 (31^2 = 961, 32^2 = 1024).
    expect([0, 1, GIB - 1, GIB, 2 * GIB - 1, 2 * GIB, 10 * GIB, 100 * GIB].map(inactiveRatio)).toEqual([1, 1, 1, 3, 3, 4, 10, 31]);
  });

  it('a file page read twice is activated: <a <a <b <c <d at 3 frames', () => {
    // <a: inactive [a], PG_referenced. <a again: referenced and inactive → active [a]. <b, <c:
    // inactive [c b]. <d: memory full; inactive 2 is not below active 1; the inactive tail b has no
    // accessed bit → evicted. a survives where LRU (a least recently used) evicts it.
    const t = stream('<a <a <b <c <d');
    expect(run(t, 'linux', {}, 3)).toMatchObject({ faults: 4, hits: 1, evictions: 1, resident: 'acd' });
    expect(run(t, 'lru', {}, 3)).toMatchObject({ faults: 4, evictions: 1, resident: 'bcd' });
  });

  it('a refault within the workingset size is activated at once: <a <a <b <b <c <d <e <c <f <g at 4 frames', () => {
    // a, b read twice: active [b a], nonresident_age 2. <c <d: inactive [d c]. <e: c evicted with
    // shadow 2 (age 3). <c: d evicted (age 4); refault distance 4 − 2 = 2 ≤ active file 2 → c goes
    // straight to the active list (age 5): active [c b a], inactive [e]. <f: inactive 1 < active 3,
    // so a is deactivated (inactive [a e]); e evicted. <g: a evicted. Resident b c f g.
    // Without refault detection c re-enters inactive [c e]: <f evicts e, <g evicts c.
    const t = stream('<a <a <b <b <c <d <e <c <f <g');
    expect(run(t, 'linux', {}, 4)).toMatchObject({ faults: 8, evictions: 4, resident: 'bcfg' });
    expect(run(t, 'linux', { refaults: false }, 4)).toMatchObject({ faults: 8, evictions: 4, resident: 'abfg' });
  });

  it('a page touched once by a sequential read ages out before a hot mapped one: ra, then <b… with ra every fourth', () => {
    // a is mapped (VM reads: the accessed bit), b…j are read once each, a every 4th reference,
    // 3 frames. 4th (<d): tail a has its accessed bit → PG_referenced, rotated; b evicted. 6th: c
    // evicted. 7th: a at the tail again, accessed and already referenced → activated; d evicted.
    // From then on inactive (2) is never below active (1): each read evicts the oldest read page, a
    // stays: faults a…j = 10, a hits at references 5, 9, 13. LRU at 3 frames misses a every time.
    const t = stream('ra <b <c <d ra <e <f <g ra <h <i <j ra');
    expect(run(t, 'linux', {}, 3)).toMatchObject({ faults: 10, hits: 3, resident: 'aij' });
    expect(run(t, 'lru', {}, 3)).toMatchObject({ faults: 13, hits: 0 });
  });

  it('swappiness 0 evicts anonymous pages only when no file page is resident', () => {
    const def = getPolicy('linux');
    const spec = makePolicySpec(def, { swappiness: 0 });
    for (let seed = 2; seed <= 120; seed += 2) {
      const { trace: t } = randomCase(seed);
      const frames = 1 + (seed % 13);
      const instance = def.create({ frames, pageCount: t.pageCount, trace: t, seed }, spec.params);
      const resident = new Map<number, number>();
      instance.replay(t, 0, t.length, {
        hit() {},
        softFault() {},
        fault: (c, p) => void resident.set(p, c >> 3),
        evict: (p) => {
          if (resident.get(p) === KIND_ANON) expect([...resident.values()], `seed ${seed}`).not.toContain(KIND_FILE);
          resident.delete(p);
        },
        release: (p) => void resident.delete(p),
      });
    }
  });
});

describe('mglru: generations, tiers and the feedback loop', () => {
  it('a file page read five times is protected by its tier: <a ×5 <b <c <d <e at 3 frames', () => {
    // FS reads put file pages in the oldest generation (min_seq 0). a's five reads: PG_referenced,
    // PG_workingset, then the counter to 3: refs = 4, always protected. <d: two generations only, so
    // aging opens a third (max_seq 2; no accessed bits); the controller has no refaults (fewer than 64)
    // and evicts every tier; from the oldest generation's tail a is protected (to generation 1, counts
    // cleared) and b is evicted. <e: c is evicted. LRU evicts a, then b.
    const t = stream('<a <a <a <a <a <b <c <d <e');
    expect(run(t, 'mglru', {}, 3)).toMatchObject({ faults: 5, evictions: 2, resident: 'ade' });
    expect(run(t, 'lru', {}, 3)).toMatchObject({ faults: 5, evictions: 2, resident: 'cde' });
  });

  it('pages read once enter the oldest generation and leave before a mapped one: ra, then <b… with ra every fourth', () => {
    // ra faults into the youngest generation (1). The reads join the oldest (0). <d: aging (max_seq 2)
    // clears a's accessed bit where it is; b, the oldest read, is evicted, and every later read evicts
    // the oldest read page while generation 0 still holds two (young 0, old 2 of 3: no aging), so a
    // is never reached: faults a…j = 10, a hits 3 times; LRU misses a every time.
    const t = stream('ra <b <c <d ra <e <f <g ra <h <i <j ra');
    expect(run(t, 'mglru', {}, 3)).toMatchObject({ faults: 10, hits: 3, resident: 'aij' });
  });
});

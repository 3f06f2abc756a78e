import { describe, expect, it } from 'vitest';
import { getPolicy, makePolicySpec, runPolicy, traceFromRecords, type LoadedTrace, type ParamValue } from '../../index.js';
import { referenceCounters } from '../reference/driver.js';
import { RefClockPro } from '../reference/queues.js';

/** A basic stream of VM reads from letters: 'abca' → pages a, b, c, a. */
function letters(text: string): LoadedTrace {
  const pages = [...text].map((ch) => ch.charCodeAt(0) - 97);
  return traceFromRecords({ name: 'g', format: 'basic', pageSize: 4096 }, pages, pages.map(() => 0));
}

function run(text: string, policy: string, params: Record<string, ParamValue>, frames: number) {
  const trace = letters(text);
  const def = getPolicy(policy);
  const spec = makePolicySpec(def, params);
  const outcome = runPolicy(trace, spec, { frames });
  const instance = def.create({ frames, pageCount: trace.pageCount, trace, seed: 1 }, spec.params);
  instance.replay(trace, 0, trace.length, { hit() {}, softFault() {}, fault() {}, evict() {}, release() {} });
  const resident = instance.residentPages().map((p) => String.fromCharCode(97 + p)).sort().join('');
  return { ...outcome.counters, meanResident: outcome.meanResident, resident };
}

// Each expectation below was traced by hand from the definitions in docs/policies.md.
describe('hand-checked examples', () => {
  it('LRU-2 keeps pages seen twice where LRU does not: abcabdea at 3 frames', () => {
    // At d (t = 6) c is the only page with one reference: LRU-2 evicts it, as LRU does. At e,
    // LRU-2 evicts d (one reference) where LRU evicts a, which is referenced next.
    expect(run('abcabdea', 'lru-k', {}, 3)).toMatchObject({ faults: 5, evictions: 2, resident: 'abe' });
    expect(run('abcabdea', 'lru', {}, 3)).toMatchObject({ faults: 6, evictions: 3, resident: 'ade' });
  });

  it('LRU-K with a correlated reference period: aabc at 2 frames', () => {
    // CRP = 0: a has two references (HIST = 2, 1), b one, so b goes. CRP = 2: at t = 4 both a
    // (last at 2) and b (at 3) are inside their period: nothing is eligible and the LRU page, a, goes.
    expect(run('aabc', 'lru-k', {}, 2).resident).toBe('ac');
    expect(run('aabc', 'lru-k', { crp: 2 }, 2).resident).toBe('bc');
    // CRP = 1: a (last at 2) is eligible, b (at 3) is not; a has one uncorrelated reference, so it goes.
    expect(run('aabc', 'lru-k', { crp: 1 }, 2).resident).toBe('bc');
  });

  it('LRU-K forgets history after the retained information period: abcade at 2 frames', () => {
    // a is evicted at t = 3 and comes back at t = 4, 3 references after its last one. Kept (RIP ≥ 3),
    // its history makes HIST(a) = (4, 1) finite, so at e (t = 6) the infinite d goes; forgotten
    // (RIP = 2), a is (4, 0), infinite and older than d, so a goes.
    expect(run('abcade', 'lru-k', {}, 2)).toMatchObject({ faults: 6, resident: 'ae' });
    expect(run('abcade', 'lru-k', { rip: 3 }, 2)).toMatchObject({ faults: 6, resident: 'ae' });
    expect(run('abcade', 'lru-k', { rip: 2 }, 2)).toMatchObject({ faults: 6, resident: 'de' });
  });

  it('SEGQ: abcadb at 3 frames (I = 1, CLOCK active of 2)', () => {
    // a, b fill active; c demotes a; a is a soft fault demoting b; d demotes c and evicts b; b demotes a and evicts c.
    expect(run('abcadb', 'segq', {}, 3)).toMatchObject({ references: 6, faults: 5, softFaults: 1, hits: 1, evictions: 2, resident: 'abd' });
  });

  it('WS and VMIN with τ = 2 on abaccb', () => {
    // WS sizes after each reference: 1 2 2 2 1 2; b leaves at t = 4, a at t = 5.
    expect(run('abaccb', 'ws', { window: 2 }, 3)).toMatchObject({ faults: 4, evictions: 2, meanResident: 10 / 6, resident: 'bc' });
    // VMIN keeps a (next use 2 later) and c (1 later) only: sizes 1 2 1 1 1 1; b, a, c leave.
    expect(run('abaccb', 'vmin', { window: 2 }, 3)).toMatchObject({ faults: 4, evictions: 3, meanResident: 7 / 6, resident: 'b' });
  });

  it('CLOCK-Pro at 1 frame: a page back from its test period when it was the ring\'s only entry keeps the hands', () => {
    // Found by the differential tests (a stream whose pages come back after release): page 1, a
    // non-resident test page alone in the ring, faults back in hot; the hands must be restored, or
    // the next fault sweeps forever. The counters equal the brute-force reference's.
    const seq = 'w0 r0 r1 r1 r0 r0 r1 r0 x1 r1 r1 r1 w0 x0 w1 r0 w1 w0 r0 x0 r1 w1 r0'.split(' ');
    const pages = seq.map((x) => Number(x.slice(1)));
    const codes = seq.map((x) => (x[0] === 'x' ? 4 : x[0] === 'w' ? 1 : 0));
    const trace = traceFromRecords({ name: 'g', format: 'basic', pageSize: 4096 }, pages, codes);
    const fast = runPolicy(trace, makePolicySpec(getPolicy('clock-pro')), { frames: 1 }).counters;
    expect(fast).toEqual(referenceCounters(pages, codes, new RefClockPro(1)).counters);
    expect(fast).toMatchObject({ references: 20, releases: 3 });
  });
});

/**
 * `--scale`: the same scenario, larger or smaller. Amounts of work (references, bytes read and
 * written) and sizes (pages of files, segments, regions, stacks, heaps) are multiplied; the
 * structure (programs, counts of processes, threads and repetitions) stays as it is, so a small
 * scale is a quick workload of the same shape.
 */
import type { Scenario, Step } from './scenario.js';

export function scaleScenario(s: Scenario, factor: number): Scenario {
  if (factor === 1) return s;
  /** Scaled, never rounded to zero from a positive amount. */
  const amount = (n: number): number => (n === 0 ? 0 : Math.sign(n) * Math.max(1, Math.round(Math.abs(n) * factor)));
  const step = (st: Step): Step => {
    switch (st.kind) {
      case 'touch':
        return { ...st, references: amount(st.references) };
      case 'repeat':
      case 'fork':
      case 'threads':
        return { ...st, steps: st.steps.map(step) };
      case 'brk':
      case 'grow-stack':
      case 'mmap':
      case 'mremap':
        return { ...st, pages: amount(st.pages) };
      case 'map':
        return { ...st, pages: st.pages === undefined ? undefined : amount(st.pages), offset: Math.round(st.offset * factor) };
      case 'read':
      case 'write':
        return { ...st, bytes: amount(st.bytes) };
      case 'truncate':
        return { ...st, size: Math.round(st.size * factor) };
      default:
        return st;
    }
  };
  return {
    ...s,
    files: Object.fromEntries(Object.entries(s.files).map(([k, f]) => [k, { ...f, pages: amount(f.pages), text: Math.min(amount(f.pages), amount(f.text)) }])),
    segments: Object.fromEntries(Object.entries(s.segments).map(([k, g]) => [k, { pages: amount(g.pages) }])),
    programs: Object.fromEntries(Object.entries(s.programs).map(([k, p]) => [k, { ...p, stack: amount(p.stack), heap: amount(p.heap), steps: p.steps.map(step) }])),
  };
}

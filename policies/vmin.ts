/**
 * VMIN (Prieve & Fabry, "VMIN — an optimal variable-space page replacement algorithm", CACM 19(5),
 * 1976): with window τ, after a reference a page stays resident until its next reference if that
 * comes within τ references, and leaves at once otherwise. It faults on exactly the references WS
 * with the same τ faults on (those whose previous reference is more than τ back), with the least
 * mean resident size of any policy that does. A page that leaves "at once" is counted resident at
 * its own reference and evicted before the next reference's event. Needs the future: each
 * reference's distance to its page's next use (in references; a release ends the page's uses) comes
 * from one backward pass, memoised per trace. O(1) per reference.
 */
import type { LoadedTrace } from '../traces/index.js';
import { RELEASE_BIT } from '../traces/operations.js';
import type { MemoryEvents, PolicyDefinition, PolicyInstance, PolicySetup, TraceView } from './policy.js';
import { ResidentMeter } from './structures/residentMeter.js';

const gaps = new WeakMap<Uint32Array, Int32Array>();

/** For each reference, how many references later its page is next referenced (0: never). */
export function nextUseGaps(trace: LoadedTrace): Int32Array {
  let gap = gaps.get(trace.pages);
  if (gap) return gap;
  const { pages, codes } = trace;
  gap = new Int32Array(trace.length);
  const nextOrdinal = new Float64Array(trace.pageCount).fill(-1);
  let ordinal = trace.references;
  for (let i = trace.length - 1; i >= 0; i--) {
    const p = pages[i]!;
    if (codes[i]! & RELEASE_BIT) {
      nextOrdinal[p] = -1;
      continue;
    }
    ordinal--;
    gap[i] = nextOrdinal[p]! < 0 ? 0 : nextOrdinal[p]! - ordinal;
    nextOrdinal[p] = ordinal;
  }
  gaps.set(trace.pages, gap);
  return gap;
}

class Vmin implements PolicyInstance {
  private readonly resident: Uint8Array;
  private readonly meter = new ResidentMeter();
  private count = 0;
  /** The page that leaves before the next reference, or -1. */
  private leaving = -1;

  constructor(pageCount: number, private readonly window: number, private readonly gap: Int32Array) {
    this.resident = new Uint8Array(pageCount);
  }

  replay(view: TraceView, from: number, to: number, events: MemoryEvents): void {
    const { pages, codes } = view;
    const { resident, gap, meter } = this;
    for (let i = from; i < to; i++) {
      const p = pages[i]!;
      const c = codes[i]!;
      if (c & RELEASE_BIT) {
        const was = resident[p] === 1;
        if (was) {
          resident[p] = 0;
          this.count--;
          if (p === this.leaving) this.leaving = -1;
        }
        events.release(p, was);
        continue;
      }
      if (this.leaving >= 0) {
        resident[this.leaving] = 0;
        this.count--;
        events.evict(this.leaving);
        this.leaving = -1;
      }
      if (resident[p] === 1) {
        events.hit(c, p);
      } else {
        resident[p] = 1;
        this.count++;
        events.fault(c, p);
      }
      const g = gap[i]!;
      if (g === 0 || g > this.window) this.leaving = p;
      meter.add(this.count);
    }
  }

  residentPages(): number[] {
    const out: number[] = [];
    for (let p = 0; p < this.resident.length; p++) if (this.resident[p]) out.push(p);
    return out;
  }

  meanResident(): number {
    return this.meter.mean();
  }

  resetStatistics(): void {
    this.meter.reset();
  }
}

export const vminPolicy: PolicyDefinition<{ window: number }> = {
  name: 'vmin',
  summary: 'Variable MIN: keep a page until its next use only if that comes within τ references (optimal variable space)',
  source: 'Prieve & Fabry, CACM 19(5), 1976',
  params: [{ name: 'window', type: 'integer', default: 10000, min: 1, description: 'τ, the window in references (swept by fault curves)' }],
  capabilities: { needsFuture: true, variableSpace: { parameter: 'window' } },
  create(setup: PolicySetup, params) {
    if (!setup.trace) throw new Error('vmin needs the whole trace in advance (it cannot run on a streamed trace)');
    return new Vmin(setup.pageCount, params.window, nextUseGaps(setup.trace));
  },
};

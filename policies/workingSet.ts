/**
 * WS, Denning's working set ("The working set model for program behavior", CACM 11(5), 1968): with
 * window τ, the resident set after the reference at time t is W(t, τ), the distinct pages
 * referenced among the last τ references (times t − τ + 1 … t). So a reference faults exactly when
 * the page's previous reference is more than τ references back (or never), and a page leaves
 * memory — an eviction, reported before that reference's own event — at the reference τ after its
 * last one. Memory is not fixed: the fault-curve driver sweeps τ (`window`) and plots faults
 * against the mean resident size, sampled after every reference (`meanResident`). Time counts
 * references; a released page leaves the set at once. Resident pages form an LRU list, so the one
 * leaving is its back: O(1) per reference, 17 bytes per page.
 */
import { RELEASE_BIT } from '../traces/operations.js';
import { PageList } from './structures/pageList.js';
import type { MemoryEvents, PolicyDefinition, PolicyInstance, PolicySetup, TraceView } from './policy.js';
import { ResidentMeter } from './structures/residentMeter.js';

class WorkingSet implements PolicyInstance {
  private readonly list: PageList;
  private readonly resident: Uint8Array;
  private readonly last: Float64Array;
  private readonly meter = new ResidentMeter();
  private time = 0;

  constructor(pageCount: number, private readonly window: number) {
    this.list = new PageList(pageCount);
    this.resident = new Uint8Array(pageCount);
    this.last = new Float64Array(pageCount);
  }

  replay(view: TraceView, from: number, to: number, events: MemoryEvents): void {
    const { pages, codes } = view;
    const { list, resident, last, meter } = this;
    for (let i = from; i < to; i++) {
      const p = pages[i]!;
      const c = codes[i]!;
      if (c & RELEASE_BIT) {
        const was = resident[p] === 1;
        if (was) {
          list.remove(p);
          resident[p] = 0;
        }
        events.release(p, was);
        continue;
      }
      const t = ++this.time;
      const oldest = list.back();
      if (oldest >= 0 && oldest !== p && last[oldest]! <= t - this.window) {
        list.remove(oldest);
        resident[oldest] = 0;
        events.evict(oldest);
      }
      last[p] = t;
      if (resident[p] === 1) {
        list.moveToFront(p);
        events.hit(c, p);
      } else {
        list.pushFront(p);
        resident[p] = 1;
        events.fault(c, p);
      }
      meter.add(list.size);
    }
  }

  residentPages(): number[] {
    return this.list.toArray();
  }

  meanResident(): number {
    return this.meter.mean();
  }

  resetStatistics(): void {
    this.meter.reset();
  }
}

export const workingSetPolicy: PolicyDefinition<{ window: number }> = {
  name: 'ws',
  aliases: ['working-set'],
  summary: "Denning's working set: the pages referenced in the last τ references stay resident (variable space)",
  source: 'Denning, CACM 11(5), 1968',
  params: [{ name: 'window', type: 'integer', default: 10000, min: 1, description: 'τ, the window in references (swept by fault curves)' }],
  capabilities: { variableSpace: { parameter: 'window' } },
  create: (setup: PolicySetup, params) => new WorkingSet(setup.pageCount, params.window),
};

/**
 * LFU: evict the resident page referenced least often, ties to the least recently referenced
 * (Mattson, Gecsei, Slutz & Traiger, IBM Systems Journal 9(2), 1970, list LFU among the stack
 * algorithms). With `counts=all` (default) counts are kept for every page ever referenced ("perfect"
 * LFU), so priorities do not depend on memory size and LFU is a stack algorithm; with
 * `counts=resident` a page's count restarts when it is loaded again ("in-cache" LFU), which is not.
 * A released page's count is dropped. Resident pages sit in a min-heap on (count, last reference):
 * O(log M) per reference, 8 bytes per page. Resize (local allocations): growing only raises the memory
 * size (counts are per page, not per size); shrinking evicts the heap's minimum, the fault path's
 * victim, once per page too many.
 */
import { RELEASE_BIT } from '../traces/operations.js';
import { PageHeap } from './structures/pageHeap.js';
import type { MemoryEvents, PolicyDefinition, PolicyInstance, PolicySetup, TraceView } from './policy.js';

class Lfu implements PolicyInstance {
  private readonly heap: PageHeap;
  private readonly count: Uint32Array;
  private time = 0;

  constructor(private frames: number, pageCount: number, private readonly perfect: boolean) {
    this.heap = new PageHeap(frames, pageCount);
    this.count = new Uint32Array(pageCount);
  }

  replay(view: TraceView, from: number, to: number, events: MemoryEvents): void {
    const { pages, codes } = view;
    const { heap, count } = this;
    const pos = heap.pos;
    for (let i = from; i < to; i++) {
      const p = pages[i]!;
      const c = codes[i]!;
      if (c & RELEASE_BIT) {
        const was = pos[p]! >= 0;
        if (was) heap.remove(p);
        count[p] = 0;
        events.release(p, was);
        continue;
      }
      const t = ++this.time;
      if (pos[p]! >= 0) {
        heap.update(p, ++count[p]!, t);
        events.hit(c, p);
      } else {
        count[p] = this.perfect ? count[p]! + 1 : 1;
        if (heap.size >= this.frames) events.evict(heap.replaceMin(p, count[p]!, t));
        else heap.push(p, count[p]!, t);
        events.fault(c, p);
      }
    }
  }

  resize(frames: number, events: MemoryEvents): void {
    this.frames = frames;
    this.heap.reserve(frames);
    while (this.heap.size > frames) events.evict(this.heap.popMin());
  }

  residentPages(): number[] {
    return this.heap.toArray();
  }
}

export const lfuPolicy: PolicyDefinition = {
  name: 'lfu',
  summary: 'Least frequently used: evict the page with the fewest references (LRU among equals)',
  source: 'Mattson, Gecsei, Slutz & Traiger, IBM Systems Journal 9(2), 1970',
  params: [
    { name: 'counts', type: 'choice', default: 'all', choices: ['all', 'resident'], description: 'keep counts for every page ever seen (perfect LFU, a stack algorithm) or only while resident' },
  ],
  capabilities: { stack: (p) => p.counts === 'all' },
  create: (setup: PolicySetup, params) => new Lfu(setup.frames, setup.pageCount, params.counts === 'all'),
};

/**
 * LRU: evict the least recently referenced page. A stack algorithm (Mattson, Gecsei, Slutz &
 * Traiger, "Evaluation techniques for storage hierarchies", IBM Systems Journal 9(2), 1970), so the
 * simulators can compute its whole fault curve in one pass.
 */
import type { PolicyDefinition, PolicySetup } from './policy.js';
import { RecencyQueue } from './recencyQueue.js';

export const lruPolicy: PolicyDefinition = {
  name: 'lru',
  summary: 'Least recently used: evict the page whose last reference is oldest',
  source: 'Mattson, Gecsei, Slutz & Traiger, IBM Systems Journal 9(2), 1970',
  params: [],
  capabilities: { stack: () => true },
  create: (setup: PolicySetup) => new RecencyQueue(setup.frames, setup.pageCount, { evictFront: false }),
};

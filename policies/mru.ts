/**
 * MRU: evict the most recently referenced resident page (Mattson, Gecsei, Slutz & Traiger, IBM
 * Systems Journal 9(2), 1970, where its priority — recency reversed — makes it a stack algorithm;
 * the classic remedy for loops larger than memory, e.g. Chou & DeWitt, VLDB 1985). 9 bytes per page.
 */
import type { PolicyDefinition, PolicySetup } from './policy.js';
import { RecencyQueue } from './recencyQueue.js';

export const mruPolicy: PolicyDefinition = {
  name: 'mru',
  summary: 'Most recently used: evict the page referenced last',
  source: 'Mattson, Gecsei, Slutz & Traiger, IBM Systems Journal 9(2), 1970; Chou & DeWitt, VLDB 1985',
  params: [],
  capabilities: { stack: () => true },
  create: (setup: PolicySetup) => new RecencyQueue(setup.frames, setup.pageCount, { evictFront: true }),
};

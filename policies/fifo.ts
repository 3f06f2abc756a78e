/**
 * FIFO: evict the page loaded earliest; hits change nothing. Not a stack algorithm — it shows
 * Belady's anomaly (Belady, Nelson & Shedler, "An anomaly in space-time characteristics of certain
 * programs running in a paging machine", CACM 12(6), 1969).
 */
import type { PolicyDefinition, PolicySetup } from './policy.js';
import { RecencyQueue } from './recencyQueue.js';

export const fifoPolicy: PolicyDefinition = {
  name: 'fifo',
  summary: 'First in, first out: evict the page loaded earliest',
  source: 'Belady, Nelson & Shedler, CACM 12(6), 1969',
  params: [],
  create: (setup: PolicySetup) => new RecencyQueue(setup.frames, setup.pageCount, { moveOnHit: false, evictFront: false }),
};

/**
 * CLOCK (second-chance FIFO; Corbató, "A paging experiment with the Multics system", 1968), exactly
 * as docs/policies.md defines it: resident pages form a queue, each with a reference bit. A hit sets the
 * bit. A fault with memory full first chooses the victim — take the head; if its bit is set, clear
 * it and move it to the tail; else evict it — then appends the new page at the tail with its bit
 * set to `refOnInsert` (1: the faulting access references it; 0 gives libCacheSim's Clock).
 *
 * Resize (local allocations, policy.ts): growing only raises the memory size; shrinking takes
 * victims exactly as a fault with memory full would — sweep from the head, second chances
 * included — until the pages fit.
 *
 * A reference bit is a GCLOCK count that a reference sets to 1 (gclock.ts, whose initCount=1 is
 * this policy): CLOCK replays on GCLOCK's sweep, a ring of pages whose tail is the hand
 * (structures/pageRing.ts), with the count a load sets given by `refOnInsert`.
 */
import { CountingClock } from './gclock.js';
import type { PolicyDefinition, PolicySetup } from './policy.js';

export const clockPolicy: PolicyDefinition<{ refOnInsert: number }> = {
  name: 'clock',
  aliases: ['second-chance'],
  summary: 'Second-chance FIFO: a reference bit per page, cleared by the sweeping hand',
  source: 'Corbató, "A paging experiment with the Multics system", MIT Project MAC, 1968; docs/policies.md',
  params: [
    {
      name: 'refOnInsert',
      type: 'integer',
      default: 1,
      min: 0,
      max: 1,
      description: 'reference bit of a newly loaded page (1: the faulting access counts; 0: libCacheSim Clock)',
    },
  ],
  create: (setup: PolicySetup, params) => new CountingClock(setup.frames, setup.pageCount, 1, params.refOnInsert),
};

/** The built-in policies, in the order `faultline simulate --list-policies` shows them. */
import { arcPolicy } from './arc.js';
import { clockPolicy } from './clock.js';
import { clockProPolicy } from './clockPro.js';
import { eelruPolicy } from './eelru.js';
import { fifoPolicy } from './fifo.js';
import { gclockPolicy } from './gclock.js';
import { lfuPolicy } from './lfu.js';
import { linuxPolicy } from './linux.js';
import { lirsPolicy } from './lirs.js';
import { lruPolicy } from './lru.js';
import { lruKPolicy } from './lruK.js';
import { mglruPolicy } from './mglru.js';
import { mruPolicy } from './mru.js';
import { optPolicy } from './opt.js';
import type { PolicyDefinition } from './policy.js';
import { randomPolicy } from './random.js';
import { s3fifoPolicy } from './s3fifo.js';
import { segqPolicy } from './segq.js';
import { sievePolicy } from './sieve.js';
import { twoQPolicy } from './twoQ.js';
import { vminPolicy } from './vmin.js';
import { workingSetPolicy } from './workingSet.js';

export const builtinPolicies: PolicyDefinition[] = [
  lruPolicy,
  fifoPolicy,
  clockPolicy,
  optPolicy,
  lruKPolicy,
  segqPolicy,
  arcPolicy,
  twoQPolicy,
  lirsPolicy,
  s3fifoPolicy,
  sievePolicy,
  clockProPolicy,
  linuxPolicy,
  mglruPolicy,
  eelruPolicy,
  gclockPolicy,
  lfuPolicy,
  mruPolicy,
  randomPolicy,
  workingSetPolicy,
  vminPolicy,
];

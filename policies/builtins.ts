/** The built-in policies, in the order `faultline simulate --list-policies` shows them. */
import { clockPolicy } from './clock.js';
import { fifoPolicy } from './fifo.js';
import { lruPolicy } from './lru.js';
import { optPolicy } from './opt.js';
import type { PolicyDefinition } from './policy.js';

export const builtinPolicies: PolicyDefinition[] = [lruPolicy, fifoPolicy, clockPolicy, optPolicy];

/** One-pass curves: the registry, and the built-in engines registered in it. */
import { lruDepthCounters } from './lruCurve.js';
import { lruKDepthCounters, optDepthCounters } from './priorityCurves.js';
import { registerOnePass } from './onePassRegistry.js';
import { lruKPolicy } from '../../policies/lruK.js';
import { lruPolicy } from '../../policies/lru.js';
import { optPolicy } from '../../policies/opt.js';

registerOnePass(lruPolicy, (trace, _params, sizes, warmupRecords) => lruDepthCounters(trace, warmupRecords).counters(sizes));
// Mattson's priority stack walks ~10^3 pages per reference on large skewed traces: per-size
// replays are faster unless hundreds of sizes are asked for (docs/performance.md).
registerOnePass(optPolicy, (trace, _params, sizes, warmupRecords) => optDepthCounters(trace, warmupRecords).counters(sizes), { automatic: false });
registerOnePass(lruKPolicy, (trace, params, sizes, warmupRecords) => lruKDepthCounters(trace, warmupRecords, params.k).counters(sizes), { automatic: false });

export * from './onePassRegistry.js';
export { DepthCounters, NOT_IN_STACK } from './depthCounters.js';
export { LruStack, lruDepthCounters } from './lruCurve.js';
export { PriorityStack } from './priorityStack.js';
export { lruKDepthCounters, optDepthCounters } from './priorityCurves.js';
export * from './reuseProfile.js';

/** One-pass curves: the registry, and the built-in engines registered in it. */
import { lruDepthCounters } from './lruCurve.js';
import { lruKDepthCounters, optDepthCounters } from './priorityCurves.js';
import { registerOnePass } from './onePassRegistry.js';

registerOnePass('lru', (trace, _params, sizes, warmupRecords) => lruDepthCounters(trace, warmupRecords).counters(sizes));
registerOnePass('opt', (trace, _params, sizes, warmupRecords) => optDepthCounters(trace, warmupRecords).counters(sizes));
registerOnePass('lru-k', (trace, params, sizes, warmupRecords) => lruKDepthCounters(trace, warmupRecords, params.k as number).counters(sizes));

export * from './onePassRegistry.js';
export { DepthCounters, NOT_IN_STACK } from './depthCounters.js';
export { LruStack, lruDepthCounters } from './lruCurve.js';
export { PriorityStack } from './priorityStack.js';
export { lruKDepthCounters, optDepthCounters, optPriorityDepthCounters } from './priorityCurves.js';
export { OptCriticalPoints, criticalPointsApply, optCriticalDepthCounters } from './optCriticalPoints.js';
export * from './reuseProfile.js';

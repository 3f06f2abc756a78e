/** One-pass curves: the registry, and the built-in engines registered in it. */
import { lruDepthCounters } from './lruCurve.js';
import { lruKDepthCounters, optDepthCounters } from './priorityCurves.js';
import { registerOnePass } from './onePassRegistry.js';
import { lruKPolicy } from '../../policies/lruK.js';
import { lruPolicy } from '../../policies/lru.js';
import { optPolicy } from '../../policies/opt.js';

registerOnePass(lruPolicy, (trace, _params, sizes, warmupRecords, onRecords) => lruDepthCounters(trace, warmupRecords, undefined, onRecords).counters(sizes));
registerOnePass(optPolicy, (trace, _params, sizes, warmupRecords, onRecords) => optDepthCounters(trace, warmupRecords, onRecords).counters(sizes));
registerOnePass(lruKPolicy, (trace, params, sizes, warmupRecords, onRecords) => lruKDepthCounters(trace, warmupRecords, params.k, onRecords).counters(sizes));

export * from './onePassRegistry.js';
export { DepthCounters, NOT_IN_STACK } from './depthCounters.js';
export { LruStack, lruDepthCounters } from './lruCurve.js';
export { PriorityStack } from './priorityStack.js';
export { lruKDepthCounters, optDepthCounters, optPriorityDepthCounters } from './priorityCurves.js';
export { OptCriticalMarkers } from './optCriticalMarkers.js';
export { optMarkersDepthCounters } from './optMarkersCurves.js';
export * from './reuseProfile.js';

/** One-pass curves: the registry, and the built-in engines registered in it. */
import { lruDepthCounters } from './lruCurve.js';
import { registerOnePass } from './onePassRegistry.js';

registerOnePass('lru', (trace, _params, sizes, warmupRecords) => lruDepthCounters(trace, warmupRecords).counters(sizes));

export * from './onePassRegistry.js';
export { DepthCounters, NOT_IN_STACK } from './depthCounters.js';
export { LruStack, lruDepthCounters } from './lruCurve.js';

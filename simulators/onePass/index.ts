/** One-pass curves: the registry, and the built-in engines registered in it. */
import { LruStack, lruDepthCounters } from './lruCurve.js';
import { OptMarkersStack } from './optMarkersCurves.js';
import { optFutureEngine } from './optStreamedFuture.js';
import { lruKDepthCounters, lruKStack, optDepthCounters } from './priorityCurves.js';
import { registerOnePass } from './onePassRegistry.js';
import { lruKPolicy } from '../../policies/lruK.js';
import { lruPolicy } from '../../policies/lru.js';
import { optPolicy } from '../../policies/opt.js';

registerOnePass(
  lruPolicy,
  (trace, _params, sizes, warmupRecords, onRecords) => lruDepthCounters(trace, warmupRecords, undefined, onRecords).counters(sizes),
  (_params, run) => ({ make: () => new LruStack(run.pageCount) }),
);
registerOnePass(
  optPolicy,
  (trace, _params, sizes, warmupRecords, onRecords) => optDepthCounters(trace, warmupRecords, onRecords).counters(sizes),
  // Releases and a warm-up need the future, which a look-ahead pass gathers; references alone do not.
  (_params, run) => (run.releases || run.warmupReferences > 0 ? optFutureEngine(run.pageCount, { references: run.warmupReferences }) : { make: () => new OptMarkersStack(run.pageCount) }),
);
registerOnePass(
  lruKPolicy,
  (trace, params, sizes, warmupRecords, onRecords) => lruKDepthCounters(trace, warmupRecords, params.k, onRecords).counters(sizes),
  (params, run) => ({ make: () => lruKStack(run.pageCount, params.k) }),
);

export * from './onePassRegistry.js';
export { DepthCounters, DepthPass, NOT_IN_STACK, type StackEngine } from './depthCounters.js';
export { LruStack, lruDepthCounters } from './lruCurve.js';
export { PriorityStack } from './priorityStack.js';
export { lruKDepthCounters, optDepthCounters, optPriorityDepthCounters } from './priorityCurves.js';
export { OptCriticalMarkers } from './optCriticalMarkers.js';
export { optMarkersDepthCounters } from './optMarkersCurves.js';
export * from './reuseProfile.js';

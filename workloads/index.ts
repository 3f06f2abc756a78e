/** Sources of raw traces: kVMTrace's reference filter, the synthetic workload generator. */
export * from './referenceFilter.js';
export * from './synthetic/index.js';
export * from './irm.js';
export * from './irm.js';
export * from './demo.js';
export * from './irmStream.js';

/** The merger: kVMTrace raw traces (readers and writers) → reference streams with canonical pages. */
export * from './raw/index.js';

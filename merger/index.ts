/** The merger: kVMTrace raw traces (readers and writers) → reference streams with canonical pages. */
export * from './raw/index.js';
export * from './consumer.js';
export * from './summary.js';
export { WARNING_KINDS, type WarningKind } from './warnings.js';
export { mergeTraces, DEFAULT_WINDOW, type MergeOptions, type MergeProgress } from './merge.js';
export * from './runMerge.js';
export * from './outputs/index.js';

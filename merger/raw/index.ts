export * from './kernelRecords.js';
export * from './kernelText.js';
export * from './kernelReader.js';
export * from './kernelWriter.js';
export * from './referenceRecords.js';
export * from './referenceLayout.js';
export * from './referenceReader.js';
export * from './referenceWriter.js';
export { MAX_EXACT } from './hex.js';

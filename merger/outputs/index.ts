export * from './registry.js';
export * from './loadConsumer.js';
export { streamOutput } from './streamOutput.js';
export { taggedOutput } from './taggedOutput.js';
export { perProcessOutput } from './perProcessOutput.js';
export { perThreadOutput } from './perThreadOutput.js';
export { MANIFEST, type ManifestEntry, type ManifestProcess } from './directoryStreams.js';

/** faultline's public API: everything the CLI does is a function here. */
export * from './traces/index.js';
export * from './policies/index.js';
export * from './simulators/index.js';
export * from './merger/index.js';
export * from './reports/index.js';
export * from './workloads/index.js';
export * from './collector/index.js';
export * from './studies/demo.js';

/** The synthetic workload generator: scenarios, presets, and the raw kVMTrace traces with their truth. */
export { generateWorkload, parseTracingWindows, DEFAULT_FILTER, WORKLOAD_FILES, type FilterSettings, type GenerateOptions, type WorkloadSummary } from './generate.js';
export { parseScenario, validateScenario, scenarioToJson, PATTERNS, PICKS, type Scenario, type Step, type TouchTarget, type FileSpec, type ProgramSpec, type PatternName, type Pick } from './scenario.js';
export { scaleScenario } from './scaleScenario.js';
export { presetScenario, loadScenario, PRESET_NAMES, DEFAULT_SCENARIO } from './presets.js';
export type { TruthCounts } from './truth.js';
export type { TracingWindowSpec } from './machine.js';

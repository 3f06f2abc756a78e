/** The real-program collector: a command traced under valgrind into kVMTrace's raw trace pair. */
export { collectTrace, DEFAULT_QUANTUM, COLLECT_FILES, type CollectOptions, type CollectProgress, type CollectSummary, type TracingControl } from './collect.js';
export { activatorRequest, ACTIVATOR_COMMANDS, ACTIVATOR_SOCKET, type ActivatorCommand, type ActivatorStatus } from './activator.js';
export type { TracingStart } from './collection.js';
export type { TracingSwitch } from './systemModel.js';
export { LogParser, type LogHandler, type CompletedSyscall, type LogStart } from './logParser.js';
export { DebugLog, type StartupMap, type StartupSegment } from './debugLog.js';
export { VALGRIND_OPTIONS } from './valgrind.js';

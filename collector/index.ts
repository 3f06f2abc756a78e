/** The real-program collector: a command traced under valgrind into kVMTrace's raw trace pair. */
export { collectTrace, DEFAULT_QUANTUM, COLLECT_FILES, type CollectOptions, type CollectProgress, type CollectSummary } from './collect.js';
export { LogParser, type LogHandler, type CompletedSyscall, type LogStart } from './logParser.js';
export { DebugLog, type StartupMap, type StartupSegment } from './debugLog.js';
export { VALGRIND_OPTIONS } from './valgrind.js';

/**
 * faultline's public API: everything the CLI does is a function here, grouped by the part of the
 * pipeline it belongs to (docs/api/ is the reference generated from these exports; docs/examples/
 * has runnable scripts). Whatever is not exported here is internal and may change.
 *
 * @packageDocumentation
 */

// Reference streams (traces/): formats, reading and writing, loaded traces, errors, atomic outputs.
export {
  OP_VM_READ, OP_VM_WRITE, OP_FS_READ, OP_FS_WRITE, OP_RELEASE, WRITE_BIT, RELEASE_BIT, KIND_UNKNOWN, KIND_ANON, KIND_FILE, makeCode,
  type Op, type Kind, type StreamFormat,
} from './traces/operations.js';
export { PAGE_SIZE, PAGE_SHIFT, MEMORY_UNITS, parseMemoryAmount } from './traces/memoryAmounts.js';
export { UsageError, InputError, OptionError, PolicyError, isUserError, type UserError } from './traces/errors.js';
export { wholeNumberOption, numberOption } from './traces/optionValues.js';
export { AtomicFile, AtomicDirectory, writeFileAtomic, checkReplaceableDirectory, withOutputLock, removeOutputsOnSignals, removeStaleTemporaries } from './traces/atomicOutput.js';
export { openTraceStream, type TraceStream, type TraceChunk, type StreamInfo, type StreamForm, type OpenOptions } from './traces/streamReader.js';
export { TraceWriter, withTraceWriter, formOfPath, type WriterOptions } from './traces/streamWriter.js';
export { loadTrace, type LoadResult, type LoadOptions } from './traces/loadTrace.js';
export { TraceBuffer, traceFromRecords, type LoadedTrace, type OnFreshMemory, type TraceMeta } from './traces/loadedTrace.js';
export { computeStats, type TraceStats } from './traces/traceStats.js';
export { convertStream, streamAsText, type ConvertOptions, type ConvertResult } from './traces/convertStream.js';
export { PageSet } from './traces/pageSet.js';
export { emptyProcessTable, type ProcessTable, type StreamProcess, type StreamThread } from './traces/taggedFormat.js';

// Importers of other tools' trace formats (traces/importers/).
export { IMPORTERS, openImport, importTrace, SETTINGS, SETTING_NAMES, parseSettingsText } from './traces/importers/index.js';
export type { ImportOptions, ImportedStream, ImportResult, Importer, ImportCounts, GivenSettings, ImportSettings, SettingName } from './traces/importers/index.js';

// The merger (merger/): kVMTrace raw traces → reference streams of canonical pages.
export { runMerge, type MergeRequest } from './merger/runMerge.js';
export { mergeTraces, DEFAULT_WINDOW, type MergeOptions, type MergeProgress } from './merger/merge.js';
export type { MergeSummary, ClassCounts } from './merger/summary.js';
export type { WindowSummary } from './merger/tracingWindows.js';
export { WARNING_KINDS, type WarningKind } from './merger/warnings.js';
export { outputNames, registerOutput, type OutputDefinition } from './merger/outputs/registry.js';
export type * from './merger/consumer.js';
export { KernelTraceWriter, withKernelTraceWriter } from './merger/raw/kernelWriter.js';
export { ReferenceTraceWriter, withReferenceTraceWriter, type ReferenceWriterOptions } from './merger/raw/referenceWriter.js';
export { readKernelRecords } from './merger/raw/kernelReader.js';
export { readReferenceRecords, openReferenceTrace, type ReferenceOpenOptions } from './merger/raw/referenceReader.js';
export type { KernelRecord, UntimedKernelRecord, KernelTag, FileType } from './merger/raw/kernelRecords.js';
export type { ReferenceRecord, ReferenceTag, ReferenceLayout } from './merger/raw/referenceRecords.js';

// Sources of raw traces: the synthetic generator, kVMTrace's reference filter, IRM streams (workloads/),
// and the real-program collector (collector/).
export {
  generateWorkload, DEFAULT_FILTER, WORKLOAD_FILES, parseScenario, validateScenario, scenarioToJson, scaleScenario, presetScenario, loadScenario,
  PRESET_NAMES, DEFAULT_SCENARIO, parseTracingWindows,
  type GenerateOptions, type TracingWindowSpec, type WorkloadSummary, type FilterSettings, type Scenario,
} from './workloads/synthetic/index.js';
export { ReferenceFilter, type ReferenceFilterOptions } from './workloads/referenceFilter.js';
export { parseIrmSpec, irmLabel, irmProbabilities, generateIrmTrace, type IrmSpec } from './workloads/irm.js';
export { writeIrmStream, type IrmStreamSummary } from './workloads/irmStream.js';
export { collectTrace, DEFAULT_QUANTUM, COLLECT_FILES, type CollectOptions, type CollectProgress, type CollectSummary, type TracingControl } from './collector/collect.js';
export { activatorRequest, ACTIVATOR_COMMANDS, type ActivatorCommand, type ActivatorStatus } from './collector/activator.js';
export type { TracingStart } from './collector/collection.js';
export type { TracingSwitch } from './collector/systemModel.js';

// Policies (policies/): the plugin interface, registries, specs, the built-in policies and the data
// structures policy authors may build on.
export type {
  PolicyDefinition, HookPolicyDefinition, PolicyInstance, PolicyHooks, PolicySetup, PolicyCapabilities, MemoryEvents, TraceView,
  ParamSpec, ParamValue, ParamValues,
} from './policies/policy.js';
export { hookPolicy } from './policies/hookPolicy.js';
export { PolicyRegistry, defaultRegistry, registerPolicy, getPolicy, listPolicies, loadPolicyModule, type RegisterOptions } from './policies/registry.js';
export { checkedPolicy, isCheckedPolicy } from './policies/policyChecker.js';
export { makePolicySpec, parsePolicySpec, parsePolicyList, toWire, fromWire, type PolicySpec, type PolicyWire } from './policies/policySpec.js';
export { builtinPolicies } from './policies/builtins.js';
export { PageList } from './policies/structures/pageList.js';
export { ClockQueue } from './policies/structures/clockQueue.js';
export { PageHeap } from './policies/structures/pageHeap.js';
export { SplitList } from './policies/structures/splitList.js';
export { PageRing, HOLE } from './policies/structures/pageRing.js';
export { SplitRing } from './policies/structures/splitRing.js';
export { ListSet } from './policies/structures/listSet.js';
export { ResidentMeter } from './policies/structures/residentMeter.js';
export { nextUseOf, rememberNextUse } from './policies/structures/nextUse.js';

// Simulation (simulators/): runs, fault curves, the run plan, the memory model, costs and results.
export { simulateTrace, summarizeTrace, type SimulateOptions } from './simulators/simulate.js';
export { simulateStreamFile } from './simulators/streamSimulate.js';
export { simulateFile, chooseTracePath, type SimulatedFile, type TracePath, type TracePathChoice } from './simulators/simulateFile.js';
export { computeCurves, defaultWindows } from './simulators/faultCurves.js';
export type { CurveRequest, CurvePoint } from './simulators/curveTypes.js';
export { runPolicy, referencesIn, type RunConfig, type RunOutcome } from './simulators/replayRun.js';
export {
  planRun, planLoadedRun, resolveSizes,
  type RunPlan, type LoadedRunPlan, type PlanOptions, type SizesOption, type TraceFacts,
} from './simulators/runPlan.js';
export { RunTally, type TallyFacts } from './simulators/runTally.js';
export { autoSizes, parseSizes, parseWarmup } from './simulators/memorySizes.js';
export { MemoryModel } from './simulators/memoryModel.js';
export { FramePool } from './simulators/framePool.js';
export { partitionFrames } from './simulators/partition.js';
export { createCostModel, COST_PRESETS, DEFAULT_COST_MODEL, type CostModel, type UnitCosts } from './simulators/costModel.js';
export {
  RESULTS_SCHEMA, COUNTER_NAMES, zeroCounters, addCounters,
  type Results, type RunResult, type ProcessCounters, type RunAllocation, type ResultsProcess, type Counters, type TraceSummary, type RunMethod, type CostEstimate, type CostModelInfo,
} from './simulators/results.js';
export { writeResults, resultsToCsv, processesToCsv, type ResultsPaths } from './simulators/resultsFiles.js';
// Allocation across processes (simulators/allocation/): tagged traces, per-process counters.
export { ALLOCATION_NAMES, parseAllocation, parseAllocationList, runAllocated, type AllocationSpec, type AllocationName, type ChargeRule, type AllocatedOutcome } from './simulators/allocation/index.js';
export { registerOnePass, type LookAhead, type OnePassCurve, type StreamedEngine, type StreamedOnePass, type StreamedRun } from './simulators/onePass/onePassRegistry.js';
export type { StackEngine } from './simulators/onePass/depthCounters.js';
export { chooseCurveMethod, curveCosts, breakEvenSizes, type CurveMethod, type CurveWork } from './simulators/curveEngineChoice.js';
export { lruDepthCounters, lruKDepthCounters, optDepthCounters, lruReuseProfile, missesFromReuse, type ReuseProfile } from './simulators/onePass/index.js';
export { sampleTrace, pageHash, pageOfHash, type SampledTrace } from './simulators/spatialSample.js';
export { shardsCurve, type ShardsOptions, type ShardsCurve } from './simulators/shards.js';

// Reports (reports/): results files → charts and key numbers.
export { readResults, validateResults, writeReport, checkReportRequest, REPORT_INDEX, Y_METRICS, keyNumbers, type ReportSummary, type ReportOptions, type YMetric, type KeyNumbers } from './reports/index.js';

// Studies (studies/): whole pipelines composed.
export { runDemo, DEMO_DIR, type DemoOptions, type DemoResult, type DemoStage } from './studies/demo.js';
export {
  readSpec, planSpecFile, writePlan, readPlan, parseShard, tasksOfShard, runStudy, studyStatus, gatherStudy, gatherTable, tableToCsv, readTable,
  slurmScripts, writeSlurmScripts, submitSlurm,
  type StudySpec, type StudyPolicy, type StudyModel, type StudySummary, type StudyPlan, type StudyTask, type PlannedTrace, type Shard,
  type RunStudyOptions, type RunStudySummary, type RunProgress, type StudyStatus, type StudyTable, type StudyRow, type GatherOptions, type GatherSummary,
  type SlurmOptions, type SlurmFiles,
} from './studies/index.js';

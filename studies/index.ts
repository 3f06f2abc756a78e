/** Studies: many traces × policies × sizes, planned into tasks, run in shards (one machine or Slurm), gathered. */
export { readSpec, parseSpecText, validateSpec, DEFAULT_TASK_SECONDS, type StudySpec, type StudyPolicy, type StudyModel, type StudySummary, type CurveMethod } from './spec.js';
export { planStudy, planSpecFile, writePlan, readPlan, PLAN_FILE, PLAN_SCHEMA, type StudyPlan, type StudyTask, type PlannedTrace, type TaskMethod } from './plan.js';
export { parseShard, tasksOfShard, shardOfTasks, type Shard } from './taskShards.js';
export { runStudy, type RunStudyOptions, type RunStudySummary, type RunProgress } from './runStudy.js';
export { studyStatus, type StudyStatus } from './status.js';
export { gatherStudy, gatherTable, tableToCsv, readTable, TABLE_CSV, TABLE_JSON, TABLE_SCHEMA, type StudyTable, type StudyRow, type GatherOptions, type GatherSummary } from './gather.js';
export { reductionsAt, quantile, type Reduction } from './studyFigures.js';
export { slurmScripts, writeSlurmScripts, submitSlurm, type SlurmOptions, type SlurmFiles } from './slurm.js';
export { RESULT_SCHEMA, type TaskResult, type TaskFailure } from './taskStore.js';

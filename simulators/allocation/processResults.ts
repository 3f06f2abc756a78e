/** The process table and sample positions that results files carry beside per-process counters. */
import type { LoadedTrace } from '../../traces/index.js';
import type { ResultsProcess } from '../results.js';
import { samplePositions } from './processModel.js';
import { requireTags } from './runAllocated.js';

export function processesForResults(trace: LoadedTrace, warmupRecords: number): { processes: ResultsProcess[]; samples: number[] } {
  const { table } = requireTags(trace);
  return {
    processes: table.processes.map((p) => ({ ...p })),
    samples: samplePositions(Math.min(warmupRecords, trace.length), trace.length),
  };
}

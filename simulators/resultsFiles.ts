/** Writes results.json and results.csv (one row per run, every counter) into a folder, atomically. */
import * as path from 'node:path';
import { withOutputLock, writeFileAtomic } from '../traces/atomicOutput.js';
import { COUNTER_NAMES, PROCESS_COUNTER_NAMES, type Results } from './results.js';

export function csvCell(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function resultsToCsv(results: Results): string {
  const header = ['trace', 'policy', 'label', 'mode', 'frames', 'anon_frames', 'file_frames', 'window', 'method', 'sample_rate',
    ...COUNTER_NAMES, 'miss_ratio', 'cost_seconds', 'allocation', 'deactivations'];
  const rows = results.runs.map((r) => [
    results.trace.name,
    r.policy,
    r.label,
    r.mode,
    r.frames,
    r.partition?.anonFrames,
    r.partition?.fileFrames,
    r.window,
    r.method,
    r.sampleRate,
    ...COUNTER_NAMES.map((n) => r.counters[n]),
    r.missRatio,
    r.cost.seconds,
    r.allocation?.label,
    r.deactivations,
  ]);
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}

/** Runs under allocations: one row per (run, process that made references), every per-process counter. */
export function processesToCsv(results: Results): string {
  const header = ['trace', 'policy', 'label', 'allocation', 'frames', 'process', 'process_label', 'pid', 'command', ...PROCESS_COUNTER_NAMES, 'miss_ratio', 'mean_resident', 'share', 'alone_faults'];
  const rows: unknown[][] = [];
  for (const r of results.runs) {
    r.perProcess?.forEach((c, id) => {
      if (c.references === 0 && c.evictions === 0) return;
      const p = results.processes![id]!;
      const mean = c.resident.length ? c.resident.reduce((a, b) => a + b, 0) / c.resident.length : 0;
      rows.push([results.trace.name, r.policy, r.label, r.allocation?.label, r.frames, id, p.label, p.pid, p.command,
        ...PROCESS_COUNTER_NAMES.map((n) => c[n]), c.references ? c.faults / c.references : 0, mean, c.share, c.aloneFaults]);
    });
  }
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}

export interface ResultsPaths {
  json: string;
  csv: string;
  /** Written when runs have per-process counters. */
  processesCsv?: string;
}

export function writeResults(results: Results, dir: string): ResultsPaths {
  const json = path.join(dir, 'results.json');
  const csv = path.join(dir, 'results.csv');
  // Each file is atomic; the lock makes the set atomic: two runs on one folder never mix their files.
  return withOutputLock(dir, () => {
    writeFileAtomic(json, JSON.stringify(results, null, 2) + '\n');
    writeFileAtomic(csv, resultsToCsv(results));
    if (!results.processes) return { json, csv };
    const processesCsv = path.join(dir, 'results-processes.csv');
    writeFileAtomic(processesCsv, processesToCsv(results));
    return { json, csv, processesCsv };
  });
}

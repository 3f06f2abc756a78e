/** Writes results.json and results.csv (one row per run, every counter) into a folder, atomically. */
import * as path from 'node:path';
import { withOutputLock, writeFileAtomic } from '../traces/atomicOutput.js';
import { COUNTER_NAMES, type Results } from './results.js';

export function csvCell(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function resultsToCsv(results: Results): string {
  const header = ['trace', 'policy', 'label', 'mode', 'frames', 'anon_frames', 'file_frames', 'window', 'method', 'sample_rate',
    ...COUNTER_NAMES, 'miss_ratio', 'cost_seconds'];
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
  ]);
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}

export interface ResultsPaths {
  json: string;
  csv: string;
}

export function writeResults(results: Results, dir: string): ResultsPaths {
  const json = path.join(dir, 'results.json');
  const csv = path.join(dir, 'results.csv');
  // Each file is atomic; the lock makes the pair atomic: two runs on one folder never mix their files.
  withOutputLock(dir, () => {
    writeFileAtomic(json, JSON.stringify(results, null, 2) + '\n');
    writeFileAtomic(csv, resultsToCsv(results));
  });
  return { json, csv };
}

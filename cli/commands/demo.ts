import type { Results } from '../../simulators/index.js';
import type { DemoResult } from '../../studies/demo.js';
import { DEMO_DIR } from '../../studies/demoDir.js';
import { DEFAULT_SCENARIO, PRESET_NAMES } from '../../workloads/synthetic/index.js';
import { faultsTable } from './simulate.js';
import { commandLine } from '../commandLine.js';
import { RECORDS, workProgress } from '../taskProgress.js';
import { formatNumber, formatTable, writeOut } from '../stdout.js';
import type { Command } from '../command.js';

interface DemoArgs {
  output: string;
  scenario: string;
  seed: number;
  scale: number;
  jobs?: number;
  json: boolean;
  quiet: boolean;
}

/** Fractions of the footprint the table shows (the nearest simulated sizes). */
const TABLE_FRACTIONS = [0.02, 0.05, 0.1, 0.25, 0.5];

/** Faults of every fixed-space policy at a few memory sizes, fewest at the middle size first. */
export function demoTable(results: Results): string {
  const footprint = results.trace.pages;
  const sizes = [...new Set(TABLE_FRACTIONS.map((f) => results.sizes.reduce((best, s) => (Math.abs(s - f * footprint) < Math.abs(best - f * footprint) ? s : best))))];
  const runs = results.runs.filter((r) => r.mode === 'unified' && r.window === undefined);
  const labels = [...new Set(runs.map((r) => r.label))];
  const faults = (label: string, frames: number): number | undefined => runs.find((r) => r.label === label && r.frames === frames)?.counters.faults;
  const middle = sizes[Math.floor(sizes.length / 2)]!;
  labels.sort((a, b) => (faults(a, middle) ?? Infinity) - (faults(b, middle) ?? Infinity));
  const header = ['faults at', ...sizes.map((s) => `${formatNumber(s)} pages (${Math.round((100 * s) / footprint)}%)`)];
  const rows = labels.map((l) => [l, ...sizes.map((s) => faults(l, s) ?? '')]);
  return formatTable([header, ...rows, ['compulsory floor', ...sizes.map(() => results.compulsoryFloor)]]);
}

function summary(d: DemoResult): string {
  const w = d.workload;
  const t = d.results.trace;
  let out = `${w.scenario} workload, seed ${w.seed}: ${formatNumber(w.processes)} processes, ${formatNumber(w.threads)} threads, ${formatNumber(w.rawReferences)} user references\n`;
  out += `merged: ${formatNumber(t.references)} references (${formatNumber(w.referenceRecords)} reference records + read()/write() pages), ${formatNumber(t.pages)} pages (${formatNumber(t.anonPages)} anonymous, ${formatNumber(t.filePages)} file), ${formatNumber(t.releases)} releases\n\n`;
  out += demoTable(d.results);
  out += `\nlocal against global allocation (lru, faults of the whole system per allocation):\n`;
  out += faultsTable(d.allocation.results);
  out += `\nfiles:\n`;
  out += formatTable([
    ['  raw traces', d.files.workload],
    ['  merged stream', d.files.stream],
    ['  results', `${d.files.results}, ${d.files.csv}`],
    ['  report', `${d.files.report}/index.md (${d.report.figures.length} charts)`],
    ['  local vs global', `${d.files.allocation}/ (results-processes.csv, report/ with ${d.allocation.report.figures.length} charts)`],
  ]);
  return out;
}

export const demoCommand: Command<DemoArgs> = {
  options: {
    output: { type: 'string', alias: 'o', default: DEMO_DIR, describe: 'output directory (replaces an earlier demo output only)' },
    scenario: { type: 'string', default: DEFAULT_SCENARIO, describe: `a preset (${PRESET_NAMES.join(', ')}) or a scenario JSON file` },
    seed: { type: 'number', default: 1, describe: 'random seed of the workload' },
    scale: { type: 'number', default: 1, describe: 'scale of the scenario (work and sizes)' },
    jobs: { type: 'number', alias: 'j', describe: 'worker threads for the simulations (default: the number of cores)' },
    json: { type: 'boolean', default: false, describe: 'print results.json on stdout instead of the table' },
    quiet: { type: 'boolean', alias: 'q', default: false, describe: 'no progress on stderr' },
  },
  examples: [
    ['faultline demo', 'everything into ./faultline-out/'],
    ['faultline demo --scenario database --seed 2 -o db-demo/', 'another preset and seed'],
  ],
  run: async (args) => {
    const tty = !args.quiet && process.stderr.isTTY === true;
    const progress = workProgress('simulating', args.quiet, RECORDS);
    const { runDemo } = await import('../../studies/demo.js');
    const d = await runDemo({
      outDir: args.output,
      scenario: args.scenario,
      seed: args.seed,
      scale: args.scale,
      jobs: args.jobs,
      command: commandLine(process.argv.slice(2)),
      onStage: tty ? (stage, detail) => process.stderr.write(`\r\x1b[K${stage}: ${detail}\n`) : undefined,
      onProgress: progress.report,
    });
    progress.done();
    await writeOut(args.json ? JSON.stringify(d.results, null, 2) + '\n' : summary(d));
  },
};

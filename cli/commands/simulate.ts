// Parts, not the root index: the CLI starts without loading the chart libraries (reports load on demand).
import { PolicyRegistry, parsePolicyList } from '../../policies/index.js';
import { parseAllocationList } from '../../simulators/allocation/index.js';
import { simulateFile, writeResults, type Results, type SimulateOptions } from '../../simulators/index.js';
import { UsageError } from '../../traces/index.js';
import { figureOptions, reportOptionsOf, withFlagPrefix } from '../reportArgs.js';
import { commandLine } from '../commandLine.js';
import { RECORDS, workProgress } from '../taskProgress.js';
import { formatNumber, formatTable, writeOut } from '../stdout.js';
import type { Command } from '../command.js';

interface SimulateArgs {
  trace?: string;
  policies: string[];
  sizes: string[];
  warmup: string;
  cost: string;
  partition: number[];
  unified: boolean;
  jobs?: number;
  'per-size': boolean;
  'one-pass': boolean;
  sample?: number;
  shards?: number;
  'shards-size'?: number;
  stream: boolean;
  'policy-module': string[];
  seed: number;
  windows?: string;
  output?: string;
  report?: string;
  json: boolean;
  [figureOption: `report-${string}`]: unknown;
  quiet: boolean;
  'list-policies': boolean;
  allocation: string[];
  fairness: boolean;
}

export const DEFAULT_POLICIES = 'lru,fifo,clock,opt';

/** Policies that can replay a streamed trace: not those that need the future or vary their memory. */
function streamable(registry: PolicyRegistry, name: string): boolean {
  const caps = registry.get(name).capabilities;
  return !caps?.needsFuture && !caps?.variableSpace;
}

function policyCatalogue(registry: PolicyRegistry): string {
  const rows: string[][] = [['policy', 'parameters (default)', 'summary']];
  for (const def of registry.list()) {
    const params = def.params.map((p) => `${p.name}=${p.default === Infinity ? 'inf' : p.default}`).join(' ') || '-';
    rows.push([def.name, params, def.summary]);
  }
  return formatTable(rows);
}

/** A faults table for people: one row per memory size, one column per policy configuration. */
export function faultsTable(results: Results): string {
  const fixed = results.runs.filter((r) => r.window === undefined);
  const key = (r: Results['runs'][number]): string =>
    r.partition ? `${r.label} [${r.partition.anonShare * 100}% anon]` : r.allocation ? `${r.label} ${r.allocation.label}` : r.label;
  const columns = [...new Set(fixed.map(key))];
  const columnOf = new Map(fixed.map((r) => [r, columns.indexOf(key(r))] as const));
  const rows: (string | number)[][] = [['frames', ...columns]];
  for (const size of results.sizes) {
    const row: (string | number)[] = [String(size), ...columns.map(() => '')];
    for (const r of fixed) if (r.frames === size) row[1 + columnOf.get(r)!] = r.counters.faults;
    rows.push(row);
  }
  const head = `faults (${results.trace.name}: ${formatNumber(results.trace.references)} references, ${formatNumber(results.trace.pages)} pages; compulsory floor ${formatNumber(results.compulsoryFloor)})\n`;
  return (fixed.length ? head + formatTable(rows) : head) + variableSpaceTable(results);
}

/** Variable-space runs (WS, VMIN) have no memory size of their own: one row per window τ, the faults and the mean resident pages they gave. */
function variableSpaceTable(results: Results): string {
  const runs = results.runs.filter((r) => r.window !== undefined);
  if (!runs.length) return '';
  const labels = [...new Set(runs.map((r) => r.label))];
  const windows = [...new Set(runs.map((r) => r.window!))].sort((a, b) => a - b);
  const rows: (string | number)[][] = [['window', ...labels.flatMap((l) => [`${l} faults`, 'mean resident'])]];
  for (const w of windows) {
    const row: (string | number)[] = [String(w)];
    for (const l of labels) {
      const r = runs.find((x) => x.window === w && x.label === l);
      row.push(r ? r.counters.faults : '', r ? r.frames.toFixed(1) : '');
    }
    rows.push(row);
  }
  return `${results.runs.length > runs.length ? '\n' : ''}variable-space runs (faults, and the mean resident pages each window gave)\n` + formatTable(rows);
}

export const simulateCommand: Command<SimulateArgs> = {
  positionals: [{ name: 'trace', describe: 'reference stream (any form), or FORMAT:FILE' }],
  options: {
    policies: { type: 'string', alias: 'p', array: true, default: [DEFAULT_POLICIES], describe: 'policies, comma-separated, with parameters as NAME:PARAM=VALUE (e.g. clock:refOnInsert=0); "all" for every registered policy' },
    sizes: { type: 'string', alias: 's', array: true, default: ['auto'], describe: 'memory sizes: frames, A:B:STEP, fractions of the footprint (0.1, 10%), amounts (64MiB), or auto' },
    warmup: { type: 'string', default: '0', describe: 'references replayed before counting: a number or a fraction (0.1, 10%)' },
    cost: { type: 'string', default: 'ssd', describe: 'cost model: hdd, ssd, nvme, or an expression with units, e.g. "file_faults * 4ms + writebacks * 4ms"' },
    partition: { type: 'number', array: true, default: [], describe: 'also run partitioned: anonymous share of memory per run (e.g. --partition 0.25 0.5)' },
    unified: { type: 'boolean', default: true, describe: 'run the unified model (--no-unified with --partition for partitioned runs only)' },
    jobs: { type: 'number', alias: 'j', describe: 'worker threads for per-size replays (default: the number of cores)' },
    'per-size': { type: 'boolean', default: false, describe: 'replay every size even for stack algorithms (default: whichever of one pass and replays is estimated faster)' },
    'one-pass': { type: 'boolean', default: false, describe: 'one-pass curves for every stack algorithm (LRU, OPT, LRU-K), whatever the estimate' },
    sample: { type: 'number', describe: 'approximate: miniature simulation of the pages whose hash falls under RATE (0-1), memory scaled by RATE (any policy)' },
    shards: { type: 'number', describe: 'approximate LRU curve by SHARDS at sampling rate RATE (0-1)' },
    'shards-size': { type: 'number', describe: 'approximate LRU curve by fixed-size SHARDS tracking at most N sampled pages' },
    stream: { type: 'boolean', default: false, describe: "stream the trace from disk instead of loading it (OPT replayed per size only from a plain binary file, its next uses read backward first, else as a one-pass curve, which with releases or a warm-up reads the stream twice). Without it, a binary stream that declares its counts streams anyway for one replay (OPT's from a plain file), LRU's, LRU-K's and OPT's one-pass curves (OPT's without releases or warm-up), or when the loaded trace would not fit in half the memory" },
    'policy-module': { type: 'string', array: true, default: [], describe: 'load policies from a JavaScript module (see docs/adding-a-policy.md)' },
    seed: { type: 'number', default: 1, describe: 'seed for randomised policies' },
    windows: { type: 'string', describe: 'windows τ for variable-space policies, comma-separated (default: log-spaced)' },
    output: { type: 'string', alias: ['o', 'out'], describe: 'folder for results.json and results.csv' },
    json: { type: 'boolean', default: false, describe: 'print results.json on stdout instead of the table' },
    quiet: { type: 'boolean', alias: 'q', default: false, describe: 'no progress on stderr' },
    allocation: { type: 'string', array: true, default: [], describe: 'allocations across processes (tagged streams), comma-separated: global, equal, proportional[:weight.LABEL=W], ws[:window=N], pff[:threshold=N], each with :charge=loader|first; adds per-process counters' },
    fairness: { type: 'boolean', default: true, describe: 'with --allocation: also run each process alone at its share of memory (the fairness baseline; one more replay per run)' },
    'list-policies': { type: 'boolean', default: false, describe: 'list the policies and their parameters, then exit' },
    report: { type: 'string', describe: 'also draw the report (faultline report) into this folder; the report options below shape it', group: 'Report options' },
    ...figureOptions('report-', 'Report options'),
  },
  examples: [
    ['faultline simulate trace.bin.gz -p lru,clock,opt -s auto -o out/ --report out/report/', 'fault curves of three policies, with charts'],
    ['faultline simulate tagged.bin -p lru --allocation global,equal,ws:window=5000 -o out/', 'local vs global allocation, per-process counters'],
    ['faultline simulate trace.bin -p clock:refOnInsert=0 -s 64MiB,128MiB --warmup 10%', 'two sizes, libCacheSim-style CLOCK, 10% warm-up'],
  ],
  run: async (args) => {
    const registry = PolicyRegistry.withBuiltins();
    for (const m of args['policy-module']) await registry.loadModule(m);
    if (args['list-policies']) {
      await writeOut(policyCatalogue(registry));
      return;
    }
    if (!args.trace) throw new UsageError('name a reference stream to simulate (faultline simulate --help)');
    const all = args.policies.some((p) => p.split(',').includes('all'));
    const policies = all ? registry.list().map((d) => d.name) : args.policies;
    const options: SimulateOptions = {
      policies: parsePolicyList(all && args.stream ? policies.filter((n) => streamable(registry, n)) : policies, registry),
      sizes: args.sizes,
      warmup: args.warmup,
      cost: args.cost,
      partitions: args.partition,
      unified: args.unified,
      jobs: args.jobs,
      perSize: args['per-size'],
      onePass: args['one-pass'],
      sample: args.sample,
      shards: args.shards !== undefined || args['shards-size'] !== undefined ? { rate: args.shards ?? 1, maxPages: args['shards-size'] } : undefined,
      seed: args.seed,
      windows: args.windows?.split(',').map(Number),
      allocations: parseAllocationList(args.allocation),
      noFairness: !args.fairness,
      file: args.trace,
      command: commandLine(process.argv.slice(2)),
    };
    const reportDir = args.report;
    const reportOptions = reportDir ? reportOptionsOf(args as unknown as Record<string, unknown>, 'report-') : undefined;
    if (reportDir) {
      // A report that would be refused is refused before the simulation, not after it.
      const { checkReportRequest } = await import('../../reports/index.js');
      withFlagPrefix('report-', () => checkReportRequest(reportDir, reportOptions));
    }
    const progress = workProgress('simulate', args.quiet, RECORDS);
    options.onProgress = progress.report;
    const { results, renumbered } = await simulateFile(args.trace, options, args.stream ? 'stream' : undefined);
    progress.done();
    if (renumbered && !args.quiet) process.stderr.write(`faultline: note: ${args.trace}: pages renumbered densely in first-appearance order\n`);
    if (args.output) {
      const paths = writeResults(results, args.output);
      if (!args.quiet) process.stderr.write(`wrote ${paths.json} and ${paths.csv}${paths.processesCsv ? ` and ${paths.processesCsv}` : ''}\n`);
    }
    if (reportDir) {
      const { writeReport } = await import('../../reports/index.js');
      const report = withFlagPrefix('report-', () => writeReport(results, reportDir, reportOptions));
      if (!args.quiet) process.stderr.write(`wrote ${report.figures.length} figures, index.md and index.html to ${report.dir}\n`);
    }
    await writeOut(args.json ? JSON.stringify(results, null, 2) + '\n' : faultsTable(results));
  },
};

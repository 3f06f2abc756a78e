import { UsageError } from '../../traces/index.js';
import { writeIrmStream } from '../../workloads/irmStream.js';
import { DEFAULT_FILTER, DEFAULT_SCENARIO, PRESET_NAMES, generateWorkload, loadScenario, parseTracingWindows, type WorkloadSummary } from '../../workloads/synthetic/index.js';
import { formatNumber, formatTable, writeOut } from '../stdout.js';
import type { Command } from '../command.js';

interface SynthArgs {
  output: string;
  scenario: string;
  seed: number;
  scale: number;
  filter: boolean;
  segment0: number;
  segment1: number;
  'filter-policy': 'fifo' | 'clock';
  layout: 'i386' | 'x86_64' | 'text';
  irm?: string;
  length?: number;
  windows?: string;
  json: boolean;
  quiet: boolean;
}

function formatWorkload(w: WorkloadSummary): string {
  const filter = w.filter ? `${w.filter.segment0} + ${w.filter.segment1} entries, segment 1 ${w.filter.policy}` : 'off (every reference is a record)';
  let out = `${w.scenario} workload (seed ${w.seed}, scale ${w.scale}) in ${w.files.dir}\n\n`;
  out += formatTable([
    ['processes', w.processes],
    ['threads (tasks)', w.threads],
    ['user references', w.rawReferences],
    ['kernel events', w.kernelRecords],
    ['reference records', w.referenceRecords],
    ['reference filter', filter],
    ['merge window needed', w.requiredWindow],
    ...(w.windows.length ? [['tracing windows', w.windows.map((x) => `${x.start}:${x.end ?? ''}`).join(',')]] : []),
    ['expected references', w.expected.references],
    ['expected releases', w.expected.releases],
    ['canonical pages', `${formatNumber(w.expected.pages)} (${formatNumber(w.expected.anonPages)} anonymous, ${formatNumber(w.expected.filePages)} file)`],
  ]);
  out += `\nmerge: faultline merge ${w.files.kernel} ${w.files.references} -o merged.bin.gz --releases${w.requiredWindow > 4096 ? ` --window ${w.requiredWindow}` : ''}\n`;
  return out;
}

export const synthCommand: Command<SynthArgs> = {
  options: {
    output: { type: 'string', alias: 'o', required: true, describe: 'directory for the workload (DIR/), or the stream file with --irm' },
    scenario: { type: 'string', default: DEFAULT_SCENARIO, describe: `a preset (${PRESET_NAMES.join(', ')}) or a scenario JSON file (docs/workloads.md)` },
    seed: { type: 'number', default: 1, describe: 'random seed: the same seed gives the same files' },
    scale: { type: 'number', default: 1, describe: 'multiply the amount of work and the sizes of files, memory and segments' },
    filter: { type: 'boolean', default: true, describe: "emulate kVMTrace's reference filter (--no-filter: every reference is a record)" },
    segment0: { type: 'number', default: DEFAULT_FILTER.segment0, describe: "entries of the filter's FIFO segment 0" },
    segment1: { type: 'number', default: DEFAULT_FILTER.segment1, describe: "entries of the filter's segment 1" },
    'filter-policy': { type: 'string', choices: ['fifo', 'clock'], default: DEFAULT_FILTER.policy, describe: 'segment 1 replacement (clock emits records out of order: see the window needed)' },
    layout: { type: 'string', choices: ['i386', 'x86_64', 'text'], default: 'i386', describe: 'reference-record layout' },
    irm: { type: 'string', describe: 'write an Independent Reference Model stream instead: uniform, two-pool, 80-20 or zipf, with :KEY=VALUE parameters' },
    length: { type: 'number', describe: 'references of the --irm stream' },
    windows: { type: 'string', describe: 'trace references only in these windows of user references, START:END,… (END empty: to the end); kernel events throughout' },
    json: { type: 'boolean', default: false, describe: 'print the summary as JSON' },
    quiet: { type: 'boolean', alias: 'q', default: false, describe: 'no progress on stderr' },
  },
  examples: [
    ['faultline synth --scenario mixed --seed 1 -o work/', 'the mixed preset: work/kernel.gz, work/refs.gz, work/expected.bin.gz, work/scenario.json'],
    ['faultline synth --scenario my.json --scale 0.1 --filter-policy clock -o small/', 'your own scenario, smaller, with a CLOCK filter'],
    ['faultline synth --irm zipf:n=10000:s=0.9 --length 1000000 --seed 3 -o zipf.bin', 'an IRM stream'],
  ],
  run: async (args) => {
    if (args.irm !== undefined) {
      if (args.length === undefined) throw new UsageError('--irm needs --length N (references to generate)');
      const s = await writeIrmStream(args.irm, args.length, args.seed, args.output);
      await writeOut(args.json ? JSON.stringify(s, null, 2) + '\n' : `${s.output}: ${formatNumber(s.references)} references over ${formatNumber(s.pages)} pages (${s.spec}, seed ${args.seed})\n`);
      return;
    }
    if (args.length !== undefined) throw new UsageError('--length goes with --irm');
    const progress = !args.quiet && process.stderr.isTTY === true;
    const w = await generateWorkload(loadScenario(args.scenario), {
      outDir: args.output,
      seed: args.seed,
      scale: args.scale,
      layout: args.layout,
      filter: args.filter ? { segment0: args.segment0, segment1: args.segment1, policy: args['filter-policy'] } : false,
      source: args.scenario,
      windows: args.windows === undefined ? undefined : parseTracingWindows(args.windows),
      onProgress: progress ? (n) => process.stderr.write(`\rgenerating: ${formatNumber(n)} references\x1b[K`) : undefined,
    });
    if (progress) process.stderr.write('\r\x1b[K');
    await writeOut(args.json ? JSON.stringify(w, null, 2) + '\n' : formatWorkload(w));
  },
};

import type { Argv, CommandModule } from 'yargs';
import { DEFAULT_QUANTUM, collectTrace, type CollectSummary } from '../../collector/index.js';
import { DEFAULT_FILTER } from '../../workloads/synthetic/index.js';
import { formatNumber, formatTable, writeOut } from '../stdout.js';

interface CollectArgs {
  output: string;
  instructions: boolean;
  filter: boolean;
  segment0: number;
  segment1: number;
  'filter-policy': 'fifo' | 'clock';
  quantum: number;
  valgrind: string;
  level: number;
  json: boolean;
  quiet: boolean;
  '--'?: string[];
}

function formatCollect(s: CollectSummary): string {
  const filter = s.filter ? `${s.filter.segment0} + ${s.filter.segment1} entries, segment 1 ${s.filter.policy}` : 'off (every reference is a record)';
  const ended = s.signal ? `killed by ${s.signal}` : `exit status ${s.exitCode}`;
  let out = `collected ${s.command.join(' ')} (${ended}) in ${s.output} (${formatNumber(Math.round(s.seconds * 10) / 10)} s)\n\n`;
  out += formatTable([
    ['processes', s.processes],
    ['threads (tasks)', s.threads],
    ['page references', s.references],
    ['  in the trace', s.tracedReferences],
    ["  left out: valgrind's pages", s.leftOut.valgrindPages],
    ['  left out: outside any mapping', s.leftOut.outsideMappings + s.leftOut.beyondUserSpace],
    ['copy-on-write breaks', s.copyOnWrite],
    ['kernel events', s.kernelRecords],
    ['reference records', s.referenceRecords],
    ['reference filter', filter],
    ['order', `round robin, ${formatNumber(s.order.quantum)} page references per turn`],
  ]);
  out += `\nmerge: faultline merge ${s.output}/${s.files.kernel} ${s.output}/${s.files.references} -o merged.bin.gz${s.mergeWindow > 4096 ? ` --window ${s.mergeWindow}` : ''}\n`;
  return out;
}

export const collectCommand: CommandModule<object, CollectArgs> = {
  command: 'collect',
  describe: "Trace a real program (and its children) under valgrind into kVMTrace's raw traces",
  builder: (y) =>
    (y as Argv<object>)
      // The traced command's arguments after -- are passed on exactly as given.
      .parserConfiguration({ 'populate--': true, 'parse-positional-numbers': false })
      .usage('$0 collect -o DIR [options] -- COMMAND [ARGS…]')
      .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'directory for kernel.gz, refs.gz and collect.json (replaced only by a new collect output)' })
      .option('instructions', { type: 'boolean', default: true, describe: 'record instruction fetches (--no-instructions: data references only)' })
      .option('filter', { type: 'boolean', default: true, describe: "emulate kVMTrace's reference filter (--no-filter: every reference is a record)" })
      .option('segment0', { type: 'number', default: DEFAULT_FILTER.segment0, describe: "entries of the filter's FIFO segment 0" })
      .option('segment1', { type: 'number', default: DEFAULT_FILTER.segment1, describe: "entries of the filter's segment 1" })
      .option('filter-policy', { choices: ['fifo', 'clock'] as const, default: DEFAULT_FILTER.policy, describe: 'segment 1 replacement (clock emits records out of order: see the merge window)' })
      .option('quantum', { type: 'number', default: DEFAULT_QUANTUM, describe: 'page references each process runs per turn of the round robin between processes' })
      .option('valgrind', { type: 'string', default: 'valgrind', describe: 'the valgrind executable' })
      .option('level', { type: 'number', default: 6, describe: 'gzip level of the outputs (1 fast … 9 small)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no progress on stderr' })
      .example('$0 collect -o sort-trace/ -- sort data.txt', 'trace sort: sort-trace/kernel.gz, sort-trace/refs.gz, sort-trace/collect.json')
      .example("$0 collect -o pipe/ --no-instructions -- sh -c 'sort data.txt | gzip > out.gz'", 'a pipeline (every process is traced), data references only')
      .example('$0 merge sort-trace/kernel.gz sort-trace/refs.gz -o sort.bin.gz', 'then merge it into a reference stream') as unknown as Argv<CollectArgs>,
  handler: async (args) => {
    const progress = !args.quiet && process.stderr.isTTY === true;
    const summary = await collectTrace({
      output: args.output,
      command: args['--'] ?? [],
      instructions: args.instructions,
      filter: args.filter ? { segment0: args.segment0, segment1: args.segment1, policy: args['filter-policy'] } : false,
      quantum: args.quantum,
      valgrind: args.valgrind,
      level: args.level,
      onProgress: progress ? (p) => process.stderr.write(`\rcollecting: ${formatNumber(p.references)} page references, ${formatNumber(p.processes)} processes\x1b[K`) : undefined,
    });
    if (progress) process.stderr.write('\r\x1b[K');
    await writeOut(args.json ? JSON.stringify(summary, null, 2) + '\n' : formatCollect(summary));
  },
};

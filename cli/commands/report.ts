import type { CommandModule } from 'yargs';
import { Y_METRICS, type YMetric } from '../../reports/yMetrics.js';
import { writeOut } from '../stdout.js';

interface ReportArgs {
  results: string;
  output: string;
  y: string;
  'log-x'?: boolean;
  at?: string;
  width: number;
  height: number;
  json: boolean;
  quiet: boolean;
}

export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <results>',
  describe: 'Draw a results file as PNG charts (fault curve, breakdown, write-backs, paging time, partitioned vs unified) with an index.md',
  builder: (y) =>
    y
      .positional('results', { type: 'string', demandOption: true, describe: 'results.json written by faultline simulate' })
      .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'directory to write (replaced whole; it must be new or an earlier report)' })
      // Checked by the library rather than by yargs' `choices`, whose error spans several lines.
      .option('y', { type: 'string', default: 'faults', describe: `y axis of the fault curve and breakdown: ${Y_METRICS.join(' or ')}` })
      .option('log-x', { type: 'boolean', describe: 'logarithmic memory axis (default: when the sizes span a factor of 100 or more; --no-log-x for linear)' })
      .option('at', { type: 'string', describe: 'memory sizes of the fault breakdown: pages or amounts, comma-separated (default: three spread over the curve)' })
      .option('width', { type: 'number', default: 1600, describe: 'chart width in pixels' })
      .option('height', { type: 'number', default: 1000, describe: 'chart height in pixels' })
      .option('json', { type: 'boolean', default: false, describe: 'print the figures and key numbers as JSON' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'print nothing on success' })
      .example('$0 report out/results.json -o out/report --log-x --at 256,4MiB', 'charts with a log memory axis, breakdown at two sizes'),
  handler: async (args) => {
    // Loaded on demand: the chart libraries cost every other command's start-up otherwise.
    const { readResults, writeReport } = await import('../../reports/index.js');
    const results = readResults(args.results);
    const summary = writeReport(results, args.output, {
      y: args.y as YMetric,
      logX: args['log-x'],
      at: args.at?.split(',').filter((s) => s.trim() !== ''),
      width: args.width,
      height: args.height,
    });
    if (args.json) await writeOut(JSON.stringify(summary, null, 2) + '\n');
    else if (!args.quiet) process.stderr.write(`${args.output}: ${summary.figures.length} figures and index.md\n`);
  },
};

import type { CommandModule } from 'yargs';
import { readResults, writeReport } from '../../reports/index.js';
import { figureOptions, reportOptionsOf, type FigureArgs } from '../reportArgs.js';
import { writeOut } from '../stdout.js';

interface ReportArgs extends FigureArgs {
  results: string;
  output: string;
  json: boolean;
  quiet: boolean;
}

export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <results>',
  describe: 'Draw a results file as figures (PNG, SVG, PDF: fault curve, breakdown, write-backs, paging time, partitioned vs unified) with index.md and an interactive index.html',
  builder: (y) =>
    figureOptions(
      y
        .positional('results', { type: 'string', demandOption: true, describe: 'results.json written by faultline simulate' })
        .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'directory to write (replaced whole; it must be new or an earlier report)' }),
    )
      .option('json', { type: 'boolean', default: false, describe: 'print the figures and key numbers as JSON' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'print nothing on success' })
      .example('$0 report out/results.json -o out/report --log-x --at 256,4MiB', 'charts with a log memory axis, breakdown at two sizes')
      .example('$0 report out/results.json -o out/paper --preset column --format pdf,svg --label lru-k=LRU-2 --log-y', 'column-width vector figures for a paper') as never,
  handler: async (args) => {
    const results = readResults(args.results);
    const summary = writeReport(results, args.output, reportOptionsOf(args as unknown as Record<string, unknown>));
    if (args.json) await writeOut(JSON.stringify(summary, null, 2) + '\n');
    else if (!args.quiet) process.stderr.write(`${args.output}: ${summary.figures.length} figures, index.md and index.html\n`);
  },
};

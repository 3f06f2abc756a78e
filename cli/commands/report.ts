import { figureOptions, reportOptionsOf, type FigureArgs } from '../reportArgs.js';
import { writeOut } from '../stdout.js';
import type { Command } from '../command.js';

interface ReportArgs extends FigureArgs {
  results: string;
  output: string;
  json: boolean;
  quiet: boolean;
}

export const reportCommand: Command<ReportArgs> = {
  positionals: [{ name: 'results', required: true, describe: 'results.json written by faultline simulate' }],
  options: {
    output: { type: 'string', alias: 'o', required: true, describe: 'directory to write (replaced whole; it must be new or an earlier report)' },
    json: { type: 'boolean', default: false, describe: 'print the figures and key numbers as JSON' },
    quiet: { type: 'boolean', alias: 'q', default: false, describe: 'print nothing on success' },
    ...figureOptions('', 'Figure options'),
  },
  examples: [
    ['faultline report out/results.json -o out/report --log-x --at 256,4MiB', 'charts with a log memory axis, breakdown at two sizes'],
    ['faultline report out/results.json -o out/paper --preset column --format pdf,svg --label lru-k=LRU-2 --log-y', 'column-width vector figures for a paper'],
  ],
  run: async (args) => {
    // The charts (chart.js, the canvas) load when a report is drawn, not for --help.
    const { readResults, writeReport } = await import('../../reports/index.js');
    const results = readResults(args.results);
    const summary = writeReport(results, args.output, reportOptionsOf(args as unknown as Record<string, unknown>));
    if (args.json) await writeOut(JSON.stringify(summary, null, 2) + '\n');
    else if (!args.quiet) process.stderr.write(`${args.output}: ${summary.figures.length} figures, index.md and index.html\n`);
  },
};

import { computeStats, openTraceStream, type TraceStats } from '../../traces/index.js';
import { formatNumber, formatTable, writeOut } from '../stdout.js';
import type { Command } from '../command.js';

interface StatsArgs {
  stream: string;
  json: boolean;
}

function statsTable(s: TraceStats): string {
  const title = `${s.file}: ${s.tagged ? 'tagged (basic-named, process and thread per record)' : s.format} stream, ${s.form}${s.gzip ? ' (gzip)' : ''}, page size ${s.pageSize} B\n`;
  const rows: (string | number)[][] = [
    ['references', s.references],
    ['distinct pages', s.distinctPages],
    ['footprint', `${formatNumber(s.footprintKiB)} KiB`],
    ['VM reads', s.vmReads],
    ['VM writes', s.vmWrites],
    ['FS reads', s.fsReads],
    ['FS writes', s.fsWrites],
  ];
  if (s.format === 'basic-named') {
    rows.push(['anonymous references', s.anonReferences], ['file references', s.fileReferences]);
    rows.push(['anonymous pages', s.anonPages], ['file pages', s.filePages]);
  }
  rows.push(['releases', s.releases]);
  if (s.processes !== undefined) rows.push(['processes', s.processes], ['threads', s.threads!]);
  if (!s.dense) rows.push(['note', 'pages are not dense in first-appearance order']);
  return title + formatTable(rows.map(([k, v]) => [String(k), typeof v === 'number' ? v : String(v)]));
}

export const statsCommand: Command<StatsArgs> = {
  positionals: [{ name: 'stream', required: true, describe: 'stream file, or FORMAT:FILE' }],
  options: {
    json: { type: 'boolean', default: false, describe: 'print a JSON object instead of a table' },
  },
  examples: [['faultline stats trace.bin.gz --json', 'machine-readable summary']],
  run: async (args) => {
    const stats = await computeStats(await openTraceStream(args.stream));
    await writeOut(args.json ? JSON.stringify(stats, null, 2) + '\n' : statsTable(stats));
  },
};

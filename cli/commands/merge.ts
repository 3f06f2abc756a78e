import { DEFAULT_WINDOW, WARNING_KINDS, outputNames, runMerge, type ClassCounts, type MergeProgress, type MergeRequest, type MergeSummary, type WarningKind, type WindowSummary } from '../../merger/index.js';
import { formatNumber, formatTable, writeOut } from '../stdout.js';
import { BYTES, workProgress } from '../taskProgress.js';
import type { Command, OptionSpec } from '../command.js';

/** The options `merge` and `run-merger` share. */
export interface MergeCommonArgs {
  output?: string;
  releases: boolean;
  window: number;
  layout: 'auto' | 'i386' | 'x86_64' | 'text';
  strict: boolean;
  json: boolean;
  quiet: boolean;
  suffix: string;
  consumer?: string[];
}

export const MERGE_OPTIONS: Record<string, OptionSpec> = {
  releases: { type: 'boolean', default: false, describe: 'write release records (x PAGE) when pages die' },
  window: { type: 'number', default: DEFAULT_WINDOW, describe: 'reference records that may arrive out of cycle order' },
  layout: { type: 'string', choices: ['auto', 'i386', 'x86_64', 'text'], default: 'auto', describe: 'reference-trace layout (auto: detected, see docs/raw-formats.md)' },
  strict: { type: 'boolean', default: false, describe: 'make every warning (unmapped page, unknown context, …) an error' },
  suffix: { type: 'string', default: '.bin', describe: 'file ending of the streams of directory outputs (.bin, .txt, .bin.gz, .txt.gz)' },
  consumer: { type: 'string', array: true, describe: 'also feed the merge to a consumer module (docs/merger.md); repeatable' },
  json: { type: 'boolean', default: false, describe: 'print the summary as JSON' },
  quiet: { type: 'boolean', alias: 'q', default: false, describe: 'no progress on stderr' },
};

const classRow = (name: string, c: ClassCounts): (string | number)[] => [name, c.anonymous, c.file, c.sharedMemory, c.anonymous + c.file + c.sharedMemory];

/** The summary as tables for people. */
export function formatMergeSummary(s: MergeSummary): string {
  const r = s.references;
  let out = `merged ${s.kernelFile} + ${s.referenceFile} (${s.layout} layout, window ${formatNumber(s.window)})\n\n`;
  out += formatTable([
    ['records read', ''],
    ['  kernel events', s.kernelRecords],
    ['  references', s.referenceRecords],
    ['  of which reordered', s.reorderedRecords],
    ['processes', s.processes],
    ['threads', s.threads],
    ['releases', s.releases],
    ['read()/write() of pipes, sockets, devices', s.nonFileIo],
  ]);
  out += '\n' + formatTable([
    ['references', 'anonymous', 'file', 'shared memory', 'total'],
    classRow('VM read', r.vmRead),
    classRow('VM write', r.vmWrite),
    classRow('FS read', r.fsRead),
    classRow('FS write', r.fsWrite),
    ['total', r.vmRead.anonymous + r.vmWrite.anonymous, r.vmRead.file + r.vmWrite.file + r.fsRead.file + r.fsWrite.file, r.vmRead.sharedMemory + r.vmWrite.sharedMemory, r.total],
    classRow('canonical pages', s.pages),
  ]);
  if (s.tracingWindows.length) out += '\n' + formatWindows(s.tracingWindows);
  const warnings = Object.entries(s.warnings) as [WarningKind, number][];
  out += '\n' + (warnings.length ? formatTable([['warnings', 'count', ''], ...warnings.map(([k, n]) => [k, n, WARNING_KINDS[k]])]) : 'warnings: none\n');
  return out;
}

/** The reference-tracing windows, with compulsory faults both ways (docs/merger.md). */
function formatWindows(windows: WindowSummary[]): string {
  const hex = (cycle: number | null): string => (cycle === null ? 'end' : cycle.toString(16));
  return formatTable([
    ['tracing window', 'from cycle', 'to cycle', 'references', 'first touch in window', 'new pages', 'first touch ever'],
    ...windows.map((w) => [String(w.window), hex(w.startCycle), hex(w.endCycle), w.references, w.firstTouchInWindow, w.newPages, w.firstTouchEver]),
  ]);
}

/** Runs a merge with the shared options and prints its summary. */
export async function runMergeCommand(request: MergeRequest, args: MergeCommonArgs): Promise<void> {
  // How far through the reference trace: its bytes on disk.
  const progress = workProgress('merging', args.quiet, BYTES);
  let summary: MergeSummary;
  try {
    summary = await runMerge({ ...request, releases: args.releases, window: args.window, layout: args.layout, strict: args.strict, suffix: args.suffix, consumerModules: args.consumer, onProgress: (p: MergeProgress) => progress.report(p.referenceBytesRead, p.referenceBytes) });
  } finally {
    progress.done();
  }
  await writeOut(args.json ? JSON.stringify(summary, null, 2) + '\n' : formatMergeSummary(summary));
}

interface MergeArgs extends MergeCommonArgs {
  kernel: string;
  references: string;
  format?: string;
}

export const mergeCommand: Command<MergeArgs> = {
  positionals: [
    { name: 'kernel', required: true, describe: 'kernel-event trace (text, optionally gzip)' },
    { name: 'references', required: true, describe: 'reference trace (i386, x86_64 or text; optionally gzip)' },
  ],
  options: {
    format: { type: 'string', alias: 'f', choices: outputNames(), describe: 'output (default basic-named when -o is given)' },
    output: { type: 'string', alias: 'o', describe: 'output file (.bin/.txt, optionally .gz), or DIR/ for per-process and per-thread' },
    ...MERGE_OPTIONS,
  },
  examples: [
    ['faultline merge kernel.trace.gz refs.trace.gz -o merged.bin.gz', 'basic-named stream of the whole system'],
    ['faultline merge kernel.trace refs.trace --format per-process -o byprocess/ --releases', 'one stream per process, with release records'],
    ['faultline merge kernel.trace refs.trace --consumer ./refsPerFile.js', 'feed the merge to your own consumer'],
  ],
  run: (args) => runMergeCommand({ kernel: args.kernel, references: args.references, format: args.format, output: args.output }, args),
};

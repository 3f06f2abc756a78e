import { UsageError } from '../../traces/index.js';
import { outputNames } from '../../merger/index.js';
import { MERGE_OPTIONS, runMergeCommand, type MergeCommonArgs } from './merge.js';
import type { Command } from '../command.js';

interface RunMergerArgs extends MergeCommonArgs {
  type: string;
  'kvmtrace-version': string;
  'reference-trace': string;
  'kernel-trace': string;
  output: string;
}

/** kVMTrace's own invocation: `run-merger TYPE VERSION REFERENCE-TRACE KERNEL-TRACE OUTPUT` (note: references first). */
export const runMergerCommand: Command<RunMergerArgs> = {
  positionals: [
    { name: 'type', required: true, choices: outputNames(), describe: 'output type' },
    { name: 'kvmtrace-version', required: true, describe: 'kVMTrace version of the traces: v0.5' },
    { name: 'reference-trace', required: true, describe: 'reference trace' },
    { name: 'kernel-trace', required: true, describe: 'kernel-event trace' },
    { name: 'output', required: true, describe: 'output file, or directory for per-process and per-thread' },
  ],
  options: MERGE_OPTIONS,
  examples: [['faultline run-merger basic-named v0.5 refs.trace kernel.trace merged.txt', "as kVMTrace's run-merger script was called"]],
  run: (args) => {
    const version = args['kvmtrace-version'];
    if (!/^v?0\.5(\.\d+)*$/.test(version)) throw new UsageError(`version ${JSON.stringify(version)}: faultline reads kVMTrace v0.5 traces (give v0.5)`);
    return runMergeCommand({ kernel: args['kernel-trace'], references: args['reference-trace'], format: args.type, output: args.output }, args);
  },
};

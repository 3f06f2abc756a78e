import type { CommandModule } from 'yargs';
import { UsageError } from '../../traces/index.js';
import { outputNames } from '../../merger/index.js';
import { mergeOptions, runMergeCommand, type MergeCommonArgs } from './merge.js';

interface RunMergerArgs extends MergeCommonArgs {
  type: string;
  'kvmtrace-version': string;
  'reference-trace': string;
  'kernel-trace': string;
  output: string;
}

/** kVMTrace's own invocation: `run-merger TYPE VERSION REFERENCE-TRACE KERNEL-TRACE OUTPUT` (note: references first). */
export const runMergerCommand: CommandModule<object, RunMergerArgs> = {
  command: 'run-merger <type> <kvmtrace-version> <reference-trace> <kernel-trace> <output>',
  describe: 'The kVMTrace merger\'s invocation: merge TYPE (basic, basic-named, per-process, per-thread) of v0.5 traces',
  builder: (y) =>
    mergeOptions(
      y
        .positional('type', { type: 'string', choices: outputNames(), demandOption: true, describe: 'output type' })
        .positional('kvmtrace-version', { type: 'string', demandOption: true, describe: 'kVMTrace version of the traces: v0.5' })
        .positional('reference-trace', { type: 'string', demandOption: true, describe: 'reference trace' })
        .positional('kernel-trace', { type: 'string', demandOption: true, describe: 'kernel-event trace' })
        .positional('output', { type: 'string', demandOption: true, describe: 'output file, or directory for per-process and per-thread' }),
    ).example('$0 run-merger basic-named v0.5 refs.trace kernel.trace merged.txt', 'as kVMTrace\'s run-merger script was called'),
  handler: (args) => {
    const version = args['kvmtrace-version'];
    if (!/^v?0\.5(\.\d+)*$/.test(version)) throw new UsageError(`version ${JSON.stringify(version)}: faultline reads kVMTrace v0.5 traces (give v0.5)`);
    return runMergeCommand({ kernel: args['kernel-trace'], references: args['reference-trace'], format: args.type, output: args.output }, args);
  },
};

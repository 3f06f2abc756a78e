/**
 * Every subcommand by name, with its line for `faultline --help`, in the order that lists them. A
 * command's module (and the library code it imports) is loaded only when it is run or its help is
 * asked for, so that `faultline simulate` does not pay at start-up for the merger, the collector,
 * the studies and the charts, and `faultline --help` for none of them.
 */
import type { Command } from '../command.js';

export interface CommandEntry {
  describe: string;
  load: () => Promise<Command<never>>;
}

export const COMMANDS: Record<string, CommandEntry> = {
  cat: { describe: 'Print a reference stream (any form) as text', load: async () => (await import('./cat.js')).catCommand },
  convert: { describe: 'Convert a stream between forms (chosen by extension: .bin, .txt, optionally .gz)', load: async () => (await import('./convert.js')).convertCommand },
  stats: { describe: 'Summarise a stream: references, pages, operations, kinds, releases, footprint', load: async () => (await import('./stats.js')).statsCommand },
  import: {
    describe: "Import another tool's trace (libCacheSim, SPC, ARC, MSR, LIRS, hex page lists, lackey) as a basic-named stream",
    load: async () => (await import('./import.js')).importCommand,
  },
  merge: { describe: 'Merge kVMTrace raw traces (kernel events + references) into reference streams with canonical pages', load: async () => (await import('./merge.js')).mergeCommand },
  'run-merger': {
    describe: "The kVMTrace merger's invocation: merge TYPE (basic, basic-named, per-process, per-thread) of v0.5 traces",
    load: async () => (await import('./runMerger.js')).runMergerCommand,
  },
  synth: {
    describe: 'Generate a synthetic whole-system workload as kVMTrace raw traces (with the expected merge), or an IRM stream',
    load: async () => (await import('./synth.js')).synthCommand,
  },
  collect: { describe: "Trace a real program (and its children) under valgrind into kVMTrace's raw traces", load: async () => (await import('./collect.js')).collectCommand },
  activator: {
    describe: 'Switch reference tracing of a running faultline collect --control DIR: start, stop, status',
    load: async () => (await import('./activator.js')).activatorCommand,
  },
  simulate: { describe: 'Simulate replacement policies over memory sizes: fault curves and every counter', load: async () => (await import('./simulate.js')).simulateCommand },
  reuse: { describe: 'LRU stack-distance (reuse) histogram of a stream, and the LRU miss curve it gives', load: async () => (await import('./reuse.js')).reuseCommand },
  report: {
    describe: 'Draw a results file as figures (PNG, SVG, PDF: fault curve, breakdown, write-backs, paging time, partitioned vs unified) with index.md and an interactive index.html',
    load: async () => (await import('./report.js')).reportCommand,
  },
  study: {
    describe: 'Studies: many traces × policies × sizes, planned, run in shards (one machine or Slurm), gathered',
    load: async () => (await import('./study.js')).studyCommand,
  },
  demo: {
    describe: 'The whole pipeline on a synthetic workload: generate, merge, simulate every policy, report (npm start)',
    load: async () => (await import('./demo.js')).demoCommand,
  },
};

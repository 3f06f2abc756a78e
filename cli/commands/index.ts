/**
 * Every subcommand by name, in the order `faultline --help` lists them. A command's module (and the
 * library code it imports) is loaded only when it is needed, so that `faultline simulate` does not
 * pay at start-up for the merger, the collector, the studies and the charts.
 */
import type { CommandModule } from 'yargs';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyCommand = CommandModule<any, any>;

export const COMMANDS: Record<string, () => Promise<AnyCommand>> = {
  cat: async () => (await import('./cat.js')).catCommand,
  convert: async () => (await import('./convert.js')).convertCommand,
  stats: async () => (await import('./stats.js')).statsCommand,
  import: async () => (await import('./import.js')).importCommand,
  merge: async () => (await import('./merge.js')).mergeCommand,
  'run-merger': async () => (await import('./runMerger.js')).runMergerCommand,
  synth: async () => (await import('./synth.js')).synthCommand,
  collect: async () => (await import('./collect.js')).collectCommand,
  activator: async () => (await import('./activator.js')).activatorCommand,
  simulate: async () => (await import('./simulate.js')).simulateCommand,
  reuse: async () => (await import('./reuse.js')).reuseCommand,
  report: async () => (await import('./report.js')).reportCommand,
  study: async () => (await import('./study.js')).studyCommand,
  demo: async () => (await import('./demo.js')).demoCommand,
};

/**
 * The commands a command line needs: only the one it names, when it names one (its own help and
 * errors need no other); every command otherwise (the command list, suggestions for a misspelling).
 */
export async function commandsFor(argv: readonly string[]): Promise<AnyCommand[]> {
  const word = argv.find((a) => !a.startsWith('-'));
  const load = word !== undefined && Object.hasOwn(COMMANDS, word) ? [COMMANDS[word]!] : Object.values(COMMANDS);
  return Promise.all(load.map((l) => l()));
}

/**
 * Wires the subcommands into yargs and maps failures onto DESIGN.md's exit statuses:
 * 0 success, 2 user error (bad arguments, bad input: one line, no stack trace), 1 internal fault.
 */
import yargs, { type Argv, type CommandModule } from 'yargs';
import { UsageError, isUserError, removeOutputsOnSignals, removePendingOutputs } from '../traces/index.js';
import { userMessage } from './flags.js';
import { commandsFor } from './commands/index.js';

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_USAGE = 2;

function reportFailure(err: unknown): number {
  removePendingOutputs();
  if (isUserError(err)) {
    process.stderr.write(`faultline: ${userMessage(err)}\n`);
    return EXIT_USAGE;
  }
  process.stderr.write(`faultline: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
  return EXIT_INTERNAL;
}

/**
 * yargs turns the text of a numeric option that is not a number into NaN before any command sees
 * it; name the flag and the text given instead ("--seed expects a number, got 'abc'").
 */
function refuseNonNumbers(argv: string[]): (args: Record<string, unknown>) => void {
  return (args) => {
    for (let i = 0; i < argv.length; i++) {
      const m = /^--?([^=]+)(?:=(.*))?$/.exec(argv[i]!);
      if (!m || !Number.isNaN(args[m[1]!])) continue;
      const text = m[2] ?? argv[i + 1] ?? '';
      throw new UsageError(`${argv[i]!.split('=')[0]} expects a number, got '${text}'`);
    }
  };
}

/**
 * yargs lays out a command's whole help text before running its handler, to print it should the
 * handler fail. faultline reports every failure in one line and never prints that text, and the
 * layout (the width of every option's text, through string-width) cost about 40 ms of every run;
 * yargs has no option to skip it, so its usage object's cache step becomes a no-op. `--help` is
 * unaffected: it lays the text out when asked.
 */
function skipHelpLayoutBeforeCommands(parser: Argv): void {
  type Internals = { getInternalMethods?: () => { getUsageInstance(): { cacheHelpMessage(): void } } };
  const usage = (parser as unknown as Internals).getInternalMethods?.().getUsageInstance();
  if (usage) usage.cacheHelpMessage = () => {};
}

export async function buildParser(argv: string[]): Promise<Argv> {
  let parser = yargs(argv)
    .middleware(refuseNonNumbers(argv), true)
    .scriptName('faultline')
    .usage('$0 COMMAND [options]\n\nTrace-driven simulation of virtual memory and file caching.')
    .strict()
    .demandCommand(1, 'name a command (faultline --help lists them)')
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .wrap(Math.min(110, process.stdout.columns || 100))
    .exitProcess(false);
  skipHelpLayoutBeforeCommands(parser);
  for (const command of await commandsFor(argv)) parser = parser.command(command as CommandModule);
  return parser;
}

export async function runCli(argv: string[]): Promise<number> {
  removeOutputsOnSignals((signal) => process.stderr.write(`faultline: ${signal}: stopped; temporary outputs removed\n`));
  try {
    const parser = (await buildParser(argv)).fail((msg, err) => {
      if (err) throw err;
      const command = argv.find((a) => !a.startsWith('-'));
      // yargs spreads some messages (invalid choices) over several lines: keep the one-line rule.
      const line = msg.split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
      throw new UsageError(command ? `${line} (faultline ${command} --help shows the options)` : line);
    });
    await parser.parseAsync();
    return EXIT_OK;
  } catch (err) {
    return reportFailure(err);
  }
}

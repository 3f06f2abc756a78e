/**
 * Finds the command a command line names, parses its arguments (cli/command.ts) and runs it, and
 * maps failures onto the exit statuses: 0 success, 2 user error (bad arguments, bad input:
 * one line, no stack trace), 1 internal fault.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { removeOutputsOnSignals, removePendingOutputs } from '../traces/atomicOutput.js';
import { UsageError, isUserError } from '../traces/errors.js';
import { asksFor, closest, commandWordIndex, parseCommandArgs, type Command } from './command.js';
import { COMMANDS } from './commands/index.js';
import { commandHelp, programHelp } from './help.js';
import { userMessage } from './flags.js';
import { writeOut } from './stdout.js';

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

/** faultline's version: package.json's, found above this file (dist/cli/ in a build, cli/ under tsx). */
function version(): string {
  for (let dir = import.meta.dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return 'unknown';
}

/** `argv` without the word at `index`. */
function without(argv: readonly string[], index: number): string[] {
  return [...argv.slice(0, index), ...argv.slice(index + 1)];
}

function unknownCommand(word: string, names: readonly string[], listedBy: string): UsageError {
  const suggestion = closest(word, names);
  return new UsageError(`Unknown command: ${word}${suggestion ? `. Did you mean ${suggestion}?` : ''} (${listedBy} --help lists the commands)`);
}

/** The command `argv` names (a study subcommand under `study`), its path and the words left for its arguments. */
async function findCommand(argv: readonly string[]): Promise<{ path: string[]; command: Command<never>; rest: string[] } | undefined> {
  const k = commandWordIndex(argv);
  if (k < 0) return undefined;
  const name = argv[k]!;
  if (!Object.hasOwn(COMMANDS, name)) throw unknownCommand(name, Object.keys(COMMANDS), 'faultline');
  const entry = COMMANDS[name]!;
  const command: Command<never> = { describe: entry.describe, ...(await entry.load()) };
  const rest = without(argv, k);
  if (!command.subcommands) return { path: [name], command, rest };
  const j = commandWordIndex(rest);
  if (j < 0) {
    if (asksFor(rest, 'help')) return { path: [name], command, rest };
    throw new UsageError(`${command.missingSubcommand ?? 'name a command'} (faultline ${name} --help shows the options)`);
  }
  const sub = rest[j]!;
  if (!Object.hasOwn(command.subcommands, sub)) throw unknownCommand(sub, Object.keys(command.subcommands), `faultline ${name}`);
  return { path: [name, sub], command: command.subcommands[sub]!, rest: without(rest, j) };
}

async function dispatch(argv: readonly string[]): Promise<void> {
  const found = await findCommand(argv);
  // --help shows the help whatever else the line holds; -h grouped with other flags (-qh) is seen by the parser.
  const args = found && !asksFor(argv, 'help') ? parseCommandArgs(found.command, found.rest, ` (faultline ${found.path.join(' ')} --help shows the options)`) : undefined;
  if (asksFor(argv, 'help') || args?.help) {
    await writeOut(found ? commandHelp(found.path, found.command) : programHelp(Object.entries(COMMANDS).map(([name, c]) => [name, c.describe])));
    return;
  }
  if (asksFor(argv, 'version') || args?.version) {
    await writeOut(`${version()}\n`);
    return;
  }
  if (!found) throw new UsageError('name a command (faultline --help lists them)');
  await found.command.run?.(args as never);
}

export async function runCli(argv: string[]): Promise<number> {
  removeOutputsOnSignals((signal, removed) => process.stderr.write(`faultline: ${signal}: stopped; ${removed ? 'temporary outputs removed' : 'no output was being written'}\n`));
  try {
    await dispatch(argv);
    return EXIT_OK;
  } catch (err) {
    return reportFailure(err);
  }
}

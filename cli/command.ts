/**
 * The command-line layer: a command is declared as data (its positionals and options) and parsed
 * by `parseCommandArgs` on node:util's `parseArgs`, which splits the words into options and
 * positionals; the rules on top are faultline's (and those the commands had under yargs): unknown
 * options are refused with the nearest known one, numeric options that are not numbers are named
 * with the text given, an array option takes every word after it up to the next option
 * (`--partition 0.25 0.5`), a boolean is negated by `--no-NAME`, and every error is one line
 * (a UsageError, exit 2).
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../traces/errors.js';

export interface OptionSpec {
  type: 'string' | 'number' | 'boolean';
  /** Repeatable, and greedy: `--partition 0.25 0.5` gives [0.25, 0.5]. */
  array?: boolean;
  /** One-letter aliases are short flags (`-o`); longer ones are long flags (`--out`). */
  alias?: string | readonly string[];
  default?: unknown;
  choices?: readonly string[];
  required?: boolean;
  describe: string;
  /** The heading the option is listed under in --help (default "Options"). */
  group?: string;
}

export interface PositionalSpec {
  name: string;
  describe: string;
  required?: boolean;
  choices?: readonly string[];
}

/** A command (or a study subcommand): what it takes, how --help shows it, and what it runs. */
export interface Command<A = Record<string, unknown>> {
  /**
   * One line for the command lists (`faultline --help`, `faultline study --help`). A top-level
   * command's line is in `cli/commands/index.ts`, so that listing them loads none of them.
   */
  describe?: string;
  positionals?: readonly PositionalSpec[];
  options?: Record<string, OptionSpec>;
  /** The usage line, when the generated one (`faultline NAME <positional>…`) does not say it. */
  usage?: string;
  examples?: readonly (readonly [string, string])[];
  /** Text after the options in --help. */
  epilog?: string;
  /** The words after `--` are the command's own (`args['--']`) rather than positionals. */
  passThrough?: boolean;
  /** Subcommands by name (`study plan`): the word after the command names one. */
  subcommands?: Record<string, Command<never>>;
  /** The error when no subcommand is named. */
  missingSubcommand?: string;
  run?: (args: A) => Promise<void> | void;
}

/** The options every command takes, handled before any command's own. */
export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  help: { type: 'boolean', alias: 'h', describe: 'show help' },
  version: { type: 'boolean', describe: 'show the version number' },
};

const NEGATIVE_NUMBER = /^-\d/;

export function aliasesOf(spec: OptionSpec): readonly string[] {
  return spec.alias === undefined ? [] : typeof spec.alias === 'string' ? [spec.alias] : spec.alias;
}

/** Levenshtein distance, for suggestions. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/** The candidate nearest to `word`, if it is near enough to be what was meant. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = distance(word, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

/** The text of a number-typed option's value, as a number (`--seed abc` is refused naming the flag). */
function toNumber(flag: string, text: string): number {
  const n = text.trim() === '' ? NaN : Number(text);
  if (Number.isNaN(n)) throw new UsageError(`${flag} expects a number, got '${text}'`);
  return n;
}

/** The first word that is not an option (before any `--`): the command's name; -1 when none. */
export function commandWordIndex(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') return -1;
    if (!argv[i]!.startsWith('-')) return i;
  }
  return -1;
}

/** Whether `--help`/`-h` (or `--version`) is among the options (not after `--`). */
export function asksFor(argv: readonly string[], option: 'help' | 'version'): boolean {
  const flags = option === 'help' ? ['--help', '-h'] : ['--version'];
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => flags.includes(a));
}

/**
 * The arguments of `command` from `argv` (the words after the command's name): each option under
 * its name (kebab case, as declared), each positional under its name, defaults filled in, and
 * `args['--']` for a pass-through command. Throws a one-line UsageError for anything it refuses,
 * ending with `hint` (where to read the options) — except for a number option's text, whose
 * message names the flag and the text and nothing else.
 */
export function parseCommandArgs(command: Command<never>, argv: readonly string[], hint = ''): Record<string, unknown> {
  const refusal = (message: string): UsageError => new UsageError(`${message}${hint}`);
  const options: Record<string, OptionSpec> = { ...command.options, ...GLOBAL_OPTIONS };
  const nameOf = new Map<string, string>();
  const config: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, spec] of Object.entries(options)) {
    const type = spec.type === 'boolean' ? 'boolean' : 'string';
    config[name] = { type };
    nameOf.set(name, name);
    for (const alias of aliasesOf(spec)) {
      nameOf.set(alias, name);
      if (alias.length === 1) config[name]!.short = alias;
      else config[alias] = { type };
    }
  }
  const { tokens } = parseArgs({ args: [...argv], options: config, strict: false, allowPositionals: true, tokens: true });

  const args: Record<string, unknown> = {};
  const positionals: string[] = [];
  const rest: string[] = [];
  let greedy: { name: string; flag: string } | undefined;
  let afterTerminator = false;
  const set = (name: string, flag: string, text: string): void => {
    const spec = options[name]!;
    const value = spec.type === 'number' ? toNumber(flag, text) : text;
    if (spec.array) args[name] = [...((args[name] as unknown[] | undefined) ?? []), value];
    else args[name] = value;
  };
  const word = (text: string): void => {
    if (greedy) set(greedy.name, greedy.flag, text);
    else positionals.push(text);
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === 'option-terminator') {
      afterTerminator = true;
      greedy = undefined;
    } else if (token.kind === 'positional') {
      if (afterTerminator) (command.passThrough ? rest : positionals).push(token.value);
      else word(token.value);
    } else if (NEGATIVE_NUMBER.test(argv[token.index]!)) {
      // parseArgs reads `-3` as short options; a negative number is a value (`--partition -0.5`).
      word(argv[token.index]!);
      while (tokens[i + 1]?.index === token.index) i++;
    } else {
      greedy = undefined;
      const flag = token.rawName;
      let name = nameOf.get(token.name);
      let negated = false;
      if (name === undefined && token.name.startsWith('no-') && options[token.name.slice(3)]?.type === 'boolean') {
        name = token.name.slice(3);
        negated = true;
      }
      if (name === undefined) {
        // Suggestions for long flags only: any one-letter flag is one edit from any other.
        const flags = Object.entries(options).flatMap(([n, s]) => [n, ...aliasesOf(s)]).filter((n) => n.length > 1).map((n) => `--${n}`);
        const suggestion = flag.startsWith('--') ? closest(flag, flags) : undefined;
        throw refusal(`Unknown argument: ${flag}${suggestion ? `. Did you mean ${suggestion}?` : ''}`);
      }
      const spec = options[name]!;
      if (spec.type === 'boolean') {
        let text = token.value;
        // yargs' rule, kept: a boolean takes a following `true` or `false` as its value.
        const next = tokens[i + 1];
        if (text === undefined && !negated && next?.kind === 'positional' && next.index === token.index + 1 && (next.value === 'true' || next.value === 'false')) {
          text = next.value;
          i++;
        }
        if (text !== undefined && text !== 'true' && text !== 'false') throw refusal(`${flag} takes no value (true or false), got '${text}'`);
        args[name] = negated ? false : text !== 'false';
      } else {
        if (token.value === undefined) throw refusal(`${flag} needs a value`);
        set(name, flag, token.value);
        if (spec.array) greedy = { name, flag };
      }
    }
  }

  const declared = command.positionals ?? [];
  declared.forEach((p, k) => {
    if (k < positionals.length && args[p.name] === undefined) args[p.name] = positionals[k];
  });
  if (positionals.length > declared.length) {
    const extra = positionals.slice(declared.length);
    throw refusal(`Unknown argument${extra.length > 1 ? 's' : ''}: ${extra.join(', ')}`);
  }
  if (args.help || args.version) return args;
  const missing = [...declared.filter((p) => p.required).map((p) => p.name), ...Object.keys(options).filter((n) => options[n]!.required)].filter((n) => args[n] === undefined);
  if (missing.length > 0) throw refusal(`Missing required argument${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
  for (const p of declared) checkChoice(p.name, p.choices, args[p.name], refusal);
  for (const [name, spec] of Object.entries(options)) {
    checkChoice(`--${name}`, spec.choices, args[name], refusal);
    if (args[name] === undefined && spec.default !== undefined) args[name] = Array.isArray(spec.default) ? [...spec.default] : spec.default;
  }
  if (command.passThrough) args['--'] = rest;
  return args;
}

function checkChoice(name: string, choices: readonly string[] | undefined, value: unknown, refusal: (message: string) => UsageError): void {
  if (choices === undefined || value === undefined || choices.includes(value as string)) return;
  throw refusal(`${name}: invalid value '${String(value)}' (choices: ${choices.join(', ')})`);
}

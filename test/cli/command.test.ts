/**
 * The command-line parser (cli/command.ts) and the help it lays out (cli/help.ts), on a made-up
 * command that has one option of every kind.
 */
import { describe, expect, it } from 'vitest';
import { closest, parseCommandArgs, type Command } from '../../cli/command.js';
import { commandHelp, twoColumns, wrap } from '../../cli/help.js';

const tool: Command<never> = {
  describe: 'A tool to test the parser with',
  positionals: [
    { name: 'input', required: true, describe: 'what to read' },
    { name: 'mode', choices: ['fast', 'slow'], describe: 'how' },
  ],
  options: {
    output: { type: 'string', alias: ['o', 'out'], describe: 'where to write' },
    level: { type: 'number', default: 6, describe: 'gzip level' },
    count: { type: 'number', describe: 'how many' },
    partition: { type: 'number', array: true, default: [], describe: 'shares' },
    policies: { type: 'string', alias: 'p', array: true, default: ['lru'], describe: 'policies' },
    quiet: { type: 'boolean', alias: 'q', default: false, describe: 'say nothing' },
    unified: { type: 'boolean', default: true, describe: 'the unified model' },
    layout: { type: 'string', choices: ['i386', 'text'], default: 'i386', describe: 'record layout' },
    'per-size': { type: 'boolean', default: false, describe: 'replay every size' },
  },
  examples: [['faultline tool in.bin -o out/', 'an example']],
};

const parse = (...argv: string[]): Record<string, unknown> => parseCommandArgs(tool, argv, ' (see help)');
const error = (...argv: string[]): string => {
  try {
    parse(...argv);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`accepted ${argv.join(' ')}`);
};

describe('parseCommandArgs', () => {
  it('fills in every default, and copies array defaults so that one run cannot change another’s', () => {
    const a = parse('in.bin');
    expect(a).toMatchObject({ input: 'in.bin', level: 6, partition: [], policies: ['lru'], quiet: false, unified: true, layout: 'i386', 'per-size': false });
    expect(a.count).toBeUndefined();
    expect(a.output).toBeUndefined();
    (a.policies as string[]).push('fifo');
    expect(parse('in.bin').policies).toEqual(['lru']);
  });

  it('coerces numbers (decimal, exponent, hex, negative) and names the flag and the text of a non-number', () => {
    expect(parse('in', '--level', '9', '--count=1e3').count).toBe(1000);
    expect(parse('in', '--count', '0x10').count).toBe(16);
    expect(parse('in', '--count', '-3').count).toBe(-3);
    expect(error('in', '--count', 'abc')).toBe("--count expects a number, got 'abc'");
    expect(error('in', '--level=two')).toBe("--level expects a number, got 'two'");
    expect(error('in', '--count', '')).toBe("--count expects a number, got ''");
    expect(error('in', '--partition', '0.5', 'x')).toBe("--partition expects a number, got 'x'");
  });

  it('takes aliases, short flags grouped, and = values', () => {
    expect(parse('in', '-o', 'a').output).toBe('a');
    expect(parse('in', '--out', 'b').output).toBe('b');
    expect(parse('in', '--output=c').output).toBe('c');
    expect(parse('in', '-qo', 'd')).toMatchObject({ quiet: true, output: 'd' });
    expect(parse('in', '-pfifo').policies).toEqual(['fifo']);
  });

  it('arrays repeat and take every word up to the next option, negative numbers included', () => {
    expect(parse('in', '--partition', '0.25', '0.5', '-q')).toMatchObject({ partition: [0.25, 0.5], quiet: true });
    expect(parse('in', '-p', 'lru', '-p', 'fifo,opt').policies).toEqual(['lru', 'fifo,opt']);
    expect(parse('in', '--partition', '0.5', '-0.25').partition).toEqual([0.5, -0.25]);
    // The greedy array swallows what follows it, as yargs' did: the positional goes first.
    const greedy = parse('in', '-p', 'lru', 'fast');
    expect(greedy.policies).toEqual(['lru', 'fast']);
    expect(greedy.mode).toBeUndefined();
    expect(parse('in', 'fast', '-p', 'lru')).toMatchObject({ policies: ['lru'], mode: 'fast' });
  });

  it('negates a boolean with --no-NAME and takes a following true or false', () => {
    expect(parse('in', '--no-unified').unified).toBe(false);
    expect(parse('in', '--unified', 'false').unified).toBe(false);
    expect(parse('in', '--unified=false').unified).toBe(false);
    expect(parse('in', '--quiet', 'true', 'slow')).toMatchObject({ quiet: true, mode: 'slow' });
    expect(error('in', '--quiet=yes')).toBe("--quiet takes no value (true or false), got 'yes' (see help)");
    expect(error('in', '--no-level')).toMatch(/^Unknown argument: --no-level/);
  });

  it('refuses unknown options with the nearest flag, and extra positionals', () => {
    expect(error('in', '--per-sise')).toBe('Unknown argument: --per-sise. Did you mean --per-size? (see help)');
    expect(error('in', '--levle', '3')).toBe('Unknown argument: --levle. Did you mean --level? (see help)');
    expect(error('in', '-x')).toBe('Unknown argument: -x (see help)');
    expect(error('in', '--frobnicate')).toBe('Unknown argument: --frobnicate (see help)');
    expect(error('in', 'fast', 'extra', 'more')).toBe('Unknown arguments: extra, more (see help)');
  });

  it('refuses missing required positionals, values outside the choices and options without a value', () => {
    expect(error()).toBe('Missing required argument: input (see help)');
    expect(error('in', 'medium')).toBe("mode: invalid value 'medium' (choices: fast, slow) (see help)");
    expect(error('in', '--layout', 'x86')).toBe("--layout: invalid value 'x86' (choices: i386, text) (see help)");
    expect(error('in', '--output')).toBe('--output needs a value (see help)');
  });

  it('keeps the words after -- as positionals, or as the command’s own for a pass-through command', () => {
    expect(parse('--', '-q')).toMatchObject({ input: '-q', quiet: false });
    const wrapper: Command<never> = { options: { output: { type: 'string', alias: 'o', required: true, describe: 'out' } }, passThrough: true };
    const args = parseCommandArgs(wrapper, ['-o', 'dir', '--', 'sort', '--help', '007', '-o', 'x']);
    expect(args).toMatchObject({ output: 'dir', '--': ['sort', '--help', '007', '-o', 'x'] });
  });
});

describe('help text', () => {
  it('wraps at spaces within the width, a long word alone', () => {
    expect(wrap('aa bb cc dd', 5)).toEqual(['aa bb', 'cc dd']);
    expect(wrap('a verylongword b', 6)).toEqual(['a', 'verylongword', 'b']);
  });

  it('puts the notes right-aligned after the text, on a line of their own when they do not fit', () => {
    const text = twoColumns([{ name: '-a', text: 'short', note: '[x]' }, { name: '--bbb', text: 'a text that fills the line', note: '[number]' }], 40);
    // Names in a column of 5 after an indent of 2, then 2 spaces: the text column is 31 wide.
    expect(text.split('\n')).toEqual(['  -a     short' + '[x]'.padStart(31 - 5), '  --bbb  a text that fills the line', '[number]'.padStart(40), '']);
  });

  it('lays out a command: usage, description, positionals, options with type, default and choices, examples', () => {
    const help = commandHelp(['tool'], tool, 100);
    expect(help).toMatch(/^Usage: faultline tool <input> \[mode\] \[options\]\n\nA tool to test the parser with\n\nPositionals:\n/);
    expect(help).toMatch(/ {2}mode +how +\[choices: fast, slow\]\n/);
    expect(help).toMatch(/ {2}-o, --output, --out +where to write +\[string\]\n/);
    expect(help).toMatch(/--level +gzip level +\[number\] \[default: 6\]\n/);
    expect(help).toMatch(/-p, --policies +policies +\[string, repeatable\] \[default: lru\]\n/);
    expect(help).toMatch(/--\[no-\]unified +the unified model +\[boolean\] \[default: true\]\n/);
    expect(help).toMatch(/--layout +record layout +\[string\] \[choices: i386, text\] \[default: i386\]\n/);
    expect(help).toMatch(/-h, --help +show help/);
    expect(help).toMatch(/Examples:\n {2}faultline tool in.bin -o out\/ +an example\n$/);
    for (const line of help.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('lists subcommands with their usage', () => {
    const group: Command<never> = { describe: 'groups', subcommands: { run: { describe: 'runs it', positionals: [{ name: 'dir', required: true, describe: 'd' }] } } };
    expect(commandHelp(['group'], group, 80)).toMatch(/Commands:\n {2}faultline group run <dir> +runs it\n/);
  });

  it('suggests only a near candidate', () => {
    expect(closest('simulat', ['stats', 'simulate', 'study'])).toBe('simulate');
    expect(closest('xyz', ['stats', 'simulate'])).toBeUndefined();
  });
});

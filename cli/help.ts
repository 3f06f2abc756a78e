/**
 * --help text, laid out from the commands' declarations: the usage line, the description, then
 * two columns (flags or names, descriptions with their type, default and choices), wrapped to the
 * terminal's width (at most 110 columns). The text is ASCII or one column per character, so a
 * string's length is its width.
 */
import { GLOBAL_OPTIONS, aliasesOf, type Command, type OptionSpec } from './command.js';

export function terminalWidth(): number {
  return Math.min(110, process.stdout.columns || 100);
}

/** `text` broken into lines of at most `width` characters, at spaces (a longer word stands alone). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      if (line !== '' && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line === '' ? word : `${line} ${word}`;
    }
    lines.push(line);
  }
  return lines;
}

interface Row {
  name: string;
  text: string;
  note?: string;
}

function nameColumn(rows: readonly Row[], width: number): number {
  return Math.min(Math.max(0, ...rows.map((r) => r.name.length)), Math.floor(width * 0.4));
}

/**
 * Rows of `name  description`, names in one column (at most 40% of the width: a longer name takes
 * its own line), descriptions wrapped beside them; `note` (type, default) goes right-aligned after
 * the description, on its last line if it fits there.
 */
export function twoColumns(rows: readonly Row[], width: number, nameWidth = nameColumn(rows, width)): string {
  const indent = 2;
  const textWidth = Math.max(20, width - indent - nameWidth - 2);
  const pad = ' '.repeat(indent + nameWidth + 2);
  const out: string[] = [];
  for (const row of rows) {
    const lines = wrap(row.text, textWidth);
    if (row.note) {
      const last = lines[lines.length - 1]!;
      if (last.length + 2 + row.note.length <= textWidth) lines[lines.length - 1] = last + row.note.padStart(textWidth - last.length);
      else lines.push(row.note.padStart(textWidth));
    }
    const head = ' '.repeat(indent) + row.name;
    if (row.name.length > nameWidth) out.push(head, ...lines.map((l) => pad + l));
    else out.push(head.padEnd(pad.length) + lines[0], ...lines.slice(1).map((l) => pad + l));
  }
  return out.map((l) => l.trimEnd()).join('\n') + '\n';
}

function optionNote(spec: OptionSpec): string {
  const notes = [`[${spec.type}${spec.array ? ', repeatable' : ''}]`];
  if (spec.required) notes.push('[required]');
  if (spec.choices) notes.push(`[choices: ${spec.choices.join(', ')}]`);
  const shown = Array.isArray(spec.default) ? spec.default.length > 0 : spec.default !== undefined && spec.default !== false;
  if (shown) notes.push(`[default: ${Array.isArray(spec.default) ? spec.default.join(' ') : String(spec.default)}]`);
  return notes.join(' ');
}

function optionName(name: string, spec: OptionSpec, anyShort: boolean): string {
  const aliases = aliasesOf(spec);
  const short = aliases.filter((a) => a.length === 1).map((a) => `-${a}`);
  const long = [name, ...aliases.filter((a) => a.length > 1)].map((n) => (spec.type === 'boolean' && spec.default === true ? `--[no-]${n}` : `--${n}`));
  return (short.length ? `${short.join(', ')}, ` : anyShort ? '    ' : '') + long.join(', ');
}

/** The usage line of a command named `path` (`['study', 'run']`). */
export function usageLine(path: readonly string[], command: Command<never>): string {
  if (command.usage) return command.usage;
  const positionals = (command.positionals ?? []).map((p) => (p.required ? `<${p.name}>` : `[${p.name}]`));
  const sub = command.subcommands ? ['<command>'] : [];
  return ['faultline', ...path, ...sub, ...positionals, '[options]'].join(' ');
}

/** A command's --help. */
export function commandHelp(path: readonly string[], command: Command<never>, width = terminalWidth()): string {
  const parts = [`Usage: ${usageLine(path, command)}`, wrap(command.describe ?? '', width).join('\n')];
  if (command.subcommands) {
    const rows = Object.entries(command.subcommands).map(([name, sub]) => ({ name: usageLine([...path, name], sub).replace(/ \[options\]$/, ''), text: sub.describe ?? '' }));
    parts.push(`Commands:\n${twoColumns(rows, width)}`);
  }
  if (command.positionals?.length) {
    const rows = command.positionals.map((p) => ({ name: p.name, text: p.describe, note: [p.required ? '[required]' : '', p.choices ? `[choices: ${p.choices.join(', ')}]` : ''].filter(Boolean).join(' ') }));
    parts.push(`Positionals:\n${twoColumns(rows, width)}`);
  }
  const options = Object.entries({ ...command.options, ...GLOBAL_OPTIONS });
  const anyShort = options.some(([, s]) => aliasesOf(s).some((a) => a.length === 1));
  const groups = new Map<string, Row[]>();
  for (const [name, spec] of options) {
    const group = spec.group ?? 'Options';
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group)!.push({ name: optionName(name, spec, anyShort), text: spec.describe, note: optionNote(spec) });
  }
  // One name column for every group, so that the descriptions line up from group to group.
  const nameWidth = nameColumn([...groups.values()].flat(), width);
  for (const [group, rows] of groups) parts.push(`${group}:\n${twoColumns(rows, width, nameWidth)}`);
  if (command.examples?.length) parts.push(`Examples:\n${twoColumns(command.examples.map(([name, text]) => ({ name, text })), width)}`);
  // Indented lines are laid out already (a table); the others are wrapped.
  if (command.epilog) parts.push(command.epilog.split('\n').map((l) => (l.startsWith(' ') ? l : wrap(l, width).join('\n'))).join('\n'));
  return paragraphs(parts);
}

/** `faultline --help`: the commands, each with its one line. */
export function programHelp(commands: readonly (readonly [string, string])[], width = terminalWidth()): string {
  return paragraphs([
    'Usage: faultline COMMAND [options]',
    'Trace-driven simulation of virtual memory and file caching.',
    `Commands:\n${twoColumns(commands.map(([name, text]) => ({ name: `faultline ${name}`, text })), width)}`,
    `Options:\n${twoColumns(Object.entries(GLOBAL_OPTIONS).map(([name, spec]) => ({ name: optionName(name, spec, true), text: spec.describe })), width)}`,
    'faultline COMMAND --help shows the options of a command.',
  ]);
}

/** Parts of a help text, a blank line between each two. */
function paragraphs(parts: readonly string[]): string {
  return parts.map((p) => p.replace(/\n$/, '')).join('\n\n') + '\n';
}

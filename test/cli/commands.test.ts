/**
 * The CLI loads only the command a command line names (start-up time), and every command's table
 * key is the name its module declares; with no known command named, all of them are there for the
 * command list and for suggestions.
 */
import { describe, expect, it } from 'vitest';
import { COMMANDS, commandsFor } from '../../cli/commands/index.js';
import { runCli } from '../helpers/cli.js';

describe('CLI commands', () => {
  it('keys every command by the name its module declares', async () => {
    for (const [name, load] of Object.entries(COMMANDS)) expect(String((await load()).command).split(' ')[0]).toBe(name);
  });

  it('loads the named command alone, and every command when none is named', async () => {
    expect((await commandsFor(['simulate', 'x.bin', '-p', 'lru'])).map((c) => c.command)).toEqual(['simulate [trace]']);
    expect((await commandsFor(['-q', 'report', 'r.json'])).map((c) => c.command)).toEqual(['report <results>']);
    expect(await commandsFor(['--help'])).toHaveLength(Object.keys(COMMANDS).length);
    expect(await commandsFor(['simulat'])).toHaveLength(Object.keys(COMMANDS).length);
  });

  it('still suggests a command for a misspelling and shows a command’s help', () => {
    const typo = runCli(['simulat', 'x.bin']);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toMatch(/Did you mean simulate/);
    const help = runCli(['simulate', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--per-size/);
  });
});

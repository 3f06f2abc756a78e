/**
 * The CLI's command table: every command loads and lays out its help without loading another;
 * `faultline --help` lists them all without loading any; a misspelt command gets a suggestion.
 */
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../cli/commands/index.js';
import { commandHelp } from '../../cli/help.js';
import { runCli } from '../helpers/cli.js';

describe('CLI commands', () => {
  it("every --no-OPTION a command's help names is a boolean option of that command", async () => {
    let named = 0;
    for (const [name, entry] of Object.entries(COMMANDS)) {
      const options = (await entry.load()).options ?? {};
      for (const spec of Object.values(options)) {
        for (const [, option] of spec.describe.matchAll(/--no-([\w-]+)/g)) {
          named++;
          expect(options[option!]?.type, `faultline ${name}: --no-${option}`).toBe('boolean');
        }
      }
    }
    expect(named).toBeGreaterThan(0);
  });

  it('every command loads, and its help names its options and its usage', async () => {
    for (const [name, entry] of Object.entries(COMMANDS)) {
      const command = { describe: entry.describe, ...(await entry.load()) };
      const help = commandHelp([name], command, 100);
      expect(help).toMatch(new RegExp(`^Usage: faultline ${name}\\b`));
      expect(help).toContain(entry.describe.split(' ').slice(0, 3).join(' '));
      for (const option of Object.keys(command.options ?? {})) expect(help).toMatch(new RegExp(`--(\\[no-\\])?${option}\\b`));
      for (const sub of Object.keys(command.subcommands ?? {})) expect(help).toContain(`faultline ${name} ${sub}`);
    }
  });

  it('--help lists every command with its line, and --version prints the version', () => {
    const help = runCli(['--help']);
    expect(help.status).toBe(0);
    for (const [name, entry] of Object.entries(COMMANDS)) expect(help.stdout.replace(/\s+/g, ' ')).toContain(`faultline ${name} ${entry.describe}`);
    expect(runCli(['--version']).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('suggests a command for a misspelling, a study command for a misspelt one, and shows a command’s help', () => {
    const typo = runCli(['simulat', 'x.bin']);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toBe('faultline: Unknown command: simulat. Did you mean simulate? (faultline --help lists the commands)\n');
    const sub = runCli(['study', 'gahter', 'dir']);
    expect(sub.stderr).toMatch(/Unknown command: gahter\. Did you mean gather\?/);
    expect(runCli(['study']).stderr).toMatch(/^faultline: name a study command: plan, run, status, slurm or gather/);
    const help = runCli(['simulate', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--per-size/);
    expect(help.stdout).toMatch(/Report options:\n\s+--report\b/);
    // -h grouped with another flag, and --help beside an unknown option or a missing argument.
    expect(runCli(['simulate', 'x.bin', '-qh']).stdout).toMatch(/^Usage: faultline simulate \[trace\] \[options\]/);
    expect(runCli(['stats', '--bogus', '--help']).stdout).toMatch(/^Usage: faultline stats <stream> \[options\]/);
    const studyRun = runCli(['study', 'run', '--help']);
    expect(studyRun.stdout).toMatch(/^Usage: faultline study run <dir> \[options\]/);
    expect(studyRun.stdout).toContain('--progress-every');
  });

  it('names the command in a parse error, and keeps a number error to the flag and its text', () => {
    expect(runCli(['study', 'run', 'dir', '--bogus']).stderr).toBe('faultline: Unknown argument: --bogus (faultline study run --help shows the options)\n');
    expect(runCli(['simulate', 'x.bin', '-j', 'two']).stderr).toBe("faultline: -j expects a number, got 'two'\n");
  });
});

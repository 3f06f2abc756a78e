/**
 * `faultline collect` refusing what it cannot do, with one line and exit status 2, leaving no
 * output behind; and passing the traced command's arguments to valgrind exactly as given (a stand-in
 * valgrind records what it was asked to run).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VALGRIND_OPTIONS } from '../../collector/index.js';
import { listFiles, runCli, tempDir } from '../helpers/cli.js';

describe('faultline collect: bad requests', () => {
  const dir = tempDir('faultline-collect-cli-');
  /** A valgrind that knows its version, records its arguments and fails to run anything. */
  const fakeValgrind = path.join(dir, 'fake-valgrind');
  fs.writeFileSync(fakeValgrind, `#!/bin/sh\nif [ "$1" = --version ]; then echo valgrind-3.19.0; exit 0; fi\nprintf '%s\\n' "$@" > "$ARGS_FILE"\necho "valgrind: no such tool" >&2\nexit 1\n`, { mode: 0o755 });
  const notExecutable = path.join(dir, 'data.txt');
  fs.writeFileSync(notExecutable, 'data\n');

  const refused = (args: string[], message: string | RegExp, env?: Record<string, string>) => {
    const before = listFiles(dir);
    const r = runCli(['collect', ...args], { env });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(typeof message === 'string' ? new RegExp(`^faultline: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n$`) : message);
    expect(listFiles(dir)).toEqual(before);
  };

  it('no command, a command that is not there or cannot run', () => {
    const out = path.join(dir, 'out');
    refused(['-o', out], 'the command after -- is empty: name the program to trace and its arguments');
    refused(['-o', out, '--', 'no-such-command-here'], 'cannot run "no-such-command-here": not found on PATH');
    refused(['-o', out, '--', notExecutable], `cannot run ${JSON.stringify(notExecutable)}: no executable file there`);
    refused(['-o', out, '--', dir], `cannot run ${JSON.stringify(dir)}: no executable file there`);
  });

  it('valgrind missing', () => {
    refused(['-o', path.join(dir, 'out'), '--valgrind', path.join(dir, 'nowhere', 'valgrind'), '--', 'true'], /^faultline: --valgrind was not found: .*or give its path\n$/);
  });

  it('bad numbers', () => {
    const out = path.join(dir, 'out');
    refused(['-o', out, '--quantum', '0', '--', 'true'], '--quantum must be a whole number ≥ 1, got 0');
    refused(['-o', out, '--segment0', '0', '--', 'true'], '--segment0 must be a whole number from 1 to 16777216, got 0');
    refused(['-o', out, '--segment1', '-1', '--', 'true'], '--segment1 must be a whole number from 0 to 16777216, got -1');
    refused(['-o', out, '--level', '12', '--', 'true'], '--level must be a whole number from 1 to 9, got 12');
    refused(['-o', out, '--start-after', '0', '--', 'true'], '--start-after must be a whole number ≥ 1, got 0');
    refused(['-o', out, '--start-after-exec', '/usr/bin/wc', '--', 'true'], '--start-after-exec takes a program\'s file name (no directory), got "/usr/bin/wc"');
  });

  it('an output directory that is not an earlier collect output is left alone', () => {
    const mine = path.join(dir, 'mine');
    fs.mkdirSync(mine);
    fs.writeFileSync(path.join(mine, 'notes.txt'), 'keep me');
    refused(['-o', mine, '--', 'true'], `-o ${mine}: the directory exists and is not an earlier collect output; name a new or empty directory`);
    refused(['-o', path.join(mine, 'notes.txt'), '--', 'true'], `-o ${path.join(mine, 'notes.txt')}: exists and is not a directory`);
  });

  it('valgrind that cannot run the program: exit 2, no output; the arguments after -- reach it verbatim', () => {
    const argsFile = path.join(dir, 'args.txt');
    const out = path.join(dir, 'never');
    const before = listFiles(dir);
    const r = runCli(['collect', '-o', out, '--valgrind', fakeValgrind, '--', 'true', '1e3', '007', '0x10', '--help', 'a b'], { env: { ARGS_FILE: argsFile } });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('valgrind: no such tool\nfaultline: valgrind could not run "true" (exit status 1); its messages are above\n');
    expect(listFiles(dir)).toEqual([...before, 'args.txt'].sort());
    const args = fs.readFileSync(argsFile, 'utf8').trimEnd().split('\n');
    expect(args.slice(0, VALGRIND_OPTIONS.length)).toEqual(VALGRIND_OPTIONS);
    expect(args[VALGRIND_OPTIONS.length]).toMatch(/^--log-file=.*\/logs\/vg\.%p\.%n$/);
    expect(args.slice(VALGRIND_OPTIONS.length + 1)).toEqual(['true', '1e3', '007', '0x10', '--help', 'a b']);
  });
});

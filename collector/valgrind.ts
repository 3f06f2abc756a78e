/**
 * Running stock valgrind as a program (nothing of it is linked): finding it and the command it
 * should run, with clear errors when either is missing, and the exact options the collector uses.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../traces/index.js';

/** The options every collection runs valgrind with (before the log file and the command). */
export const VALGRIND_OPTIONS = [
  '-d',
  '--tool=lackey',
  '--basic-counts=no',
  '--trace-mem=yes',
  '--trace-syscalls=yes',
  '--trace-sched=yes',
  '--trace-children=yes',
  '--vgdb=no',
];

function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The executable a command name runs: itself when it has a slash, else the first match on PATH. */
export function findExecutable(name: string, searchPath: string | undefined, cwd: string): string | undefined {
  if (name.includes('/')) {
    const file = path.resolve(cwd, name);
    return isExecutableFile(file) ? file : undefined;
  }
  for (const dir of (searchPath ?? '').split(':')) {
    const file = path.resolve(cwd, dir || '.', name);
    if (isExecutableFile(file)) return file;
  }
  return undefined;
}

/** valgrind's version line (e.g. `valgrind-3.19.0`), or a UsageError saying how to get valgrind. */
export function valgrindVersion(valgrind: string, env: NodeJS.ProcessEnv): string {
  const r = spawnSync(valgrind, ['--version'], { encoding: 'utf8', env });
  if (r.error || r.status !== 0) {
    const why = r.error ? (r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'was not found' : `could not be run (${r.error.message})` : `failed (exit status ${r.status})`;
    throw new UsageError(`valgrind ${why}: faultline collect runs the program under valgrind; install it (e.g. apt-get install valgrind) or name it with --valgrind PATH`);
  }
  return r.stdout.trim();
}

/** Checks that the command can be started: a UsageError naming it otherwise. */
export function checkCommand(command: string[], env: NodeJS.ProcessEnv, cwd: string): string {
  if (command.length === 0 || !command[0]) throw new UsageError('name the command to trace after --, e.g. faultline collect -o trace/ -- sort data.txt');
  const found = findExecutable(command[0], env.PATH, cwd);
  if (!found) {
    const where = command[0].includes('/') ? 'no executable file there' : 'not found on PATH';
    throw new UsageError(`cannot run ${JSON.stringify(command[0])}: ${where}`);
  }
  return found;
}

/** valgrind's arguments: the fixed options, the log file pattern, the command. */
export function valgrindArguments(logPattern: string, command: string[]): string[] {
  return [...VALGRIND_OPTIONS, `--log-file=${logPattern}`, ...command];
}

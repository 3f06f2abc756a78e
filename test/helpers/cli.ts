/** Runs the built `faultline` CLI as a user would, capturing its output and exit status. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** The command users run: package.json's `bin`, in the tests' build (buildCli.ts) instead of dist/. */
export function cliPath(): string {
  const dist = process.env.FAULTLINE_TEST_DIST;
  if (!dist) throw new Error('FAULTLINE_TEST_DIST is not set: run the tests through vitest (globalSetup builds the CLI)');
  const bin = (JSON.parse(fs.readFileSync(path.join(dist, 'package.json'), 'utf8')) as { bin: { faultline: string } }).bin.faultline;
  return path.join(dist, path.relative('dist', bin));
}

export function runCli(args: string[], options: { cwd?: string; input?: string; env?: Record<string, string> } = {}): CliResult {
  const r = spawnSync(process.execPath, [cliPath(), ...args], {
    cwd: options.cwd,
    input: options.input,
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
    maxBuffer: 1 << 28,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temporary directory, removed when the process exits. */
export function tempDir(prefix = 'faultline-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The files in `dir` (recursively), for checking that a failed run left nothing behind. */
export function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true }).map(String).sort();
}

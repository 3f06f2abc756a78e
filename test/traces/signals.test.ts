/**
 * Signals and concurrent runs (issue #15): SIGINT and SIGTERM remove the temporary outputs before
 * the CLI exits; what SIGKILL leaves is cleaned by the next run on that output; two runs writing
 * into one results folder never mix their files.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeStaleTemporaries, withOutputLock, withTraceWriter, writeResults, type Results } from '../../index.js';
import { cliPath, runCli, tempDir } from '../helpers/cli.js';

const dir = tempDir('faultline-signals-');

/** A binary stream big enough that converting it to gzip text takes a while. */
async function bigStream(): Promise<string> {
  const file = path.join(dir, 'big.bin');
  if (!fs.existsSync(file)) {
    await withTraceWriter(file, { format: 'basic', pageSize: 4096 }, (w) => {
      for (let i = 0; i < 3_000_000; i++) w.append(i & 1, i % 100_000);
    });
  }
  return file;
}

const temporariesOf = (name: string): string[] => fs.readdirSync(dir).filter((f) => f.startsWith(`${name}.tmp-`));

async function until(condition: () => boolean, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('signals remove temporary outputs', () => {
  it.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('%s: exit %i, one line, no temporary left', async (signal, status) => {
    const input = await bigStream();
    const name = `out-${signal}.txt.gz`;
    const child = spawn(process.execPath, [cliPath(), 'convert', input, '-o', path.join(dir, name), '-q']);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await until(() => temporariesOf(name).length > 0);
    child.kill(signal);
    expect(await exited).toBe(status);
    expect(stderr).toBe(`faultline: ${signal}: stopped; temporary outputs removed\n`);
    expect(temporariesOf(name)).toEqual([]);
    expect(fs.existsSync(path.join(dir, name))).toBe(false);
  }, 180_000);

  it('SIGINT stops synth while it generates (a long synchronous run would finish first and still say "stopped")', async () => {
    // The mixed preset takes seconds to generate; the signal comes as soon as its temporary directory exists.
    const name = 'synth-out';
    const child = spawn(process.execPath, [cliPath(), 'synth', '--scenario', 'mixed', '-o', path.join(dir, name), '-q']);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await until(() => temporariesOf(name).length > 0);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toBe('faultline: SIGINT: stopped; temporary outputs removed\n');
    // Stopped during generation: no summary, no workload, nothing temporary.
    expect(stdout).toBe('');
    expect(fs.existsSync(path.join(dir, name))).toBe(false);
    expect(temporariesOf(name)).toEqual([]);
  }, 60_000);

  it('a signal while no output is being written says so (what was committed before stays, and nothing was removed)', async () => {
    const input = await bigStream();
    // cat writes only to its stdout, which this test does not read: the command waits on the pipe.
    const child = spawn(process.execPath, [cliPath(), 'cat', input]);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise((resolve) => child.stdout.once('readable', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(stderr).toBe('faultline: SIGTERM: stopped; no output was being written\n');
  }, 60_000);

  it('SIGKILL leftovers are removed by the next run on that output (and only those of dead processes)', () => {
    const target = path.join(dir, 'small.bin');
    const input = path.join(dir, 'small.txt');
    fs.writeFileSync(input, 'r 0\nr 1\n');
    // A pid that ran and exited: its temporaries are leftovers. Our own pid's are live.
    const dead = exitedPid();
    fs.writeFileSync(`${target}.tmp-${dead}-1`, 'partial');
    fs.mkdirSync(`${target}.tmp-${dead}-2`);
    fs.writeFileSync(`${target}.tmp-${process.pid}-7`, 'live');
    const r = runCli(['convert', input, '-o', target, '-q']);
    expect(r.status).toBe(0);
    expect(temporariesOf('small.bin')).toEqual([`small.bin.tmp-${process.pid}-7`]);
    expect(removeStaleTemporaries(target)).toEqual([]);
    fs.rmSync(`${target}.tmp-${process.pid}-7`);
  });
});

/** The pid of a child that ran, exited and was reaped: it no longer runs (pid reuse within the test is negligible). */
function exitedPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid;
}

describe('two runs writing one results folder', () => {
  const results = (label: string): Results => ({ schema: 1, trace: { name: label }, runs: [] }) as unknown as Results;

  it('a lock of a dead process is taken over; a live one is waited for', async () => {
    const out = path.join(dir, 'results');
    const lock = `${out}.lock`;
    fs.writeFileSync(lock, `${exitedPid()}\n`);
    writeResults(results('a'), out);
    expect(fs.existsSync(lock)).toBe(false);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')).trace.name).toBe('a');
    // Another process holds the lock, then marks that it is done and releases it.
    const released = path.join(dir, 'released');
    const holder = spawn(process.execPath, ['-e', `const fs = require('fs'); fs.writeFileSync(${JSON.stringify(lock)}, process.pid + '\\n'); setTimeout(() => { fs.writeFileSync(${JSON.stringify(released)}, ''); fs.rmSync(${JSON.stringify(lock)}); }, 300);`]);
    await until(() => fs.existsSync(lock));
    const seen = withOutputLock(out, () => [fs.existsSync(released), fs.readFileSync(lock, 'utf8').trim()]);
    expect(seen).toEqual([true, String(process.pid)]);
    await new Promise((resolve) => holder.on('exit', resolve));
  });

  it('concurrent CLI runs into one folder leave results.json and results.csv of the same run', async () => {
    const trace = path.join(dir, 'tiny.txt');
    fs.writeFileSync(trace, 'r 0\nr 1\nr 2\nr 0\nr 3\nr 1\n');
    const out = path.join(dir, 'shared');
    const run = (policy: string): Promise<number | null> =>
      new Promise((resolve) => spawn(process.execPath, [cliPath(), 'simulate', trace, '-p', policy, '-s', '2', '-o', out, '-q']).on('exit', resolve));
    expect(await Promise.all([run('lru'), run('fifo'), run('clock')])).toEqual([0, 0, 0]);
    const json = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
    const csv = fs.readFileSync(path.join(out, 'results.csv'), 'utf8');
    expect(csv.split('\n')[1]!.split(',')[1]).toBe(json.runs[0]!.policy);
    expect(fs.readdirSync(out).sort()).toEqual(['results.csv', 'results.json']);
  }, 120_000);
});

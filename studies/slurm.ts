/**
 * Running a study on a Slurm cluster: an `sbatch` array script whose array task I runs shard I/N of
 * the plan, and a gather script meant to run after the whole array succeeded (`afterok`). Both are
 * written into DIR/slurm/; `submitSlurm` submits them with `sbatch --parsable` and returns the job
 * ids. The study folder must be on a filesystem every node sees; each node runs the same faultline
 * (docs/studies.md).
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { UsageError } from '../traces/errors.js';
import { wholeNumberOption } from '../traces/optionValues.js';
import { writeFileAtomic } from '../traces/atomicOutput.js';
import { readPlan } from './plan.js';

export interface SlurmOptions {
  /** Array tasks (shards). */
  array: number;
  /** The command that runs faultline on a node, as words (e.g. [node, /path/to/dist/bin/faultline.js]). */
  faultline: string[];
  partition?: string;
  /** Time limit per array task, in Slurm's syntax (e.g. 2:00:00). */
  time?: string;
  /** Memory per array task (e.g. 8G). */
  mem?: string;
  /** Cores per array task; the shard runs this many tasks side by side (default 1). */
  cpus?: number;
  account?: string;
  /** At most this many array tasks at once (`--array=1-N%K`). */
  maxRunning?: number;
  /** Further `#SBATCH` options, e.g. `--qos=long`. */
  extra?: string[];
}

export interface SlurmScripts {
  run: string;
  gather: string;
  logs: string;
}

/** A word for a bash command line, quoted when it needs to be. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function header(name: string, lines: string[]): string {
  return ['#!/bin/bash', `# ${name} (written by faultline study slurm)`, ...lines.map((l) => `#SBATCH ${l}`), 'set -euo pipefail', ''].join('\n');
}

function commonOptions(opts: SlurmOptions): string[] {
  const lines: string[] = [];
  if (opts.partition) lines.push(`--partition=${opts.partition}`);
  if (opts.account) lines.push(`--account=${opts.account}`);
  for (const e of opts.extra ?? []) lines.push(e);
  return lines;
}

export function slurmScripts(dir: string, opts: SlurmOptions): SlurmScripts {
  wholeNumberOption('array', opts.array, 1);
  const cpus = wholeNumberOption('cpus', opts.cpus ?? 1, 1);
  if (opts.maxRunning !== undefined) wholeNumberOption('maxRunning', opts.maxRunning, 1);
  const study = path.resolve(dir);
  const plan = readPlan(study);
  const name = `faultline-${(plan.spec.name || path.basename(study)).replace(/[^\w.-]+/g, '_')}`;
  const logs = path.join(study, 'slurm', 'logs');
  const faultline = opts.faultline.map(shellQuote).join(' ');
  const limit = opts.maxRunning ? `%${opts.maxRunning}` : '';
  const run = header(`${name}: one array task per shard of ${plan.tasks.length} tasks`, [
    `--job-name=${name}`,
    `--array=1-${opts.array}${limit}`,
    `--cpus-per-task=${cpus}`,
    ...(opts.time ? [`--time=${opts.time}`] : []),
    ...(opts.mem ? [`--mem=${opts.mem}`] : []),
    ...commonOptions(opts),
    `--output=${path.join(logs, 'run-%A_%a.log')}`,
  ]);
  const gather = header(`${name}: gathers the results once every shard has succeeded`, [
    `--job-name=${name}-gather`,
    '--cpus-per-task=1',
    ...commonOptions(opts),
    `--output=${path.join(logs, 'gather-%j.log')}`,
  ]);
  return {
    run: `${run}${faultline} study run ${shellQuote(study)} --shard "$SLURM_ARRAY_TASK_ID/${opts.array}" --jobs ${cpus}\n`,
    gather: `${gather}${faultline} study gather ${shellQuote(study)}\n`,
    logs,
  };
}

export interface SlurmFiles {
  run: string;
  gather: string;
}

export function writeSlurmScripts(dir: string, opts: SlurmOptions): SlurmFiles {
  const scripts = slurmScripts(dir, opts);
  const files = { run: path.join(dir, 'slurm', 'run.sbatch'), gather: path.join(dir, 'slurm', 'gather.sbatch') };
  writeFileAtomic(files.run, scripts.run);
  writeFileAtomic(files.gather, scripts.gather);
  // Slurm does not create the folder of --output: the logs of a job whose folder is missing vanish.
  writeFileAtomic(path.join(scripts.logs, '.keep'), '');
  return files;
}

function sbatch(args: string[]): string {
  const r = spawnSync('sbatch', ['--parsable', ...args], { encoding: 'utf8' });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`sbatch not found: run on a Slurm login node, or submit ${args.at(-1)} yourself`);
  if (r.status !== 0) {
    const why = (r.stderr || r.stdout || String(r.error)).trim().split('\n').filter(Boolean).pop() ?? `exit status ${r.status}`;
    throw new UsageError(`sbatch ${args.join(' ')} failed: ${why}`);
  }
  // --parsable prints "jobid" or "jobid;cluster".
  const id = r.stdout.trim().split(';')[0]!;
  if (!/^\d+$/.test(id)) throw new UsageError(`sbatch printed ${JSON.stringify(r.stdout.trim())}, not a job id`);
  return id;
}

/** Submits the array, then the gather job depending on it (afterok); returns both job ids. */
export function submitSlurm(files: SlurmFiles): { array: string; gather: string } {
  const array = sbatch([files.run]);
  const gather = sbatch([`--dependency=afterok:${array}`, files.gather]);
  return { array, gather };
}

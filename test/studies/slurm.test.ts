/**
 * A study on a real Slurm cluster (the one-node cluster scripts/services/slurm.sh starts):
 * `study slurm --submit` runs the shards as an array job and gathers in a job that waits for it
 * (afterok); the gathered table must equal the one `study run` gives on this machine.
 * Without a Slurm that answers (and that this test can start), the test is skipped and says why.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const root = path.resolve(import.meta.dirname, '../..');

function slurmUp(): boolean {
  const ping = spawnSync('scontrol', ['ping'], { encoding: 'utf8' });
  if (ping.status !== 0 || !/UP/.test(ping.stdout)) return false;
  const state = spawnSync('sinfo', ['-h', '-N', '-o', '%t'], { encoding: 'utf8' }).stdout.trim();
  return /^(idle|mix|alloc)/m.test(state);
}

/** Why Slurm cannot be used here, or undefined once it is up (started by our script if need be). */
function whySlurmMissing(): string | undefined {
  if (spawnSync('sbatch', ['--version']).error) return 'sbatch is not installed (bash scripts/services/setup.sh installs Slurm)';
  if (slurmUp()) return undefined;
  if (process.getuid?.() !== 0) return 'Slurm is not running and starting it needs root (bash scripts/services/setup.sh)';
  // The service script, with packages checked rather than installed (tests install nothing).
  const start = spawnSync('bash', ['-c', 'need_packages() { dpkg-query -W "$@" >/dev/null; }; set -euo pipefail; source scripts/services/slurm.sh'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  if (slurmUp()) return undefined;
  return `Slurm did not come up: ${(start.stderr || start.stdout).trim().split('\n').pop() ?? 'no output'}`;
}

const reason = whySlurmMissing();
if (reason) console.warn(`skipping the Slurm study test: ${reason}`);

function jobsPending(ids: string[]): boolean {
  const q = spawnSync('squeue', ['-h', '-j', ids.join(','), '-o', '%i %T'], { encoding: 'utf8' });
  return q.stdout.trim() !== '';
}

describe.skipIf(reason !== undefined)('studies on Slurm', () => {
  it('an array job plus an afterok gather job give the table of a run on one machine', async () => {
    const dir = tempDir('faultline-slurm-');
    for (const [name, seed] of [
      ['a.bin', 1],
      ['b.bin', 2],
      ['c.bin', 3],
    ] as const) {
      expect(runCli(['synth', '--irm', 'zipf', '--length', '30000', '--seed', String(seed), '-o', path.join(dir, name), '-q']).status).toBe(0);
    }
    const spec = path.join(dir, 'study.json');
    fs.writeFileSync(spec, JSON.stringify({ name: 'slurm test', traces: ['*.bin'], policies: ['lru', 'fifo', 'clock', 'arc'], sizes: ['2%', '10%', '30%'], taskSeconds: 0.00001 }));
    const onCluster = path.join(dir, 'cluster');
    const here = path.join(dir, 'local');
    for (const out of [onCluster, here]) expect(runCli(['study', 'plan', spec, '-o', out, '-q']).status).toBe(0);

    const submitted = runCli(['study', 'slurm', onCluster, '--array', '3', '--time', '10:00', '--submit', '--json']);
    expect(submitted.stderr).toBe('');
    expect(submitted.status).toBe(0);
    const { jobs } = JSON.parse(submitted.stdout) as { jobs: { array: string; gather: string } };
    expect(jobs.array).toMatch(/^\d+$/);
    expect(jobs.gather).toMatch(/^\d+$/);
    const dependency = spawnSync('scontrol', ['show', 'job', jobs.gather], { encoding: 'utf8' }).stdout;
    expect(dependency).toMatch(new RegExp(`Dependency=afterok:${jobs.array}`));

    expect(runCli(['study', 'run', here, '-q']).status).toBe(0);
    expect(runCli(['study', 'gather', here, '-q']).status).toBe(0);

    const deadline = Date.now() + 240_000;
    while (jobsPending([jobs.array, jobs.gather]) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1000));
    const logs = path.join(onCluster, 'slurm', 'logs');
    const logText = fs.readdirSync(logs).filter((f) => f.endsWith('.log')).sort().map((f) => `--- ${f}\n${fs.readFileSync(path.join(logs, f), 'utf8')}`).join('\n');
    expect(fs.existsSync(path.join(onCluster, 'study.csv')), `no gathered table; job logs:\n${logText}`).toBe(true);
    // Three array tasks ran a shard each, with progress lines in their logs.
    expect(fs.readdirSync(logs).filter((f) => f.startsWith(`run-${jobs.array}_`)).length).toBe(3);
    expect(logText).toMatch(/study run 2\/3: \d+\/\d+ tasks/);
    expect(fs.readFileSync(path.join(onCluster, 'study.csv'), 'utf8')).toBe(fs.readFileSync(path.join(here, 'study.csv'), 'utf8'));
    const status = JSON.parse(runCli(['study', 'status', onCluster, '--json']).stdout);
    expect(status).toMatchObject({ failed: 0, pending: 0 });
  }, 300_000);
});

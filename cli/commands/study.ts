import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  UsageError,
  gatherStudy,
  loadPolicyModule,
  parseShard,
  planSpecFile,
  runStudy,
  studyStatus,
  submitSlurm,
  writePlan,
  writeSlurmScripts,
  type StudyStatus,
} from '../../index.js';
import { checkFigureFormats } from '../../reports/figureFormats.js';
import { formatTable, writeOut } from '../stdout.js';
import { createTaskProgress, formatDuration } from '../taskProgress.js';
import type { Command } from '../command.js';

interface PlanArgs {
  spec: string;
  out: string;
  json: boolean;
  quiet: boolean;
}

interface RunArgs {
  dir: string;
  shard?: string;
  jobs?: number;
  'progress-every': number;
  quiet: boolean;
}

interface DirArgs {
  dir: string;
  json: boolean;
  quiet: boolean;
  partial: boolean;
  format: string;
}

interface SlurmArgs {
  dir: string;
  array: number;
  partition?: string;
  time?: string;
  mem?: string;
  cpus: number;
  account?: string;
  'max-running'?: number;
  'sbatch-option': string[];
  faultline?: string;
  submit: boolean;
  json: boolean;
}

async function loadModules(paths: string[]): Promise<void> {
  for (const p of paths) await loadPolicyModule(p);
}

const planCommand: Command<PlanArgs> = {
  describe: 'Expand a study spec (JSON or YAML) into a deterministic task list in a study folder',
  positionals: [{ name: 'spec', required: true, describe: 'the study spec: traces, policies with parameter grids, sizes, model options (docs/studies.md)' }],
  options: {
    out: { type: 'string', alias: 'o', required: true, describe: 'the study folder (plan.json, then results/, failures/, the gathered table and figures)' },
    json: { type: 'boolean', default: false, describe: 'print the plan summary as JSON' },
    quiet: { type: 'boolean', alias: 'q', default: false, describe: 'print nothing on success' },
  },
  examples: [['faultline study plan study.yaml -o runs/study1', 'plan a study']],
  run: async (args) => {
    const plan = await planSpecFile(args.spec, args.out, loadModules);
    const { file, unchanged } = writePlan(plan, args.out);
    const counts = { traces: plan.traces.length, policies: plan.spec.policies.length, tasks: plan.tasks.length, estimatedCpuSeconds: Math.round(plan.tasks.reduce((s, t) => s + t.seconds, 0)) };
    if (args.json) await writeOut(JSON.stringify({ plan: file, unchanged, ...counts }, null, 2) + '\n');
    else if (!args.quiet)
      await writeOut(`${unchanged ? 'unchanged' : 'wrote'} ${file}: ${counts.tasks} tasks (${counts.traces} traces × ${counts.policies} policy configurations), about ${formatDuration(counts.estimatedCpuSeconds)} of CPU time\n`);
  },
};

const runCommand: Command<RunArgs> = {
  describe: "Run a study's tasks that have no result yet (all, or one shard); safe to re-run after a kill or a failure",
  positionals: [{ name: 'dir', required: true, describe: 'the study folder (from faultline study plan)' }],
  options: {
    shard: { type: 'string', describe: 'run only shard I of N (I/N, 1 ≤ I ≤ N): the shards partition the tasks' },
    jobs: { type: 'number', alias: 'j', describe: 'tasks run side by side (default: the number of cores)' },
    'progress-every': { type: 'number', default: 30, describe: 'seconds between progress lines when stderr is not a terminal (a log file)' },
    quiet: { type: 'boolean', alias: 'q', default: false, describe: 'no progress on stderr' },
  },
  examples: [
    ['faultline study run runs/study1 --jobs 8', 'every task, eight at a time'],
    ['faultline study run runs/study1 --shard 3/10', 'the third of ten shards (what a Slurm array task runs)'],
  ],
  run: async (args) => {
    const shard = args.shard === undefined ? undefined : parseShard(args.shard);
    if (!(args['progress-every'] > 0)) throw new UsageError(`--progress-every takes a positive number of seconds, got ${args['progress-every']}`);
    const label = shard ? `study run ${shard.index}/${shard.count}` : 'study run';
    const progress = createTaskProgress(label, args.quiet, args['progress-every']);
    const summary = await runStudy(args.dir, {
      shard,
      jobs: args.jobs,
      onProgress: (p) => progress.update(p),
      onTrace: (name) => progress.note(`trace ${name}`),
    });
    progress.done();
    const ran = `${summary.succeeded} succeeded, ${summary.failed.length} failed, ${summary.skipped} already done (of ${summary.tasks}) in ${formatDuration(summary.seconds)}`;
    if (summary.failed.length > 0) {
      const first = summary.failed[0]!;
      throw new UsageError(`${label}: ${ran}; task ${first.task}: ${first.error.split('\n')[0]} (faultline study status ${args.dir} lists every failure; a re-run retries them)`);
    }
    if (!args.quiet) process.stderr.write(`${label}: ${ran}\n`);
  },
};

function statusText(dir: string, s: StudyStatus): string {
  const lines = [`${dir}: ${s.tasks} tasks over ${s.traces} traces: ${s.done} done, ${s.failed} failed, ${s.pending} pending`];
  if (s.done < s.tasks) lines.push(`remaining: about ${formatDuration(s.remainingSeconds)} of CPU time${s.done > 0 ? ` (estimates scaled by ${s.pace.toPrecision(2)}, the measured pace)` : ' (nominal estimate: no task done yet)'}`);
  if (s.failures.length > 0) lines.push('', formatTable([['task', 'trace', 'policy', 'error'], ...s.failures.map((f) => [f.task, f.trace, f.policy, f.error.split('\n')[0]!])]));
  return lines.join('\n') + '\n';
}

const statusCommand: Command<DirArgs> = {
  describe: "A study's tasks done, failed (with their errors) and pending, and the time left",
  positionals: [{ name: 'dir', required: true, describe: 'the study folder' }],
  options: {
    json: { type: 'boolean', default: false, describe: 'print the status as JSON' },
  },
  run: async (args) => {
    const s = studyStatus(args.dir);
    await writeOut(args.json ? JSON.stringify(s, null, 2) + '\n' : statusText(args.dir, s));
  },
};

const gatherCommand: Command<DirArgs> = {
  describe: 'One tidy table of every result (study.csv, study.json) and the figures (per-trace curves, cross-trace summary)',
  positionals: [{ name: 'dir', required: true, describe: 'the study folder' }],
  options: {
    partial: { type: 'boolean', default: false, describe: 'gather what is done even if tasks are missing' },
    format: { type: 'string', default: 'png', describe: 'figure formats, comma-separated: png, svg, pdf (vector panels in SVG and PDF)' },
    json: { type: 'boolean', default: false, describe: 'print what was written as JSON' },
    quiet: { type: 'boolean', alias: 'q', default: false, describe: 'print nothing on success' },
  },
  run: async (args) => {
    const g = gatherStudy(args.dir, { partial: args.partial, formats: checkFigureFormats(args.format.split(',').map((f) => f.trim())) });
    if (args.json) await writeOut(JSON.stringify(g, null, 2) + '\n');
    else if (!args.quiet) {
      const missing = g.missingTasks > 0 ? ` (${g.missingTasks} tasks missing)` : '';
      await writeOut(`wrote ${g.csv} and ${g.json}: ${g.rows} rows${missing}; ${g.figures.length} figures in ${path.join(args.dir, 'figures')}\n`);
    }
  },
};

/** How a node runs this very faultline: the Node binary and the CLI's main file. */
function thisFaultline(): string[] {
  return [process.execPath, fs.realpathSync(process.argv[1]!)];
}

const slurmCommand: Command<SlurmArgs> = {
  describe: 'Write (and with --submit, submit) a Slurm array job running the shards, and a gather job after it',
  positionals: [{ name: 'dir', required: true, describe: 'the study folder, on a filesystem every node sees' }],
  options: {
    array: { type: 'number', required: true, describe: 'array tasks: the study runs as this many shards' },
    partition: { type: 'string', describe: 'Slurm partition (#SBATCH --partition)' },
    time: { type: 'string', describe: 'time limit of each array task, e.g. 2:00:00' },
    mem: { type: 'string', describe: 'memory of each array task, e.g. 8G' },
    cpus: { type: 'number', default: 1, describe: 'cores of each array task; its shard runs this many tasks side by side' },
    account: { type: 'string', describe: 'Slurm account to charge' },
    'max-running': { type: 'number', describe: 'at most this many array tasks at once' },
    'sbatch-option': { type: 'string', array: true, default: [], describe: 'further #SBATCH lines, e.g. --sbatch-option=--qos=long' },
    faultline: { type: 'string', describe: 'the command nodes run faultline with (default: this Node and this faultline), e.g. "apptainer exec faultline.sif faultline"' },
    submit: { type: 'boolean', default: false, describe: 'submit both jobs with sbatch and print their ids' },
    json: { type: 'boolean', default: false, describe: 'print the scripts and job ids as JSON' },
  },
  examples: [['faultline study slurm runs/study1 --array 50 --partition short --time 1:00:00 --mem 4G --submit', 'fifty shards, then the gather job']],
  run: async (args) => {
    const files = writeSlurmScripts(args.dir, {
      array: args.array,
      faultline: args.faultline ? args.faultline.split(/\s+/).filter(Boolean) : thisFaultline(),
      partition: args.partition,
      time: args.time,
      mem: args.mem,
      cpus: args.cpus,
      account: args.account,
      maxRunning: args['max-running'],
      extra: args['sbatch-option'],
    });
    const jobs = args.submit ? submitSlurm(files) : undefined;
    if (args.json) {
      await writeOut(JSON.stringify({ ...files, ...(jobs ? { jobs } : {}) }, null, 2) + '\n');
      return;
    }
    const lines = [`wrote ${files.run} and ${files.gather}`];
    if (jobs) lines.push(`submitted array job ${jobs.array} (${args.array} shards) and gather job ${jobs.gather} (afterok:${jobs.array})`);
    else lines.push(`submit with: jobid=$(sbatch --parsable ${files.run}) && sbatch --dependency=afterok:$jobid ${files.gather}`);
    await writeOut(lines.join('\n') + '\n');
  },
};

export const studyCommand: Command = {
  subcommands: { plan: planCommand, run: runCommand, status: statusCommand, slurm: slurmCommand, gather: gatherCommand },
  missingSubcommand: 'name a study command: plan, run, status, slurm or gather',
};

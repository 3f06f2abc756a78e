/**
 * `npm run bench`: runs the benchmark suites, writes bench/results/<suite>.json and prints every
 * figure beside the previous run's with the change in %. `--suite NAME` (repeatable, or
 * comma-separated) picks suites; `--scale F` shrinks the workloads for a quick run, whose results
 * go to bench/results/<suite>.scale-F.local.json (ignored by git) so they never replace the
 * full-size baseline. The machine's load average is recorded with every run: numbers taken on a
 * busy machine are not comparable.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BenchContext, BenchFigure, BenchSuite } from './benchSuite.js';
import { suites } from './suites/index.js';
import { repoRoot } from './workloads.js';

interface ResultsFile {
  suite: string;
  date: string;
  node: string;
  cpus: string;
  /** 1, 5 and 15-minute load averages when the suite started and when it ended. */
  loadBefore: number[];
  loadAfter: number[];
  scale: number;
  seconds: number;
  figures: BenchFigure[];
}

function parseArgs(argv: string[]): { names: string[]; scale: number } {
  const names: string[] = [];
  let scale = 1;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a.startsWith('--suite')) names.push(...value().split(','));
    else if (a.startsWith('--scale')) scale = Number(value());
    else throw new Error(`unknown argument ${a} (use --suite NAME, --scale F)`);
  }
  if (!(scale > 0)) throw new Error('--scale must be a positive number');
  return { names, scale };
}

function resultsPath(dir: string, suite: string, scale: number): string {
  return path.join(dir, scale === 1 ? `${suite}.json` : `${suite}.scale-${scale}.local.json`);
}

function format(v: number): string {
  return Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-US') : String(Number(v.toPrecision(4)));
}

function table(current: BenchFigure[], previous: BenchFigure[] | undefined): string {
  const rows = [['figure', 'value', 'unit', 'previous', 'change']];
  for (const f of current) {
    const before = previous?.find((p) => p.name === f.name);
    let change = '';
    if (before && before.value !== 0) {
      const pct = ((f.value - before.value) / before.value) * 100;
      const better = f.better === 'higher' ? pct > 0 : pct < 0;
      change = `${pct >= 0 ? '+' : ''}${pct.toFixed(1)}%${Math.abs(pct) >= 5 ? (better ? ' better' : ' worse') : ''}`;
    }
    rows.push([f.name, format(f.value), f.unit, before ? format(before.value) : '-', change]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 1 || c === 3 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd()).join('\n');
}

async function runSuite(suite: BenchSuite, ctx: BenchContext, dir: string): Promise<void> {
  const file = resultsPath(dir, suite.name, ctx.scale);
  const previous = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as ResultsFile) : undefined;
  process.stderr.write(`\n== ${suite.name}: ${suite.description}\n`);
  const loadBefore = os.loadavg().map((l) => Number(l.toFixed(2)));
  const start = process.hrtime.bigint();
  const figures = await suite.run(ctx);
  const results: ResultsFile = {
    suite: suite.name,
    date: new Date().toISOString(),
    node: process.version,
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
    loadBefore,
    loadAfter: os.loadavg().map((l) => Number(l.toFixed(2))),
    scale: ctx.scale,
    seconds: Number((Number(process.hrtime.bigint() - start) / 1e9).toFixed(1)),
    figures,
  };
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(results, null, 2) + '\n');
  fs.renameSync(tmp, file);
  const when = previous ? ` (previous: ${previous.date}, load ${previous.loadBefore.join(' ')})` : '';
  process.stdout.write(`\n${suite.name} — load ${loadBefore.join(' ')}${when}\n${table(figures, previous?.figures)}\n`);
}

async function main(): Promise<void> {
  const { names, scale } = parseArgs(process.argv.slice(2));
  const unknown = names.filter((n) => !suites.some((s) => s.name === n));
  if (unknown.length) throw new Error(`unknown suite ${unknown.join(', ')}; suites: ${suites.map((s) => s.name).join(', ')}`);
  const root = repoRoot();
  const ctx: BenchContext = {
    cacheDir: path.join(root, 'bench', '.cache'),
    scale,
    log: (m) => process.stderr.write(`  ${m}\n`),
  };
  fs.mkdirSync(ctx.cacheDir, { recursive: true });
  for (const suite of suites) if (names.length === 0 || names.includes(suite.name)) await runSuite(suite, ctx, path.join(root, 'bench', 'results'));
}

main().catch((err: Error) => {
  process.stderr.write(`bench: ${err.stack ?? err.message}\n`);
  process.exit(1);
});

/**
 * `npm run bench`: runs the benchmark suites and prints every figure beside the committed baseline
 * (bench/results/<suite>.json) with the change in %. A run's results go to
 * bench/results/<suite>.local.json (ignored by git); `--update-baseline` writes the baseline
 * instead, for a commit that means to move it. `--suite NAME` (repeatable, or comma-separated) picks
 * suites; `--scale F` shrinks the workloads for a quick run (results in <suite>.scale-F.local.json,
 * never a baseline). The machine's load average is recorded with every run: numbers taken on a busy
 * machine are not comparable.
 *
 * Generated inputs are cached in bench/.cache (the Zipf streams, the synthetic workload) and reused
 * by later runs. The cache is bounded: after a run, the oldest entries go until it holds at most
 * FAULTLINE_BENCH_CACHE_MB (default 2048) MiB; `--clear-cache` empties it first.
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

interface BenchArgs {
  names: string[];
  scale: number;
  updateBaseline: boolean;
  clearCache: boolean;
}

function parseArgs(argv: string[]): BenchArgs {
  const names: string[] = [];
  let scale = 1;
  let updateBaseline = false;
  let clearCache = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a.startsWith('--suite')) names.push(...value().split(','));
    else if (a.startsWith('--scale')) scale = Number(value());
    else if (a === '--update-baseline') updateBaseline = true;
    else if (a === '--clear-cache') clearCache = true;
    else throw new Error(`unknown argument ${a} (use --suite NAME, --scale F, --update-baseline, --clear-cache)`);
  }
  if (!(scale > 0)) throw new Error('--scale must be a positive number');
  if (updateBaseline && scale !== 1) throw new Error('--update-baseline needs a full-size run (no --scale)');
  return { names, scale, updateBaseline, clearCache };
}

function baselinePath(dir: string, suite: string): string {
  return path.join(dir, `${suite}.json`);
}

function resultsPath(dir: string, suite: string, scale: number, updateBaseline: boolean): string {
  if (updateBaseline) return baselinePath(dir, suite);
  return path.join(dir, scale === 1 ? `${suite}.local.json` : `${suite}.scale-${scale}.local.json`);
}

const CACHE_LIMIT_BYTES = Number(process.env.FAULTLINE_BENCH_CACHE_MB ?? 2048) * 2 ** 20;

function sizeOf(entry: string): number {
  const st = fs.statSync(entry);
  if (!st.isDirectory()) return st.size;
  return fs.readdirSync(entry).reduce((sum, e) => sum + sizeOf(path.join(entry, e)), 0);
}

/** Removes the cache's oldest entries until it holds at most CACHE_LIMIT_BYTES; logs what went. */
function boundCache(dir: string, log: (m: string) => void): void {
  const entries = fs.readdirSync(dir).map((name) => {
    const full = path.join(dir, name);
    return { full, bytes: sizeOf(full), mtime: fs.statSync(full).mtimeMs };
  });
  let total = entries.reduce((s, e) => s + e.bytes, 0);
  for (const e of entries.sort((a, b) => a.mtime - b.mtime)) {
    if (total <= CACHE_LIMIT_BYTES) break;
    fs.rmSync(e.full, { recursive: true, force: true });
    total -= e.bytes;
    log(`cache: removed ${path.basename(e.full)} (${Math.round(e.bytes / 2 ** 20)} MiB) to stay within ${CACHE_LIMIT_BYTES / 2 ** 20} MiB`);
  }
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

async function runSuite(suite: BenchSuite, ctx: BenchContext, dir: string, updateBaseline: boolean): Promise<void> {
  const file = resultsPath(dir, suite.name, ctx.scale, updateBaseline);
  const compared = ctx.scale === 1 ? baselinePath(dir, suite.name) : file;
  const previous = fs.existsSync(compared) ? (JSON.parse(fs.readFileSync(compared, 'utf8')) as ResultsFile) : undefined;
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
  const when = previous ? ` (compared with ${path.basename(compared)}: ${previous.date}, load ${previous.loadBefore.join(' ')}; this run in ${path.basename(file)})` : '';
  process.stdout.write(`\n${suite.name} — load ${loadBefore.join(' ')}${when}\n${table(figures, previous?.figures)}\n`);
}

async function main(): Promise<void> {
  const { names, scale, updateBaseline, clearCache } = parseArgs(process.argv.slice(2));
  const unknown = names.filter((n) => !suites.some((s) => s.name === n));
  if (unknown.length) throw new Error(`unknown suite ${unknown.join(', ')}; suites: ${suites.map((s) => s.name).join(', ')}`);
  const root = repoRoot();
  const ctx: BenchContext = {
    cacheDir: path.join(root, 'bench', '.cache'),
    scale,
    log: (m) => process.stderr.write(`  ${m}\n`),
  };
  if (clearCache) fs.rmSync(ctx.cacheDir, { recursive: true, force: true });
  fs.mkdirSync(ctx.cacheDir, { recursive: true });
  for (const suite of suites) if (names.length === 0 || names.includes(suite.name)) await runSuite(suite, ctx, path.join(root, 'bench', 'results'), updateBaseline);
  boundCache(ctx.cacheDir, ctx.log);
}

main().catch((err: Error) => {
  process.stderr.write(`bench: ${err.stack ?? err.message}\n`);
  process.exit(1);
});

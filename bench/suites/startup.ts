/**
 * What a whole `faultline simulate` process costs beyond its replay, on the 20M-reference Zipf
 * stream (issue #21: within 1.3× for every policy). For each policy the policies suite covers at one
 * size (the fixed-space ones, at its 100,000 frames), back to back: the wall time of the command
 * users run (package.json's `bin`: `simulate FILE -p NAME -s FRAMES -q -o DIR`: process start,
 * module loading, trace load, the plan's pass, the replay, results written) and the policies
 * suite's in-process replay of the same policy and size (the trace already in memory), best of
 * ROUNDS each, and their ratio: the median of the rounds' own ratios, each round's runs back to
 * back. A policy that needs the future (OPT) cannot replay without its next-use pass, which the
 * policies suite times apart (`nextuse.zipf`, shared by its OPT runs): here its in-process time is
 * that pass over a fresh copy of the pages plus the replay, the work its whole process does. Then
 * loading the same references imported from libCacheSim's oracleGeneral format
 * (`oracleGeneral:FILE`, the file generated from the stream) against loading the native binary
 * stream (target: at most 2×).
 *
 * The floor beside them, what no change to the simulator lowers: `node -e 0` (the runtime's own
 * start), and the CLI simulating a 1,000-record prefix of the stream (process start, module
 * loading, results written: everything but the work that grows with the trace). Where
 * NODE_EXTRA_CA_CERTS is set, node reads those certificates before anything runs: `node -e 0` and
 * each policy's whole process are run again without it, for the ratio on a machine that sets none.
 * `overFloor` is a policy's whole process over that floor plus its replay: 1.0 would leave nothing
 * but the fixed start-up. Whole processes take whichever path `simulate` chooses (a single replay
 * of this stream streams it).
 *
 * Then the whole LRU and OPT curves (`-s auto`): the process (streamed: one-pass curves of a stream
 * without releases need no load) against the one-pass curve computed in process over the loaded trace.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listPolicies } from '../../policies/index.js';
import { TraceWriter, loadTrace, type LoadedTrace } from '../../traces/index.js';
import { timed, type BenchContext, type BenchFigure, type BenchSuite } from '../benchSuite.js';
import { repoRoot, zipfSpec, zipfStreamFile } from '../workloads.js';
import { POLICY_FRAMES, replayOnce } from './policies.js';
import { lruDepthCounters, optDepthCounters } from '../../simulators/onePass/index.js';
import { planRun } from '../../simulators/runPlan.js';
import { nextUseOf } from '../../policies/structures/nextUse.js';

/** The command users run: package.json's `bin` (the bundled CLI). */
function cliPath(): string {
  const root = repoRoot();
  return path.join(root, (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { bin: { faultline: string } }).bin.faultline);
}
const ORACLE_RECORD = 24;
/** Rounds of each side, the best kept: single sub-second runs on this shared machine move by tenths. */
const ROUNDS = 3;

function loadAverage(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(' ');
}

/** The stream as an oracleGeneral file in the cache (object id = page, size 4096, no next access). */
function oracleCopy(ctx: BenchContext, native: string, trace: LoadedTrace): string {
  const file = path.join(ctx.cacheDir, `${path.basename(native, '.bin')}.oracleGeneral.bin`);
  if (fs.existsSync(file)) return file;
  ctx.log(`writing ${trace.length} oracleGeneral records`);
  const perPiece = 1 << 16;
  const piece = new Uint32Array((perPiece * ORACLE_RECORD) / 4);
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, 'w');
  try {
    for (let from = 0; from < trace.length; from += perPiece) {
      const n = Math.min(perPiece, trace.length - from);
      for (let i = 0, w = 0; i < n; i++, w += ORACLE_RECORD / 4) {
        piece[w] = from + i; // clock time
        piece[w + 1] = trace.pages[from + i]!; // object id, low half
        piece[w + 2] = 0; // object id, high half
        piece[w + 3] = 4096; // object size
        piece[w + 4] = 0xffffffff; // next access: -1 (i64)
        piece[w + 5] = 0xffffffff;
      }
      fs.writeSync(fd, piece, 0, n * ORACLE_RECORD);
    }
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  return file;
}

const round3 = (x: number): number => Number(x.toFixed(3));

const TINY_RECORDS = 1000;

/** The first records of the stream as a stream of their own, in the cache. */
function tinyCopy(ctx: BenchContext, native: string, trace: LoadedTrace): string {
  const file = path.join(ctx.cacheDir, `${path.basename(native, '.bin')}.first-${TINY_RECORDS}.bin`);
  if (fs.existsSync(file)) return file;
  const w = new TraceWriter(file, { format: trace.format, pageSize: trace.pageSize, renumber: true });
  for (let i = 0; i < Math.min(TINY_RECORDS, trace.length); i++) w.append(trace.codes[i]!, trace.pages[i]!);
  w.close();
  return file;
}

/** The best wall time of `rounds` runs of a command (which must succeed). */
async function bestRun(args: string[], rounds: number, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let best = Infinity;
  for (let round = 0; round < rounds; round++) {
    const run = await timed(() => spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env }));
    if (run.value.status !== 0) throw new Error(`startup: ${args.join(' ')} failed: ${run.value.stderr.toString().trim()}`);
    best = Math.min(best, run.seconds);
  }
  return best;
}

/** The middle value (the mean of the middle two of an even count). */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface WholeAgainstInProcess {
  /** Best of ROUNDS. */
  whole: number;
  inProcess: number;
  /** The median over rounds of each round's whole process over its in-process run, taken back to back. */
  ratio: number;
  /** The same without NODE_EXTRA_CA_CERTS, when `bareEnv` was given. */
  bare?: { whole: number; ratio: number };
  loads: string;
}

/**
 * A whole process (`args`) against the same work in process (`inProcess`, its seconds), ROUNDS
 * rounds, each a whole process (and one under `bareEnv`, if given) straight before the in-process
 * run, with the load average before each round. This machine's speed drifts by up to 2× within
 * minutes: the ratio is taken within each round, whose runs share the machine's state, and the
 * median of the rounds' ratios kept (best-of values from different rounds can mix fast and slow
 * phases).
 */
async function wholeAgainstInProcess(args: string[], inProcess: () => Promise<number>, bareEnv?: NodeJS.ProcessEnv): Promise<WholeAgainstInProcess> {
  const wholes: number[] = [];
  const bares: number[] = [];
  const ins: number[] = [];
  const loads: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    loads.push(loadAverage());
    wholes.push(await bestRun(args, 1));
    if (bareEnv) bares.push(await bestRun(args, 1, bareEnv));
    ins.push(await inProcess());
  }
  const ratios = (times: number[]): number => median(times.map((t, r) => t / ins[r]!));
  return {
    whole: Math.min(...wholes),
    inProcess: Math.min(...ins),
    ratio: ratios(wholes),
    ...(bareEnv ? { bare: { whole: Math.min(...bares), ratio: ratios(bares) } } : {}),
    loads: loads.join('; '),
  };
}

export const startupSuite: BenchSuite = {
  name: 'startup',
  description: 'whole `simulate` processes against the in-process replay, per policy; oracleGeneral import against the native stream',
  async run(ctx: BenchContext) {
    const figures: BenchFigure[] = [];
    const file = await zipfStreamFile(ctx, zipfSpec(ctx.scale));
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-bench-'));
    try {
      const cli = cliPath();
      const load = await timed(() => loadTrace(file));
      const trace = load.value.trace;
      const frames = Math.round(POLICY_FRAMES * Math.min(1, ctx.scale));
      const context = { references: trace.references, pages: trace.pageCount, frames };
      const floorLoad = loadAverage();
      const nodeFloor = await bestRun(['-e', '0'], 2 * ROUNDS);
      const cliFloor = await bestRun([cli, 'simulate', tinyCopy(ctx, file, trace), '-p', 'lru', '-s', '100', '-q', '-o', out], 2 * ROUNDS);
      ctx.log(`floor: node -e 0 ${nodeFloor.toFixed(2)} s, the CLI on ${TINY_RECORDS} records ${cliFloor.toFixed(2)} s (load ${floorLoad})`);
      figures.push({ name: 'startup.floor.node', value: round3(nodeFloor), unit: 's', better: 'lower', context: { load: floorLoad, command: 'node -e 0' } });
      // Node reads the certificates NODE_EXTRA_CA_CERTS names before it runs any JavaScript: part of every process's start where it is set.
      const bareEnv = process.env.NODE_EXTRA_CA_CERTS ? (({ NODE_EXTRA_CA_CERTS: _, ...env }) => env)(process.env) : undefined;
      if (bareEnv) {
        const bare = await bestRun(['-e', '0'], 2 * ROUNDS, bareEnv);
        ctx.log(`node -e 0 without NODE_EXTRA_CA_CERTS: ${bare.toFixed(2)} s`);
        figures.push({ name: 'startup.floor.nodeWithoutExtraCerts', value: round3(bare), unit: 's', better: 'lower', context: { load: floorLoad, command: 'node -e 0, NODE_EXTRA_CA_CERTS unset (it is set here: every process above reads those certificates)' } });
      }
      figures.push({ name: 'startup.floor.cli', value: round3(cliFloor), unit: 's', better: 'lower', context: { load: floorLoad, records: TINY_RECORDS, command: `simulate FIRST-${TINY_RECORDS}.bin -p lru -s 100 -q -o DIR` } });
      for (const def of listPolicies().filter((d) => !d.capabilities?.variableSpace)) {
        const command = [cli, 'simulate', file, '-p', def.name, '-s', String(frames), '-q', '-o', out];
        const { whole, inProcess: replay, ratio, bare, loads } = await wholeAgainstInProcess(
          command,
          async () => {
            if (!def.capabilities?.needsFuture) return (await replayOnce(def, trace, frames)).seconds;
            const fresh = { ...trace, pages: trace.pages.slice() };
            const future = await timed(() => nextUseOf(fresh));
            return future.seconds + (await replayOnce(def, fresh, frames)).seconds;
          },
          bareEnv,
        );
        const overFloor = whole / (cliFloor + replay);
        ctx.log(`${def.name}: whole process ${whole.toFixed(2)} s, in-process replay ${replay.toFixed(2)} s, ${ratio.toFixed(2)}× (median of the rounds)${bare ? `, ${bare.ratio.toFixed(2)}× without NODE_EXTRA_CA_CERTS` : ''}; ${overFloor.toFixed(2)}× the floor plus the replay (load ${loads})`);
        const withLoad = { ...context, load: loads };
        figures.push({ name: `startup.${def.name}.wholeProcess`, value: round3(whole), unit: 's', better: 'lower', context: withLoad });
        if (bare) {
          // The same command where node reads no extra certificates at start (as on most machines).
          figures.push({ name: `startup.${def.name}.ratioWithoutExtraCerts`, value: round3(bare.ratio), unit: 'x', better: 'lower', context: { ...withLoad, wholeProcess: round3(bare.whole), target: 1.3 } });
        }
        const note = def.capabilities?.needsFuture ? 'its next-use pass plus the policies suite’s replay: trace in memory, instance created beforehand' : 'the policies suite’s replay: trace in memory, instance created beforehand';
        figures.push({ name: `startup.${def.name}.inProcess`, value: round3(replay), unit: 's', better: 'lower', context: { ...withLoad, note } });
        figures.push({ name: `startup.${def.name}.ratio`, value: round3(ratio), unit: 'x', better: 'lower', context: { ...withLoad, target: 1.3, note: 'median over the rounds of whole process / in-process run, taken back to back' } });
        figures.push({ name: `startup.${def.name}.overFloor`, value: round3(overFloor), unit: 'x', better: 'lower', context: { ...withLoad, note: 'whole process / (the CLI on a tiny stream + the replay)' } });
      }
      // Whole curves: a one-pass curve of this stream (no releases) is fed by the stream, no load.
      const sizes = planRun({ pages: trace.pageCount, pageSize: trace.pageSize, references: trace.references }, { sizes: 'auto' }).sizes;
      const curves: [string, () => unknown][] = [
        ['lru', () => lruDepthCounters(trace, 0).counters(sizes)],
        ['opt', () => optDepthCounters(trace, 0).counters(sizes)],
      ];
      for (const [name, inProcess] of curves) {
        const { whole, inProcess: curve, ratio, loads } = await wholeAgainstInProcess([cli, 'simulate', file, '-p', name, '-s', 'auto', '-q', '-o', out], async () => (await timed(inProcess)).seconds);
        ctx.log(`${name} curve (${sizes.length} sizes): whole process ${whole.toFixed(2)} s, in process on the loaded trace ${curve.toFixed(2)} s, ${ratio.toFixed(2)}× (load ${loads})`);
        const withLoad = { ...context, sizes: sizes.length, load: loads };
        figures.push({ name: `startup.curve.${name}.wholeProcess`, value: round3(whole), unit: 's', better: 'lower', context: { ...withLoad, command: `simulate FILE -p ${name} -s auto -q -o DIR` } });
        figures.push({ name: `startup.curve.${name}.inProcess`, value: round3(curve), unit: 's', better: 'lower', context: { ...withLoad, note: 'the one-pass curve over the loaded trace' } });
        figures.push({ name: `startup.curve.${name}.ratio`, value: round3(ratio), unit: 'x', better: 'lower', context: { ...withLoad, target: 1.3, note: 'median over the rounds of whole process / in-process run, taken back to back' } });
      }
      const oracle = oracleCopy(ctx, file, trace);
      let native = Infinity;
      let imported = Infinity;
      const loads = loadAverage();
      for (let round = 0; round < ROUNDS; round++) {
        native = Math.min(native, (await timed(() => loadTrace(file))).seconds);
        const importing = await timed(() => loadTrace(`oracleGeneral:${oracle}`));
        imported = Math.min(imported, importing.seconds);
        const pages = importing.value.trace.pages;
        if (pages.length !== trace.length || pages.some((p, i) => p !== trace.pages[i])) throw new Error('startup: the imported oracleGeneral copy differs from the native stream');
      }
      ctx.log(`load: native ${native.toFixed(2)} s, oracleGeneral ${imported.toFixed(2)} s, ${(imported / native).toFixed(2)}× (load ${loads}; ${loadAverage()})`);
      const loadContext = { records: trace.length, load: `${loads}; ${loadAverage()}` };
      figures.push({ name: 'startup.load.native', value: round3(native), unit: 's', better: 'lower', context: { ...loadContext, bytes: fs.statSync(file).size } });
      figures.push({ name: 'startup.load.oracleGeneral', value: round3(imported), unit: 's', better: 'lower', context: { ...loadContext, bytes: fs.statSync(oracle).size } });
      figures.push({ name: 'startup.load.oracleGeneralOverNative', value: round3(imported / native), unit: 'x', better: 'lower', context: { ...loadContext, target: 2 } });
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
    return figures;
  },
};

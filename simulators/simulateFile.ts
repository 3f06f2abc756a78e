/**
 * `faultline simulate FILE` as a library call: load the stream and simulate the loaded trace
 * (simulate.ts), or stream it in one pass (streamSimulate.ts), whichever serves the run. Both give
 * the same results.json; streaming saves the load (on a 20M-record stream about as long as a fast
 * policy's replay: the trace's arrays are fresh memory) but runs its replays one after the other on
 * the calling thread, and only for what a stream can feed.
 */
import * as os from 'node:os';
import { LOADED_BYTES_PER_RECORD, formatBytes, loadTrace, loadTraceStream, openTraceStream, type StreamInfo } from '../traces/index.js';
import { defaultJobs } from './replayWorkers.js';
import { preFault } from './preFault.js';
import type { Results } from './results.js';
import { isWarmupFraction } from './memorySizes.js';
import { planRun, type RunPlan } from './runPlan.js';
import { simulateTrace, type SimulateOptions } from './simulate.js';
import { STREAM_ABOVE_MEMORY_SHARE, declaredFacts, replaysWithNextUse, simulateDeclaredStream, simulateStreamFile, streamedCurve } from './streamSimulate.js';

export type TracePath = 'load' | 'stream';

export interface TracePathChoice {
  path: TracePath;
  /** Why, in a sentence a user can read. */
  reason: string;
}

const load = (reason: string): TracePathChoice => ({ path: 'load', reason });

/** Replays a policy makes at one size each: one per size unified and one per size of at least 2 frames per partition. */
function replaysPerPolicy(options: SimulateOptions, plan: RunPlan): number {
  const unified = options.unified === false ? 0 : plan.sizes.length;
  return unified + (options.partitions ?? []).length * plan.sizes.filter((m) => m >= 2).length;
}

/**
 * Load the stream or stream it? Streamed when everything the run needs is known before its one
 * pass and a loaded trace would not be replayed in parallel: a binary stream that declares its page
 * and record counts (sizes and warm-up are planned on them), no allocation or sampling, no policy
 * that varies its memory, every replay fed by a stream (none needs the future, but OPT's next uses,
read backward from a plain binary file first: `replaysWithNextUse`) and every one-pass
 * curve too (`streamedCurve`: LRU, LRU-K, OPT) without a look-ahead pass (OPT's with releases
 * or a warm-up reads the stream twice: measured about 10 % slower than loading it), and one replay
 * or one worker thread (several replays of a loaded trace run in parallel on the worker threads, a
 * stream's one after the other) — or a trace too big to load (STREAM_ABOVE_MEMORY_SHARE of
 * `memoryBytes`, the machine's memory by default), which streams whatever a stream can feed (OPT
 * then as a one-pass curve, unless per-size replays were asked for and its next uses fit).
 */
export function chooseTracePath(info: StreamInfo, options: SimulateOptions, memoryBytes = os.totalmem()): TracePathChoice {
  if (options.allocations?.length) return load('allocations replay a loaded tagged trace');
  if (options.sample !== undefined || options.shards) return load('sampled curves need a loaded trace');
  const variable = options.policies.find((s) => s.def.capabilities?.variableSpace);
  if (variable) return load(`${variable.def.name} varies its memory over windows`);
  if (info.form !== 'binary' || info.tagged) return load(`a ${info.tagged ? 'tagged' : 'text'} stream is loaded`);
  const declared = declaredFacts(info);
  if (!declared) return load('the stream does not declare its page and record counts');
  if (info.releases && isWarmupFraction(options.warmup)) return load('a fraction of the references as warm-up: the stream may hold releases, which its header does not count');
  if ((options.partitions ?? []).length && info.format !== 'basic-named') return load('partitioned runs need a basic-named stream');
  let plan: RunPlan;
  try {
    plan = planRun(declared, options);
  } catch {
    return load('the run cannot be planned on the declared counts');
  }
  const loadedBytes = declared.records * LOADED_BYTES_PER_RECORD;
  const tooBig = loadedBytes > STREAM_ABOVE_MEMORY_SHARE * memoryBytes;
  let replays = 0;
  const curves: string[] = [];
  let lookAhead: string | undefined;
  let nextUses: string | undefined;
  for (const spec of options.policies) {
    const engine = streamedCurve(spec, declared, plan, options, tooBig);
    if (engine) {
      if ('reason' in engine) return load(`${spec.label}'s curve is one pass over the loaded trace: ${engine.reason}`);
      curves.push(`${spec.label}'s one-pass curve`);
      if (engine.streamed.lookAhead) lookAhead ??= spec.label;
    } else if (spec.def.capabilities?.needsFuture && !replaysWithNextUse(spec, info, declared, plan, options, memoryBytes)) {
      return load(`${spec.def.name} needs the whole trace in advance`);
    } else {
      replays += replaysPerPolicy(options, plan);
      if (spec.def.capabilities?.needsFuture) nextUses ??= spec.def.name;
    }
  }
  const jobs = options.jobs ?? defaultJobs();
  if (lookAhead && !tooBig) return load(`${lookAhead}'s one-pass curve ${info.releases ? 'with releases' : 'with a warm-up'} would read the stream twice (a look-ahead first)`);
  if (replays > 1 && jobs > 1 && !tooBig) return load(`${replays} replays run in parallel on ${jobs} worker threads over the loaded trace`);
  const work = [...curves, ...(replays ? [replays === 1 ? 'one replay' : `${replays} replays on one thread`] : []), ...(nextUses ? [`${nextUses}'s next uses read backward first`] : [])].join(', ');
  const why = tooBig ? ` (loaded, the trace would take ${formatBytes(loadedBytes)} of this machine's ${formatBytes(memoryBytes)})` : '';
  return { path: 'stream', reason: `${work}: one pass over the stream, no load${why}` };
}

export interface SimulatedFile {
  results: Results;
  /** The path taken and why (a streamed run whose stream broke its header's promises is loaded after all). */
  choice: TracePathChoice;
  /** Pages were not dense and were renumbered on load. */
  renumbered: boolean;
}

/**
 * Simulates a stream (any form, or `FORMAT:FILE`), loaded or streamed as `chooseTracePath`
 * decides; `force` takes one path whatever the choice (streaming then refuses what a stream cannot
 * run, and runs a statistics pass first when the stream declares no counts).
 */
export async function simulateFile(file: string, options: SimulateOptions, force?: TracePath): Promise<SimulatedFile> {
  if (force === 'stream') return { results: await simulateStreamFile(file, options), choice: { path: 'stream', reason: 'asked for' }, renumbered: false };
  const stream = await openTraceStream(file);
  let choice = force === 'load' ? load('asked for') : chooseTracePath(stream.info, options);
  let loaded = choice.path === 'load' ? await loadTraceStream(stream, file, preFault) : undefined;
  if (!loaded) {
    const outcome = await simulateDeclaredStream(stream, options, () => openTraceStream(file));
    if ('results' in outcome) return { results: outcome.results, choice, renumbered: false };
    choice = load(`streamed, then loaded: ${outcome.mismatch}`);
    loaded = await loadTrace(file, { onFreshMemory: preFault });
  }
  return { results: await simulateTrace(loaded.trace, options), choice, renumbered: loaded.renumbered };
}

/**
 * The options of a fault-curve request, checked once before any work: each numeric option the same
 * way (traces/optionValues.ts), and every rule that ties two options together. Errors name options
 * as the library does (`jobs`, `stream`); the CLI turns them into its flags.
 */
import { OptionError, numberOption, wholeNumberOption } from '../traces/index.js';
import type { CurveRequest } from './curveTypes.js';

/** Seeds are 32-bit: every randomised policy draws from a 32-bit generator. */
const MAX_SEED = 2 ** 32 - 1;

type CurveOptions = Partial<Pick<CurveRequest, 'jobs' | 'seed' | 'windows' | 'partitions' | 'sample' | 'shards' | 'perSize' | 'onePass' | 'unified' | 'allocations'>> & { specs?: CurveRequest['specs'] };

/**
 * @param streamed the trace is streamed from disk (`simulateStreamFile`), not loaded: policies that
 *   vary their memory, and sampled curves, are refused (replays that need the future are refused
 *   once the run is planned: a one-pass curve may stream)
 */
export function checkCurveOptions(req: CurveOptions, streamed = false): void {
  if (req.jobs !== undefined) wholeNumberOption('jobs', req.jobs, 1, 1024);
  if (req.seed !== undefined) wholeNumberOption('seed', req.seed, 0, MAX_SEED);
  for (const w of req.windows ?? []) wholeNumberOption('windows', w, 1);
  for (const share of req.partitions ?? []) {
    if (!(typeof share === 'number' && share > 0 && share < 1)) throw new OptionError('partitions', `${String(share)}: an anonymous share lies strictly between 0 and 1`);
  }
  if (req.sample !== undefined) numberOption('sample', req.sample, 0, 1);
  if (req.shards) {
    numberOption('shards', req.shards.rate, 0, 1);
    if (req.shards.maxPages !== undefined) wholeNumberOption('shardsSize', req.shards.maxPages, 1);
  }
  if (req.perSize && req.onePass) throw new OptionError('perSize', 'contradicts `onePass`: pick one');
  if (req.sample !== undefined && req.shards) throw new OptionError('sample', 'and `shards` are two ways of sampling: pick one');
  const sampled = req.sample !== undefined || req.shards !== undefined;
  if (sampled && ((req.partitions ?? []).length > 0 || req.unified === false)) throw new OptionError('partitions', `cannot be combined with \`${req.sample !== undefined ? 'sample' : 'shards'}\`: sampled curves are unified only`);
  if ((req.allocations ?? []).length > 0) {
    const other = sampled ? (req.sample !== undefined ? 'sample' : 'shards') : (req.partitions ?? []).length > 0 ? 'partitions' : streamed ? 'stream' : undefined;
    if (other) throw new OptionError('allocations', `cannot be combined with \`${other}\`: an allocation replays a loaded tagged trace, unified`);
  }
  if (!streamed) return;
  if (sampled) throw new OptionError('stream', `cannot be combined with \`${req.sample !== undefined ? 'sample' : 'shards'}\`: sampled curves need a loaded trace`);
  for (const spec of req.specs ?? []) {
    if (spec.def.capabilities?.variableSpace) throw new OptionError('stream', `cannot run ${spec.def.name}: a variable-space policy needs the loaded trace`);
  }
}

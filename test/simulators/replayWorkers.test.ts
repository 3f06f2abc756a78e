/**
 * Per-size replays on worker threads, sent in batches that the workers share out among themselves:
 * every job's outcome (or its own error) reaches its caller, whatever the number of jobs, batches
 * and workers; and one-pass curves computed while the workers replay give what they give alone.
 */
import { describe, expect, it } from 'vitest';
import { computeCurves } from '../../simulators/faultCurves.js';
import { ReplayWorkers } from '../../simulators/replayWorkers.js';
import { runPolicy } from '../../simulators/replayRun.js';
import { getPolicy, makePolicySpec } from '../../index.js';
import { allocationInfo, parseAllocationList } from '../../simulators/allocation/allocationSpec.js';
import { randomTrace } from '../helpers/randomStreams.js';

describe('ReplayWorkers', () => {
  it('gives each job its own outcome or error, over batches larger than the workers', async () => {
    const trace = randomTrace(3, { length: 20_000, universe: 900, named: true, releaseRate: 0.005 });
    const specs = ['lru', 'fifo', 'clock', 'arc'].map((name) => makePolicySpec(getPolicy(name)!));
    const workers = new ReplayWorkers(trace, 2);
    try {
      const configs = specs.flatMap((spec) => [5, 50, 200, 700].map((frames) => ({ spec, config: { frames, warmupRecords: 777 } })));
      const first = configs.slice(0, 11).map(({ spec, config }) => workers.run(spec, config));
      // An allocation on a trace without process tags: this job fails, the others of its batch do not.
      const failing = workers.run(specs[0]!, { frames: 100, allocation: allocationInfo(parseAllocationList(['equal'])[0]!) }).then(
        () => undefined,
        (err: Error) => err,
      );
      // A second batch, asked for in a later turn, while the first may still be running.
      await new Promise((r) => setImmediate(r));
      const second = configs.slice(11).map(({ spec, config }) => workers.run(spec, config));
      const outcomes = await Promise.all([...first, ...second]);
      outcomes.forEach((o, k) => expect(o.counters, `job ${k}`).toEqual(runPolicy(trace, configs[k]!.spec, configs[k]!.config).counters));
      const err = await failing;
      expect(err?.name).toBe('UsageError');
      expect(err?.message).toMatch(/not a tagged stream/);
    } finally {
      await workers.close();
    }
  });

  it('one-pass curves computed while the workers replay equal a single thread’s', async () => {
    const trace = randomTrace(5, { length: 30_000, universe: 1500, named: true, releaseRate: 0.003 });
    const specs = ['lru', 'fifo', 'opt', 'clock'].map((name) => makePolicySpec(getPolicy(name)!));
    const sizes = [10, 100, 400, 1200];
    const alone = await computeCurves(trace, { specs, sizes, jobs: 1, onePass: true, warmupRecords: 1000 });
    const beside = await computeCurves(trace, { specs, sizes, jobs: 2, onePass: true, warmupRecords: 1000 });
    expect(beside).toEqual(alone);
    expect(beside.filter((p) => p.method === 'one-pass').map((p) => p.spec.def.name)).toEqual(['lru', 'lru', 'lru', 'lru', 'opt', 'opt', 'opt', 'opt']);
  });
});

/**
 * Loading on a worker thread (loadAhead.ts) while this thread tallies the run and reserves OPT's
 * next-use array: the same trace as loading here, the same results for every run, the same errors.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTrace, openTraceStream, parsePolicyList, simulateTrace, type SimulateOptions } from '../../index.js';
import { RELEASE_BIT } from '../../traces/index.js';
import { loadAhead } from '../../simulators/loadAhead.js';
import { loadForRun } from '../../simulators/simulateFile.js';
import { randomInt, rng } from '../helpers/random.js';
import { randomStream } from '../helpers/randomStreams.js';
import { writeBinary } from '../helpers/binaryFiles.js';

const dir = fs.mkdtempSync(path.join('/tmp', 'faultline-loadahead-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('loadAhead: the trace loaded here', () => {
  for (let seed = 1; seed <= 6; seed++) {
    it(`seed ${seed}${seed % 3 === 0 ? ', sparse pages (renumbered)' : ''}`, async () => {
      const r = rng(seed * 104729);
      const s = randomStream(seed, { length: 1000 + randomInt(r, 300_000), universe: 10 + randomInt(r, 5000), named: seed % 2 === 0, releaseRate: seed % 4 === 0 ? 0 : 0.01 });
      // Sparse pages: every page id tripled, the header's count above all of them.
      const pages = seed % 3 === 0 ? s.pages.map((p) => 3 * p) : s.pages;
      const pageCount = seed % 3 === 0 ? 3 * s.pages.reduce((a, b) => Math.max(a, b), 0) + 1 : new Set(s.pages).size;
      const file = writeBinary(dir, `t${seed}.bin`, seed % 2 === 0 ? 'basic-named' : 'basic', pages, s.codes, { pageCount, records: pages.length });
      const here = await loadTrace(file);
      const stream = await openTraceStream(file);
      await stream.close();
      let seen = 0;
      const ahead = await loadAhead(file, stream.info, pages.length, [{ see: (_p, _c, from, to) => (expect(from).toBe(seen), (seen = to)) }]);
      expect(seen).toBe(pages.length);
      expect(ahead.renumbered).toBe(here.renumbered);
      expect(ahead.trace).toEqual(here.trace);
    });
  }

  it('fails as loading here does, in one line', async () => {
    const file = writeBinary(dir, 'bad.bin', 'basic', [0, 1, 2, 7], [0, 0, 0, 0], { pageCount: 3, records: 4 });
    const here = await loadTrace(file).catch((e: Error) => e.message);
    const stream = await openTraceStream(file);
    await stream.close();
    const ahead = await loadAhead(file, stream.info, 4, []).catch((e: Error) => e.message);
    expect(ahead).toBe(here);
    expect(ahead).toMatch(/bad\.bin: record 4 .*page 0x7 is not below/);
  });
});

describe('loadForRun: a run over the trace loaded ahead equals the run over the trace loaded here', () => {
  // OPT and VMIN need the future (the next-use array reserved during the load); warm-ups change the tally.
  const runs: [string, string[], string | number][] = [
    ['opt', ['7'], 0],
    ['opt', ['3', '20%'], '10%'],
    ['opt,lru', ['5'], 500],
    ['vmin', ['auto'], 0],
    ['lru,fifo', ['4', '9'], '25%'],
    ['opt', ['2', '4', '8', '16', '32', '64', '128', '256', '512', '1024', '2048', '4096'], 0],
  ];
  runs.forEach(([policies, sizes, warmup], k) => {
    it(`${policies} at ${sizes.join(',')}, warm-up ${warmup}`, async () => {
      const s = randomStream(k + 50, { length: 20_000, universe: 800, named: true, releaseRate: k % 2 === 0 ? 0.01 : 0, writeRate: 0.3 });
      const file = writeBinary(dir, `run${k}.bin`, 'basic-named', s.pages, s.codes, { pageCount: new Set(s.pages).size, records: s.pages.length, releases: s.codes.some((c) => c & RELEASE_BIT) });
      const options: SimulateOptions = { policies: parsePolicyList([policies]), sizes, warmup, perSize: k === 5 ? undefined : true, jobs: 1, file, command: 'test' };
      const ahead = await loadForRun(await openTraceStream(file), file, options, 0);
      const here = await loadTrace(file);
      expect(await simulateTrace(ahead.trace, options)).toEqual(await simulateTrace(here.trace, options));
    });
  });
});

// A scripted experiment with faultline's library API (docs/api/): the fault curves of two built-in
// policies (LRU, CLOCK) and a policy of your own (LIFO) on a Zipf stream, the OPT bound beside them,
// a results file and its charts. In your own project, import from 'faultline' instead of '../../index.js'.
//
//   npx tsx docs/examples/scriptedExperiment.ts [OUTPUT-DIR]
//
// test/examples/scriptedExperiment.test.ts runs it.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  PolicyRegistry,
  generateIrmTrace,
  parseIrmSpec,
  parsePolicyList,
  simulateTrace,
  writeReport,
  writeResults,
  type Results,
} from '../../index.js';

export interface ExperimentOptions {
  /** Where results.json, results.csv and report/ go; nothing is written without it. */
  outDir?: string;
  /** Worker threads for the per-size replays. */
  jobs?: number;
}

export async function runExperiment(options: ExperimentOptions = {}): Promise<Results> {
  // A workload: 200,000 references drawn from Zipf(0.9) over 5,000 pages, seeded.
  const trace = generateIrmTrace(parseIrmSpec('zipf:n=5000:s=0.9'), 200_000, 7);

  // A registry of our own: the built-in policies plus LIFO from its module. The module's URL travels
  // with the policy, so worker threads can import it too.
  const registry = PolicyRegistry.withBuiltins();
  await registry.loadModule(pathToFileURL(path.join(import.meta.dirname, 'lifoPolicy.js')).href);

  // Specs are objects from here on: parameters are checked once, here.
  const policies = parsePolicyList(['lru,clock:refOnInsert=0,opt,lifo'], registry);

  // Sizes in frames are typed numbers; warm up on the first 10% of the references.
  const results = await simulateTrace(trace, { policies, sizes: [50, 100, 250, 500, 1000, 2500, 5000], warmup: '10%', jobs: options.jobs, command: 'docs/examples/scriptedExperiment.ts' });

  if (options.outDir) {
    writeResults(results, options.outDir);
    writeReport(results, path.join(options.outDir, 'report'));
  }
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await runExperiment({ outDir: process.argv[2] });
  for (const size of results.sizes) {
    const row = results.runs.filter((r) => r.frames === size).map((r) => `${r.label} ${r.counters.faults}`);
    console.log(`${size} frames: ${row.join(', ')}`);
  }
}

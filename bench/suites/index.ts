/** Every benchmark suite `npm run bench` runs, in order. */
import type { BenchSuite } from '../benchSuite.js';
import { allocationSuite } from './allocation.js';
import { importersSuite } from './importers.js';
import { mergerSuite } from './merger.js';
import { onePassSuite } from './onePass.js';
import { parallelSuite } from './parallel.js';
import { policiesSuite } from './policies.js';
import { samplingSuite } from './sampling.js';
import { streamsSuite } from './streams.js';

export const suites: BenchSuite[] = [streamsSuite, importersSuite, mergerSuite, policiesSuite, onePassSuite, samplingSuite, parallelSuite, allocationSuite];

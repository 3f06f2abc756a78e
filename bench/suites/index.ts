/** Every benchmark suite `npm run bench` runs, in order. */
import type { BenchSuite } from '../benchSuite.js';
import { allocationSuite } from './allocation.js';
import { checkerSuite } from './checker.js';
import { curveChoiceSuite } from './curveChoice.js';
import { importersSuite } from './importers.js';
import { mergerSuite } from './merger.js';
import { onePassSuite } from './onePass.js';
import { parallelSuite } from './parallel.js';
import { policiesSuite } from './policies.js';
import { samplingSuite } from './sampling.js';
import { startupSuite } from './startup.js';
import { streamsSuite } from './streams.js';
import { studiesSuite } from './studies.js';

export const suites: BenchSuite[] = [streamsSuite, importersSuite, mergerSuite, policiesSuite, onePassSuite, curveChoiceSuite, samplingSuite, parallelSuite, startupSuite, studiesSuite, checkerSuite, allocationSuite];

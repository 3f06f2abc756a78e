/** Every benchmark suite `npm run bench` runs, in order. */
import type { BenchSuite } from '../benchSuite.js';

export const suites: BenchSuite[] = [];

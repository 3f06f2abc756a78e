/** Helpers shared by the simulator suites: garbage collection on demand and memory deltas. */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;

/** Bytes held on the heap and in array buffers, after a full collection. */
export function heldBytes(): number {
  collect();
  collect();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Resident set size in bytes. */
export function rssBytes(): number {
  return process.memoryUsage().rss;
}

/** Rate with 3 significant digits kept as an integer. */
export function perSecond(count: number, seconds: number): number {
  return Math.round(count / seconds);
}

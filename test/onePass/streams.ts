/** Sizes for the one-pass differential tests. */
import type { LoadedTrace } from '../../index.js';
export { randomCase } from '../helpers/randomStreams.js';

export function allSizes(trace: LoadedTrace): number[] {
  return Array.from({ length: trace.pageCount + 2 }, (_, k) => k + 1);
}

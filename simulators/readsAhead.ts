/**
 * Whether a stream's chunks are read on a worker thread (chunksAhead.ts) or on the calling thread:
 * the rule, in a module light enough for the command to ask before it loads the rest
 * (cli/main.ts starts the worker early for a file this rule takes).
 */
import * as fs from 'node:fs';
import { hasSpareCore } from './cores.js';

/**
 * Files from this size are read ahead: the worker's start (about 0.1 s) is then less than the work
 * it takes off this thread (reading, decoding and counting: about 3 ns per byte of a binary stream).
 */
export const AHEAD_MIN_BYTES = 32 * 2 ** 20;

/** A file of this name exists, holds at least AHEAD_MIN_BYTES, and the machine has a core to spare. */
export function readsAhead(file: string): boolean {
  if (!hasSpareCore()) return false;
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat !== undefined && stat.isFile() && stat.size >= AHEAD_MIN_BYTES;
}

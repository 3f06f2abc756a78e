/** Block requests to pages: the pages holding a byte range of one disk (or address space). */
import type { ChunkBuilder } from './chunkBuilder.js';
import type { IdSpace } from './idSpace.js';

/**
 * Queues a reference to every page holding bytes [offset, offset + length) of `space`; a request of
 * 0 bytes moves no data and references nothing. Returns false when the range reaches past 2⁵³ bytes,
 * the largest byte position a number holds exactly.
 */
export function queueByteRange(out: ChunkBuilder, space: IdSpace, offset: number, length: number, pageSize: number, code: number, second = -1): boolean {
  const end = offset + length;
  if (end > Number.MAX_SAFE_INTEGER) return false;
  if (length > 0) out.addRun(space, Math.floor(offset / pageSize), Math.floor((end - 1) / pageSize), code, second);
  return true;
}

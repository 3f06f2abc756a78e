/** Block requests to pages: the pages holding a byte range of one disk (or address space). */
import type { ChunkBuilder } from './chunkBuilder.js';
import type { IdSpace } from './idSpace.js';
import type { ImportSettings } from './importSettings.js';

/**
 * Queues a reference to every page holding bytes [offset, offset + length) of `space`; a request of
 * 0 bytes moves no data and references nothing. Returns what is wrong with a range it refuses: one
 * reaching past 2⁵³ bytes (the largest byte position a number holds exactly), or one spanning more
 * pages than `maxRequestPages` (a corrupt line must not grow the page space by billions of pages
 * before anything can stop it: docs/formats.md, "Limits").
 */
export function queueByteRange(
  out: ChunkBuilder,
  space: IdSpace,
  offset: number,
  length: number,
  limits: Pick<ImportSettings, 'pageSize' | 'maxRequestPages'>,
  code: number,
  second = -1,
): string | undefined {
  const end = offset + length;
  if (end > Number.MAX_SAFE_INTEGER) return 'request reaches past byte 2^53';
  if (length <= 0) return undefined;
  const first = Math.floor(offset / limits.pageSize);
  const last = Math.floor((end - 1) / limits.pageSize);
  if (last - first + 1 > limits.maxRequestPages) {
    return `request spans ${last - first + 1} pages, more than the limit of ${limits.maxRequestPages} (setting max-request-pages raises it)`;
  }
  out.addRun(space, first, last, code, second);
  return undefined;
}

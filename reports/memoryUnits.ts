/** Memory sizes for people: pages with thousands separators (bytes: traces/memoryAmounts.ts's formatBytes), and parsing `--at`. */
import { MEMORY_UNITS, UsageError, formatBytes, parseMemoryAmount as parseAmount } from '../traces/index.js';

/** Grouped digits; fractions (mean resident sizes) keep two decimals. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: Number.isInteger(n) ? 0 : 2 });
}

/** `pages` and their size in bytes, e.g. `1,024 pages (4 MiB)`. */
export function formatPages(pages: number, pageSize: number): string {
  return `${formatCount(pages)} page${pages === 1 ? '' : 's'} (${formatBytes(pages * pageSize)})`;
}

/**
 * One memory size given by a user: a page count (`256`, `256 pages`) or an amount of memory in the
 * syntax every command shares (`4MiB`, `64 KiB`, `64MB`: traces/memoryAmounts.ts), which must be a
 * whole number of pages.
 */
export function parseMemoryAmount(text: string, pageSize: number): number {
  const count = /^\s*(\d+(?:\.\d+)?)\s*(pages)?\s*$/i.exec(text);
  const bytes = count ? Number(count[1]) * pageSize : parseAmount(text);
  if (bytes === undefined) {
    throw new UsageError(`memory size ${JSON.stringify(text)}: expected a page count or an amount such as 4MiB (units ${MEMORY_UNITS})`);
  }
  const pages = bytes / pageSize;
  if (!Number.isInteger(pages) || pages <= 0) {
    throw new UsageError(`memory size ${JSON.stringify(text)}: not a positive whole number of ${formatBytes(pageSize)} pages`);
  }
  return pages;
}

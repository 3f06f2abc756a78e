/** Memory sizes for people: pages with thousands separators, bytes in binary units, and parsing `--at`. */
import { UsageError } from '../traces/index.js';

const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
const UNIT_BYTES: Record<string, number> = { b: 1, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 };

/** Grouped digits; fractions (mean resident sizes) keep two decimals. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: Number.isInteger(n) ? 0 : 2 });
}

/** `bytes` in the largest binary unit that keeps the value ≥ 1, with at most three significant digits. */
export function formatBytes(bytes: number): string {
  let unit = 0;
  let value = bytes;
  while (value >= 1024 && unit < BINARY_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number(value.toPrecision(3)).toLocaleString('en-US')} ${BINARY_UNITS[unit]}`;
}

/** `pages` and their size in bytes, e.g. `1,024 pages (4 MiB)`. */
export function formatPages(pages: number, pageSize: number): string {
  return `${formatCount(pages)} page${pages === 1 ? '' : 's'} (${formatBytes(pages * pageSize)})`;
}

/**
 * One memory size given by a user: a page count (`256`) or an amount with a binary unit (`4MiB`,
 * `64 KiB`), which must be a whole number of pages.
 */
export function parseMemoryAmount(text: string, pageSize: number): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m?.[2]?.toLowerCase() ?? '';
  const scale = unit === '' || unit === 'pages' ? pageSize : UNIT_BYTES[unit];
  if (!m || scale === undefined) {
    throw new UsageError(`memory size ${JSON.stringify(text)}: expected a page count or an amount such as 4MiB (units B, KiB, MiB, GiB, TiB)`);
  }
  const pages = (Number(m[1]) * scale) / pageSize;
  if (!Number.isInteger(pages) || pages <= 0) {
    throw new UsageError(`memory size ${JSON.stringify(text)}: not a positive whole number of ${formatBytes(pageSize)} pages`);
  }
  return pages;
}

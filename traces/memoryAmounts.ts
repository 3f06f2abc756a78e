/**
 * Pages and memory amounts, defined once for every part: the page size (kVMTrace's i386 and x86_64
 * pages; the size streams declare unless their header says otherwise), and the syntax of an amount
 * of memory as users write it — a number with a unit: `64MiB`, `1.5 GB`, `4096B`.
 */

export const PAGE_SHIFT = 12;
/** Bytes per page. */
export const PAGE_SIZE = 1 << PAGE_SHIFT;

const UNIT_BYTES: Record<string, number> = {
  b: 1,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
};

const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/**
 * `bytes` in the largest binary unit that keeps the value ≥ 1, with at most three significant
 * digits (`4.77 MiB`, `1,020 KiB`). Grouped without Intl: the first locale-aware formatting of a
 * process loads ICU's number data (about 30 ms), and the simulator's messages use this too.
 */
export function formatBytes(bytes: number): string {
  let unit = 0;
  let value = bytes;
  while (value >= 1024 && unit < BINARY_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const [whole, fraction] = String(Number(value.toPrecision(3))).split('.');
  return `${whole!.replace(/\B(?=(\d{3})+$)/g, ',')}${fraction === undefined ? '' : `.${fraction}`} ${BINARY_UNITS[unit]}`;
}

/** The units `parseMemoryAmount` accepts, for messages. */
export const MEMORY_UNITS = 'B, KiB, MiB, GiB, TiB, KB, MB, GB, TB';

/**
 * The bytes of `text` when it is an amount of memory with a unit (binary KiB…TiB, decimal KB…TB, or
 * B; case-insensitive, spaces allowed around the number), else undefined.
 */
export function parseMemoryAmount(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]i?b|b)\s*$/i.exec(text);
  return m ? Number(m[1]) * UNIT_BYTES[m[2]!.toLowerCase()]! : undefined;
}

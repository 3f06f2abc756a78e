/**
 * Memory sizes for fault curves, as users write them (comma-separated, freely mixed):
 *   `4096`          frames
 *   `100:1000:100`  a range A:B:STEP of frames (B included when reached)
 *   `0.01`, `25%`   a fraction of the trace's footprint (a decimal point or % makes it a fraction)
 *   `64MiB`, `1GB`  an amount of memory, divided by the page size (KiB MiB GiB TiB, KB MB GB TB, B)
 *   `auto`          log-spaced sizes from a small fraction of the footprint up to the footprint
 * The result is ascending, without duplicates, every size ≥ 1 frame.
 */
import { OptionError, UsageError } from '../traces/errors.js';
import { parseMemoryAmount } from '../traces/memoryAmounts.js';

export interface SizeContext {
  /** Distinct pages of the trace. */
  footprint: number;
  pageSize: number;
}

const AUTO_POINTS = 24;

/**
 * About `AUTO_POINTS` sizes spaced evenly on a log scale from footprint/1024 (≥ 1) to the footprint,
 * ascending and without duplicates: below 2048 pages (footprint/1024 < 2) the first steps round to the same
 * frame count, and callers that take the default unparsed (reuse's curve, simulateTrace) would
 * otherwise report one size twice.
 */
export function autoSizes(footprint: number): number[] {
  const top = Math.max(1, footprint);
  const bottom = Math.max(1, Math.floor(top / 1024));
  const out: number[] = [];
  for (let k = 0; k < AUTO_POINTS; k++) {
    const size = Math.round(bottom * Math.pow(top / bottom, k / (AUTO_POINTS - 1)));
    if (size !== out.at(-1)) out.push(size);
  }
  return out;
}

function bad(item: string, detail: string): never {
  throw new UsageError(`bad memory size ${JSON.stringify(item)}: ${detail} (sizes: N frames, A:B:STEP, 0.25 or 25% of the footprint, 64MiB, or auto)`);
}

function parseItem(item: string, ctx: SizeContext): number[] {
  const t = item.trim();
  if (t === 'auto') return autoSizes(ctx.footprint);
  if (t.includes(':')) {
    const parts = t.split(':');
    if (parts.length !== 3 || !parts.every((x) => /^\d+$/.test(x))) bad(item, 'a range is A:B:STEP with whole numbers of frames');
    const [a, b, step] = parts.map(Number) as [number, number, number];
    if (step <= 0) bad(item, 'the step must be positive');
    if (a < 1 || b < a) bad(item, 'a range needs 1 ≤ A ≤ B');
    if ((b - a) / step > 1e6) bad(item, 'more than a million sizes');
    const out: number[] = [];
    for (let v = a; v <= b; v += step) out.push(v);
    return out;
  }
  const bytes = parseMemoryAmount(t);
  if (bytes !== undefined) {
    // A memory of that many bytes holds this many whole frames.
    const frames = Math.floor(bytes / ctx.pageSize);
    if (frames < 1) bad(item, `less than one ${ctx.pageSize}-byte page`);
    return [frames];
  }
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(t);
  if (percent || /^\d*\.\d+$/.test(t) || /^\d+\.$/.test(t)) {
    const fraction = percent ? Number(percent[1]) / 100 : Number(t);
    if (!(fraction > 0)) bad(item, 'a fraction of the footprint must be positive');
    return [Math.max(1, Math.round(fraction * ctx.footprint))];
  }
  if (/^\d+$/.test(t)) {
    const frames = Number(t);
    if (frames < 1) bad(item, 'memory needs at least one frame');
    return [frames];
  }
  if (/^-/.test(t)) bad(item, 'sizes cannot be negative');
  return bad(item, 'not a size');
}

export function parseSizes(spec: string | string[], ctx: SizeContext): number[] {
  const items = (Array.isArray(spec) ? spec : [spec]).flatMap((s) => s.split(',')).filter((s) => s.trim() !== '');
  if (items.length === 0) throw new UsageError('no memory sizes given');
  const sizes = new Set<number>();
  for (const item of items) for (const v of parseItem(item, ctx)) sizes.add(v);
  return [...sizes].sort((a, b) => a - b);
}

/** A warm-up as given: a count of references, or a fraction of them; undefined for none. */
type WarmupSpec = { count: number; given: string } | { fraction: number } | undefined;

function readWarmup(spec: string | number | undefined): WarmupSpec {
  if (spec === undefined || spec === '' || spec === 0) return undefined;
  if (typeof spec === 'number') {
    // A typed number is read as it is, never as text: a whole count, or a fraction below 1.
    if (Number.isInteger(spec) && spec > 0) return { count: spec, given: String(spec) };
    if (spec > 0 && spec < 1) return { fraction: spec };
    throw new UsageError(`bad warm-up ${spec}: give a number of references or a fraction below 1`);
  }
  const t = spec.trim();
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(t);
  if (percent || /^\d*\.\d+$/.test(t)) {
    const f = percent ? Number(percent[1]) / 100 : Number(t);
    if (f >= 1) throw new OptionError('warmup', `${t}: a fraction must be below 1`);
    return { fraction: f };
  }
  if (!/^\d+$/.test(t)) throw new OptionError('warmup', `${t}: give a number of references or a fraction (0.1, 10%)`);
  return { count: Number(t), given: t };
}

/** Parses a warm-up: a count of references (`100000`) or a fraction of them (`0.1`, `10%`). */
export function parseWarmup(spec: string | number | undefined, references: number): number {
  const w = readWarmup(spec);
  if (w === undefined) return 0;
  return 'fraction' in w ? Math.floor(w.fraction * references) : wholeWarmup(w.count, w.given, references);
}

/** Whether a warm-up is a fraction of the references (so that it moves with their number). */
export function isWarmupFraction(spec: string | number | undefined): boolean {
  const w = readWarmup(spec);
  return w !== undefined && 'fraction' in w;
}

/** A warm-up that covers the whole trace would leave nothing to count: 0 faults that look like a result. */
function wholeWarmup(n: number, given: string, references: number): number {
  if (n >= references) throw new OptionError('warmup', `${given} references: the trace has only ${references}, nothing would be counted`);
  return n;
}

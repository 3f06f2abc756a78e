import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryTicks } from '../../reports/memoryAxis.js';
import { formatPages, parseMemoryAmount } from '../../reports/memoryUnits.js';
import { formatBytes } from '../../traces/memoryAmounts.js';
import { readResults } from '../../reports/readResults.js';
import { readFigureStyle } from '../../reports/figureStyle.js';
import { defaultBreakdownSizes, resolveOptions, spansDecades, type ReportOptions } from '../../reports/reportOptions.js';
import { seriesName, seriesOf } from '../../reports/series.js';
import { InputError, OptionError, UsageError } from '../../traces/errors.js';
import { userMessage } from '../../cli/flags.js';
import { tempDir } from '../helpers/cli.js';
import { handExample } from './resultsBuilder.js';

const dir = tempDir('faultline-reports-');

function writeJson(name: string, value: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return file;
}

function readError(file: string): InputError {
  try {
    readResults(file);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error(`${file} was accepted`);
}

/** A copy of the hand example with `edit` applied. */
function edited(edit: (r: Record<string, any>) => void): Record<string, unknown> {
  const r = JSON.parse(JSON.stringify(handExample()));
  edit(r);
  return r;
}

describe('readResults', () => {
  it('reads a valid results file', () => {
    const r = readResults(writeJson('ok.json', handExample()));
    expect(r.runs).toHaveLength(handExample().runs.length);
  });

  it.each([
    ['a foreign JSON file', { name: 'pkg', version: '1.0.0' }, '', /not a faultline results file: expected schema "faultline-results\/1", found no "schema" field/],
    ['another schema version', edited((r) => (r.schema = 'faultline-results/2')), '', /found schema "faultline-results\/2"/],
    ['a JSON array', [1, 2], '', /found no "schema" field/],
    ['a missing field', edited((r) => delete r.trace.pageSize), 'trace.pageSize', /^missing \(expected an integer > 0\)$/],
    ['a string count', edited((r) => (r.runs[3].counters.faults = '12')), 'runs[3].counters.faults', /^expected a number ≥ 0, found "12"$/],
    ['a negative count', edited((r) => (r.runs[0].counters.writebacks = -1)), 'runs[0].counters.writebacks', /found -1/],
    ['an unknown mode', edited((r) => (r.runs[1].mode = 'split')), 'runs[1].mode', /expected "unified" or "partitioned", found "split"/],
    ['zero frames', edited((r) => (r.runs[2].frames = 0)), 'runs[2].frames', /expected a number > 0, found 0/],
    ['no runs', edited((r) => (r.runs = [])), 'runs', /expected a non-empty array, found an array/],
    ['a null cost', edited((r) => (r.runs[0].cost = null)), 'runs[0].cost', /expected an object, found null/],
    ['a bad parameter value', edited((r) => (r.runs[0].params = { k: [2] })), 'runs[0].params.k', /expected a number, string or boolean/],
  ])('rejects %s, naming the field', (_what, value, location, detail) => {
    const file = writeJson('bad.json', value);
    const err = readError(file);
    expect(err.file).toBe(file);
    expect(err.location).toBe(location);
    expect(err.detail).toMatch(detail);
    expect(err.message).not.toContain('\n');
  });

  it('rejects text that is not JSON with the line of the error', () => {
    // A trailing comma, as a hand edit leaves it: V8 gives its position, so the line is known.
    const err = readError(writeJson('broken.json', '{\n  "schema": "faultline-results/1",\n  "runs": [],\n}\n'));
    expect(err.location).toBe('line 4');
    expect(err.detail).toMatch(/^not a JSON results file \(/);
    expect(err.message).not.toContain('\n');
    expect(readError(writeJson('empty.json', '')).detail).toMatch(/not a JSON results file/);
    // Where V8 gives no position, the message still stays on one line.
    expect(readError(writeJson('snippet.json', '{\n"a": tru}\n')).message).not.toContain('\n');
  });

  it('a figure-style file that is not JSON gets the line of the error too (docs/reports.md)', () => {
    const file = writeJson('style.json', '{\n  "preset": "column",\n}\n');
    let err: unknown;
    try {
      readFigureStyle(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).location).toBe('line 3');
    expect((err as InputError).detail).toMatch(/^not a JSON figure style \(/);
  });

  it('rejects a missing file and a directory', () => {
    expect(readError(path.join(dir, 'nope.json')).detail).toBe('no such file');
    expect(readError(dir).detail).toMatch(/is a directory/);
  });
});

describe('series of a results file', () => {
  const series = seriesOf(handExample());

  it('groups runs by mode, label and kind of space, in the order the file names them', () => {
    expect(series.map((s) => `${s.label}/${s.mode}${s.variable ? '/variable' : ''}`)).toEqual([
      'lru/unified',
      'fifo/unified',
      'segq/unified',
      'opt/unified',
      'ws/unified/variable',
      'lru/partitioned',
      'opt/partitioned',
    ]);
    expect(series.find((s) => s.label === 'ws')!.runs.map((r) => r.frames)).toEqual([3.5, 7.25, 11]);
  });

  it('keeps the partitioned split with the fewest faults at each size (ties: fewer anonymous frames)', () => {
    const lru = series.find((s) => s.label === 'lru' && s.mode === 'partitioned')!;
    expect(lru.runs.map((r) => [r.frames, r.counters.faults, r.partition!.anonFrames])).toEqual([
      [8, 55, 2],
      [12, 30, 6],
      [16, 18, 4],
    ]);
    expect(lru.splits).toBe(2);
    expect(seriesName(lru, true)).toBe('lru, partitioned (best of 25%, 50% anonymous)');
    expect(seriesName(series.find((s) => s.opt && s.mode === 'partitioned')!, false)).toBe('OPT (50% anonymous)');
  });
});

describe('memory sizes', () => {
  it('formats pages and bytes', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536 * 1024)).toBe('1.5 MiB');
    expect(formatBytes(4096 * 900)).toBe('3.52 MiB');
    // Three significant digits, grouped without Intl: 1,023 KiB rounds to 1,020 KiB, 2^60 bytes is 1,024 PiB.
    expect(formatBytes(1023 * 1024)).toBe('1,020 KiB');
    expect(formatBytes(2 ** 60)).toBe('1,020 PiB');
    expect(formatBytes(5 * 2 ** 20 - 1)).toBe('5 MiB');
    expect(formatPages(1, 4096)).toBe('1 page (4 KiB)');
    expect(formatPages(262144, 4096)).toBe('262,144 pages (1 GiB)');
    expect(formatPages(7.25, 4096)).toBe('7.25 pages (29 KiB)');
  });

  it('parses page counts and amounts', () => {
    expect(parseMemoryAmount('256', 4096)).toBe(256);
    expect(parseMemoryAmount('4MiB', 4096)).toBe(1024);
    expect(parseMemoryAmount(' 64 KiB ', 4096)).toBe(16);
    expect(() => parseMemoryAmount('6KiB', 4096)).toThrow(UsageError);
    // The amount syntax is simulate -s's (traces/memoryAmounts.ts): decimal units too, and the
    // amount must still be whole pages: 64MB = 64,000,000 B = 15,625 pages of 4096 B; 4MB is not.
    expect(parseMemoryAmount('64MB', 4096)).toBe(15625);
    expect(() => parseMemoryAmount('4MB', 4096)).toThrow(/not a positive whole number of 4 KiB pages/);
    expect(() => parseMemoryAmount('4XB', 4096)).toThrow(/units B, KiB/);
    expect(() => parseMemoryAmount('0', 4096)).toThrow(UsageError);
    expect(() => parseMemoryAmount('-3', 4096)).toThrow(UsageError);
  });

  it('puts linear ticks at powers of two of pages, at most nine', () => {
    expect(memoryTicks(50, 900, false)).toEqual({ min: 0, max: 900, ticks: [0, 128, 256, 384, 512, 640, 768, 896] });
    expect(memoryTicks(4, 20, false)).toEqual({ min: 0, max: 20, ticks: [0, 4, 8, 12, 16, 20] });
    expect(memoryTicks(1, 3, false).ticks).toEqual([0, 1, 2, 3]);
  });

  it('puts logarithmic ticks at every k-th power of two around the data', () => {
    expect(memoryTicks(50, 900, true)).toEqual({ min: 32, max: 1024, ticks: [32, 64, 128, 256, 512, 1024] });
    expect(memoryTicks(1, 1000, true)).toEqual({ min: 1, max: 1024, ticks: [1, 4, 16, 64, 256, 1024] });
    expect(memoryTicks(3.5, 3.5, true)).toEqual({ min: 2, max: 4, ticks: [2, 4] });
    expect(memoryTicks(0.4, 3, true)).toEqual({ min: 0.25, max: 4, ticks: [0.25, 0.5, 1, 2, 4] });
    // Twelve powers of two: every other one is a tick, and the axis ends just above the largest size.
    expect(memoryTicks(64, 69_529, true)).toEqual({ min: 64, max: 131_072, ticks: [64, 256, 1024, 4096, 16_384, 65_536] });
  });
});

describe('report options', () => {
  const results = handExample();
  const series = seriesOf(results);

  it('picks the quartiles of the measured sizes for the breakdown by default', () => {
    expect(defaultBreakdownSizes([4, 8, 12, 16, 20])).toEqual([8, 12, 16]);
    expect(defaultBreakdownSizes([1, 2, 3, 4, 5, 6, 7, 8, 9])).toEqual([3, 5, 7]);
    expect(defaultBreakdownSizes([10, 20])).toEqual([10, 20]);
    expect(resolveOptions(results, series).at).toEqual([8, 12, 16]);
  });

  it('accepts breakdown sizes in pages or bytes, and refuses sizes that were not run', () => {
    expect(resolveOptions(results, series, { at: ['80KiB', 4, '16'] }).at).toEqual([4, 16, 20]);
    expect(() => resolveOptions(results, series, { at: ['5'] })).toThrow(OptionError);
  });

  it('draws the memory axis on a log scale by default when the sizes span two decades (auto sizes)', () => {
    expect(spansDecades([4, 8, 12, 16, 20])).toBe(false);
    expect(spansDecades([1, 10, 100])).toBe(true);
    expect(spansDecades([1, 100])).toBe(false);
    expect(resolveOptions(results, series).logX).toBe(false);
    const wide = { ...results, sizes: [1, 30, 1000] };
    expect(resolveOptions(wide, series).logX).toBe(true);
    expect(resolveOptions(wide, series, { logX: false }).logX).toBe(false);
  });

  it('refuses sizes and metrics out of range: option errors by library name, flags in the CLI', () => {
    const refusal = (options: ReportOptions): string => {
      try {
        resolveOptions(results, series, options);
      } catch (err) {
        expect(err).toBeInstanceOf(OptionError);
        expect((err as OptionError).message).not.toMatch(/--/);
        return userMessage(err as OptionError);
      }
      throw new Error(`accepted ${JSON.stringify(options)}`);
    };
    expect(refusal({ width: 0.5 })).toBe('--width 0.5 in at 200 dpi is 100 pixels: expected 300 to 8000 (change --width or --dpi)');
    expect(userMessage(new OptionError('width', '0.5 in (change `width` or `dpi`)'), 'report-')).toBe('--report-width 0.5 in (change --report-width or --report-dpi)');
    expect(refusal({ height: 50 })).toMatch(/^--height 50 in at 200 dpi/);
    expect(refusal({ y: 'hits' as 'faults' })).toMatch(/^--y hits: expected faults/);
    expect(refusal({ formats: ['png', 'gif' as 'png'] })).toBe('--format png,gif: expected one or more of png, svg, pdf');
    expect(refusal({ yMin: 10, yMax: 5 })).toBe('--y-min 10 --y-max 5: the minimum must be below the maximum');
    expect(refusal({ logY: true, yMin: 0 })).toBe('--y-min 0: a logarithmic y axis needs a minimum above 0');
    expect(refusal({ fractions: [0.1, 2] })).toBe('--fractions 0.1,2: expected fractions of the footprint above 0 and at most 1');
    expect(refusal({ at: ['5'] })).toBe('--at 5 pages: the results hold no run at that size; sizes run: 4, 8, 12, 16, 20');
  });
});

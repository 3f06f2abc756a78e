import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles, runCli, tempDir } from '../helpers/cli.js';
import { handExample } from './resultsBuilder.js';

const REALISTIC = path.resolve(import.meta.dirname, '../fixtures/reports/realistic.results.json');

describe('faultline report', () => {
  const dir = tempDir('faultline-report-cli-');
  const hand = path.join(dir, 'hand.results.json');
  fs.writeFileSync(hand, JSON.stringify(handExample(), null, 2));

  it('writes the figures and an index.md with the hand-checked key numbers', () => {
    const out = path.join(dir, 'hand-report');
    const r = runCli(['report', hand, '-o', out]);
    expect(r.stderr).toBe(`${out}: 5 figures, index.md and index.html\n`);
    expect(r.status).toBe(0);
    expect(listFiles(out)).toEqual(['fault-breakdown.png', 'fault-curve.png', 'index.html', 'index.md', 'paging-time.png', 'partitioned-vs-unified.png', 'write-backs.png']);
    const index = fs.readFileSync(path.join(out, 'index.md'), 'utf8');
    for (const file of listFiles(out).filter((f) => f.endsWith('.png'))) expect(index).toContain(`- [${file}](${file}): `);
    // Knees, memory for 1.1× and 1.5× OPT and the mean gap as worked out in keyNumbers.test.ts (4 KiB pages).
    expect(index).toContain(
      [
        '| policy | memory | knee | faults at the knee | within 1.1× OPT from | within 1.5× OPT from | mean gap to OPT |',
        '|---|---|---:|---:|---:|---:|---:|',
        '| lru | unified | 12 pages (48 KiB) | 24 | ≈ 14.89 pages (59.6 KiB) | ≈ 9.25 pages (37 KiB) | +42.5% |',
        '| fifo | unified | 12 pages (48 KiB) | 40 | ≈ 18.57 pages (74.3 KiB) | ≈ 14.17 pages (56.7 KiB) | +87.7% |',
        '| segq | unified | 12 pages (48 KiB) | 22 | ≈ 12 pages (48 KiB) | ≤ 4 pages (16 KiB) | +30.0% |',
        '| OPT | unified | 8 pages (32 KiB) | 30 | the bound | the bound | 0.0% |',
      ].join('\n'),
    );
    expect(index).toContain('| lru (best of 25%, 50% anonymous) | partitioned | 12 pages (48 KiB) | 30 | not reached | ≤ 8 pages (32 KiB) | +23.6% |');
    // segq at 4 pages: 1 − 90/100 and 1 − 90/110; at 12 pages (nearest 50% of 20): 1 − 22/24 and 1 − 22/40.
    expect(index).toContain('| segq | unified | +10.0% | +18.2% | +10.0% | +18.2% | +8.3% | +45.0% |');
    for (const term of ['Knee', 'Within k× OPT from', 'Mean gap to OPT', 'vs LRU / vs FIFO at f%', 'Crossings']) expect(index).toContain(`- **${term}**`);
    expect(index).toContain('Compulsory floor: 12 faults.');
    expect(index).toContain('- [fault-breakdown.png](fault-breakdown.png): Faults by cause at 8 pages (32 KiB), 12 pages (48 KiB), 16 pages (64 KiB)');
  });

  it('gives the same bytes for the same input, run after run', () => {
    const a = path.join(dir, 'same-a');
    const b = path.join(dir, 'same-b');
    for (const out of [a, b]) expect(runCli(['report', REALISTIC, '-o', out, '--quiet']).status).toBe(0);
    const files = listFiles(a);
    expect(files).toHaveLength(7);
    expect(listFiles(b)).toEqual(files);
    for (const f of files) expect(fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f))), f).toBe(true);
  });

  it('takes --y, --log-x, --at, --width and --height (inches at --dpi), and prints a JSON summary', () => {
    const out = path.join(dir, 'options');
    const r = runCli(['report', REALISTIC, '-o', out, '--y', 'miss-ratio', '--log-x', '--at', '200,3200KiB', '--width', '5', '--height', '3.5', '--dpi', '200', '--json']);
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.figures[0]).toEqual({ file: 'fault-curve.png', files: ['fault-curve.png'], caption: expect.stringMatching(/^Miss ratio against memory size/) });
    expect(summary.figures[1].caption).toMatch(/^Faults by cause at 200 pages \(800 KiB\), 800 pages \(3.13 MiB\):/);
    expect(summary.keyNumbers.find((k: { label: string; mode: string }) => k.label === 'opt' && k.mode === 'unified')).toMatchObject({ opt: true });
    const png = fs.readFileSync(path.join(out, 'fault-curve.png'));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1000, 700]);
  });

  it('replaces an earlier report in place', () => {
    const out = path.join(dir, 'again');
    expect(runCli(['report', REALISTIC, '-o', out, '--quiet']).status).toBe(0);
    expect(runCli(['report', hand, '-o', `${out}/`, '--quiet']).status).toBe(0);
    expect(fs.readFileSync(path.join(out, 'index.md'), 'utf8')).toMatch(/^# Report: hand\n/);
    expect(listFiles(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  describe('bad input: one line, exit 2, nothing written', () => {
    const cases: [string, () => string[], RegExp][] = [
      ['a foreign JSON file', () => [write('package.json', '{"name":"x","version":"1.0.0"}')], /package\.json: not a faultline results file: expected schema "faultline-results\/1", found no "schema" field$/],
      ['a damaged results file', () => [write('damaged.json', JSON.stringify({ ...handExample(), compulsoryFloor: 'twelve' }))], /damaged\.json: compulsoryFloor: expected a number ≥ 0, found "twelve"$/],
      ['a truncated results file', () => [write('cut.json', JSON.stringify(handExample()).slice(0, 500))], /cut\.json: (line 1: )?not a JSON results file \(/],
      ['a missing file', () => [path.join(dir, 'missing.json')], /missing\.json: no such file$/],
      ['a breakdown size that was not run', () => [hand, '--at', '5'], /--at 5 pages: the results hold no run at that size; sizes run: 4, 8, 12, 16, 20$/],
      ['a size that is not whole pages', () => [hand, '--at', '6KiB'], /memory size "6KiB": not a positive whole number of 4 KiB pages$/],
      ['a tiny canvas', () => [hand, '--width', '0.1'], /--width 0.1 in at 200 dpi is 20 pixels: expected 300 to 8000/],
      ['an unknown y metric', () => [hand, '--y', 'hits'], /--y hits: expected faults, miss-ratio, per-1000$/],
      ['an unknown format', () => [hand, '--format', 'png,jpg'], /--format png,jpg: expected one or more of png, svg, pdf$/],
      ['an unknown preset', () => [hand, '--preset', 'poster'], /--preset poster: expected screen, column, double-column$/],
      ['a label without a name', () => [hand, '--label', 'LRU-2'], /--label LRU-2: expected NAME=TEXT, e.g. lru-k=LRU-2$/],
      ['a missing style file', () => [hand, '--style', path.join(dir, 'none.json')], /none\.json: no such file$/],
      ['a style file with a typo', () => [hand, '--style', write('typo.json', '{"lables":{"lru":"LRU"}}')], /typo\.json: lables: unknown field \(fields: preset, /],
      ['a style file with a bad field', () => [hand, '--style', write('bad.json', '{"looks":{"lru":{"marker":"hexagon"}}}')], /bad\.json: looks\.lru\.marker: expected "rect" or /],
      ['a style file that is not JSON', () => [hand, '--style', write('broken.json', '{"title":')], /broken\.json: not a JSON figure style \(/],
    ];

    function write(name: string, text: string): string {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      return file;
    }

    it.each(cases)('%s', (_what, args, message) => {
      const out = path.join(dir, 'not-written');
      const input = args();
      const before = listFiles(dir);
      const r = runCli(['report', ...input, '-o', out]);
      expect(r.status).toBe(2);
      expect(r.stderr.split('\n')).toHaveLength(2);
      expect(r.stderr.trimEnd()).toMatch(message);
      expect(fs.existsSync(out)).toBe(false);
      expect(listFiles(dir).filter((f) => !before.includes(f))).toEqual([]);
    });

    it('an output directory holding other files is left alone', () => {
      const out = path.join(dir, 'simulation');
      fs.mkdirSync(out);
      fs.copyFileSync(hand, path.join(out, 'results.json'));
      const r = runCli(['report', path.join(out, 'results.json'), '-o', out]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/simulation: the directory holds files that are not a report \(results\.json\); choose a new directory or an old report's\n$/);
      expect(listFiles(out)).toEqual(['results.json']);
    });
  });

  it('--help shows every option with an example', () => {
    const r = runCli(['report', '--help']);
    expect(r.status).toBe(0);
    for (const option of ['--output', '-y', '--log-x', '--at', '--width', '--height', '--dpi', '--format', '--style', '--preset', '--title', '--label', '--order', '--log-y', '--y-min', '--y-max', '--series', '--variable-space', '--fractions', '--json', '--quiet']) {
      expect(r.stdout).toContain(option);
    }
    expect(r.stdout).toContain('faultline report out/results.json -o out/report');
  });
});

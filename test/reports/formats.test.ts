/**
 * Vector figures and figure style: SVG checked by a real XML parser (xmllint) and read back
 * element by element, PDF opened by poppler (pdfinfo, pdffonts, pdftotext); both installed by
 * scripts/services/poppler.sh.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLOOR_STYLE, MARKERS, OKABE_ITO, OPT_STYLE, POLICY_SLOTS, assignStyles, policySlot, slotStyle } from '../../reports/palette.js';
import { writeReport } from '../../reports/writeReport.js';
import { formatTextHeader, formatTextRecords } from '../../traces/index.js';
import { listFiles, runCli, tempDir } from '../helpers/cli.js';
import { tool } from '../helpers/tools.js';
import { makeResults, type RunSpec } from './resultsBuilder.js';

const dir = tempDir('faultline-formats-');

const SIZES = [8, 16, 32, 64, 128];

/** Policies with distinct curves over SIZES, named in the order given (the order of `-p`). */
function results(policies: string[], extra: RunSpec[] = []): ReturnType<typeof makeResults> {
  const scale: Record<string, number> = { lru: 3, fifo: 4, clock: 3.5, arc: 2.5, opt: 1 };
  const runs = policies.flatMap((policy) => SIZES.map((frames) => ({ policy, frames, faults: Math.round(200 + (scale[policy]! * 20000) / frames) })));
  return makeResults({ name: 'vector', references: 20000, pages: 128, compulsoryFloor: 200, runs: [...runs, ...extra] });
}

interface SvgSeries {
  name: string;
  paths: { d: string; attributes: string }[];
}

/** The series groups of an SVG written by svgContext.ts, in drawing order. */
function svgSeries(svg: string): SvgSeries[] {
  const groups = [...svg.matchAll(/<g class="series" data-series="([^"]*)">\n([\s\S]*?)\n<\/g>/g)];
  return groups.map((g) => ({
    name: g[1]!.replace(/&amp;/g, '&'),
    paths: [...g[2]!.matchAll(/<path d="([^"]*)" ([^>]*)\/>/g)].map((p) => ({ d: p[1]!, attributes: p[2]! })),
  }));
}

const strokeWidth = (p: { attributes: string }): number => Number(/stroke-width="([^"]+)"/.exec(p.attributes)?.[1] ?? 0);

/** The stroked polyline of a series: the one path drawn with the line's width (3.5 at 200 dpi; marker outlines are 2.5). */
function line(s: SvgSeries): { d: string; colour: string; dash: string | undefined } {
  const lines = s.paths.filter((p) => p.attributes.startsWith('fill="none"') && strokeWidth(p) === 3.5);
  expect(lines, s.name).toHaveLength(1);
  const a = lines[0]!.attributes;
  return { d: lines[0]!.d, colour: /stroke="([^"]+)"/.exec(a)![1]!, dash: /stroke-dasharray="([^"]+)"/.exec(a)?.[1] };
}

describe('SVG figures', () => {
  const out = path.join(dir, 'svg');
  writeReport(results(['lru', 'fifo', 'clock', 'opt']), out, { formats: ['svg'] });
  const svg = fs.readFileSync(path.join(out, 'fault-curve.svg'), 'utf8');

  it('are well-formed XML (xmllint) and nothing else is written beside the index', () => {
    for (const f of listFiles(out).filter((name) => name.endsWith('.svg'))) tool('xmllint', ['--noout', path.join(out, f)]);
    expect(listFiles(out)).toEqual(['fault-curve.svg', 'fault-breakdown.svg', 'index.html', 'index.md', 'paging-time.svg'].sort());
  });

  it('draw one group per series, each with one path for its whole line', () => {
    const series = svgSeries(svg);
    expect(series.map((s) => s.name).sort()).toEqual(['OPT', 'clock', 'compulsory floor (200 faults)', 'fifo', 'lru']);
    for (const s of series.filter((x) => !x.name.startsWith('compulsory'))) {
      const d = line(s).d;
      // One move, then straight segments through every size (Chart.js starts with a zero-length one).
      expect(d.match(/M/g), s.name).toHaveLength(1);
      expect(d.match(/C/g), s.name).toBeNull();
      const vertices = new Set([...d.matchAll(/[ML]([\d.]+) ([\d.]+)/g)].map((m) => `${m[1]},${m[2]}`));
      expect(vertices.size, s.name).toBe(SIZES.length);
    }
  });

  it('keep text as text in the embedded typeface, at 8 × 5 inches by default', () => {
    expect(svg).toMatch(/<svg [^>]*width="8in" height="5in" viewBox="0 0 1600 1000">/);
    expect(svg).toMatch(/@font-face\{font-family:"faultline-dejavu-sans";font-weight:normal;src:url\(data:font\/ttf;base64,AAEAAA/);
    expect(svg).toContain('font-family="faultline-dejavu-sans"');
    expect(svg).toMatch(/<text [^>]*>Faults against memory size — vector<\/text>/);
    for (const label of ['lru', 'fifo', 'clock', 'OPT']) expect(svg).toMatch(new RegExp(`<text [^>]*>${label}</text>`));
  });

  it('are the same bytes run after run', () => {
    const again = path.join(dir, 'svg-again');
    writeReport(results(['lru', 'fifo', 'clock', 'opt']), again, { formats: ['svg'] });
    for (const f of listFiles(out)) expect(fs.readFileSync(path.join(again, f)).equals(fs.readFileSync(path.join(out, f))), f).toBe(true);
  });
});

describe('PDF figures', () => {
  const out = path.join(dir, 'pdf');
  writeReport(results(['lru', 'fifo', 'opt']), out, { formats: ['pdf', 'png'], preset: 'column' });
  const pdf = path.join(out, 'fault-curve.pdf');

  it('open in poppler at the preset size in points, with no date in the metadata', () => {
    const info = tool('pdfinfo', [pdf]);
    // The column preset: 3.5 × 2.625 inches = 252 × 189 points.
    expect(info).toMatch(/^Page size:\s+252 x 189 pts$/m);
    expect(info).toMatch(/^Pages:\s+1$/m);
    expect(info).not.toMatch(/CreationDate|ModDate/);
    for (const f of listFiles(out).filter((name) => name.endsWith('.pdf'))) expect(tool('pdfinfo', [path.join(out, f)])).toMatch(/^Page size:\s+252 x 189 pts$/m);
  });

  it('embed the typeface and keep text as text', () => {
    const fonts = tool('pdffonts', [pdf]);
    expect(fonts).toMatch(/DejaVuSans\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    const text = tool('pdftotext', [pdf, '-']);
    for (const label of ['lru', 'fifo', 'OPT', 'faults']) expect(text).toContain(label);
    // The column preset draws no title.
    expect(text).not.toContain('Faults against memory size');
  });

  it('the PNG beside it has the same layout at 300 dpi', () => {
    const png = fs.readFileSync(path.join(out, 'fault-curve.png'));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1050, 788]);
  });

  it('are the same bytes run after run', () => {
    const again = path.join(dir, 'pdf-again');
    writeReport(results(['lru', 'fifo', 'opt']), again, { formats: ['pdf', 'png'], preset: 'column' });
    for (const f of listFiles(out)) expect(fs.readFileSync(path.join(again, f)).equals(fs.readFileSync(path.join(out, f))), f).toBe(true);
  });
});

describe('a policy looks the same in every figure', () => {
  it('whatever the order of -p: colours and dashes come from the policy name', () => {
    const looks = (policies: string[], name: string): Map<string, string> => {
      const out = path.join(dir, name);
      writeReport(results(policies), out, { formats: ['svg'] });
      const series = svgSeries(fs.readFileSync(path.join(out, 'fault-curve.svg'), 'utf8')).filter((s) => !s.name.startsWith('compulsory'));
      return new Map(series.map((s) => [s.name, JSON.stringify(line(s))].map(String) as [string, string]).map(([k, v]) => [k, JSON.parse(v).colour + ' ' + JSON.parse(v).dash]));
    };
    const a = looks(['lru', 'fifo', 'clock', 'arc', 'opt'], 'order-a');
    const b = looks(['arc', 'opt', 'clock', 'fifo', 'lru'], 'order-b');
    const c = looks(['clock', 'opt'], 'order-c');
    expect(a.size).toBe(5);
    expect(b).toEqual(a);
    expect(c.get('clock')).toBe(a.get('clock'));
    expect(a.get('lru')).toBe('#0072B2 undefined');
    expect(a.get('OPT')).toBe('#000000 undefined');
  });

  it('every policy faultline ships has its own colour, marker and dash; two configurations of one policy differ', () => {
    const styles = assignStyles(POLICY_SLOTS.map((p) => ({ label: p, policy: p })));
    const keys = POLICY_SLOTS.map((p) => JSON.stringify(styles.get(p)));
    expect(new Set(keys).size).toBe(POLICY_SLOTS.length);
    // No two share both colour and marker, so each stays apart in colour and in grey-scale print.
    expect(new Set(POLICY_SLOTS.map((p) => `${styles.get(p)!.colour} ${styles.get(p)!.marker}`)).size).toBe(POLICY_SLOTS.length);
    expect(MARKERS).toContain(slotStyle(146).marker);
    const variants = assignStyles([
      { label: 'lru-k(k=3)', policy: 'lru-k' },
      { label: 'lru-k(k=2)', policy: 'lru-k' },
    ]);
    expect(variants.get('lru-k(k=2)')!.colour).toBe(variants.get('lru-k(k=3)')!.colour);
    expect(variants.get('lru-k(k=2)')!.dash).not.toEqual(variants.get('lru-k(k=3)')!.dash);
    expect(variants.get('lru-k(k=2)')).toEqual(slotStyle(POLICY_SLOTS.indexOf('lru-k')));
    // lru's second configuration takes its dash and marker from slot 7 (lirs), not lirs's colour.
    const lru = assignStyles([{ label: 'a', policy: 'lru' }, { label: 'b', policy: 'lru' }]);
    expect(lru.get('b')!.colour).toBe(slotStyle(0).colour);
    expect(lru.get('b')!.marker).toBe(slotStyle(7).marker);
  });

  it('every fixed-slot policy has a colour of its own, no two closer than Okabe and Ito\'s closest pair', () => {
    const colours = POLICY_SLOTS.map((p) => slotStyle(policySlot(p)).colour);
    expect(new Set(colours).size).toBe(POLICY_SLOTS.length);
    expect(slotStyle(policySlot('segq')).colour).not.toBe(slotStyle(policySlot('linux')).colour);
    // CIE76 ΔE in CIELAB (sRGB, D65): Okabe–Ito's closest pair is about 26.4 apart.
    const lab = (hex: string): number[] => {
      const [r, g, b] = [1, 3, 5].map((i) => {
        const c = parseInt(hex.slice(i, i + 2), 16) / 255;
        return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      }) as [number, number, number];
      const f = (t: number): number => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
      const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
      const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
      const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
      return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
    };
    const distance = (a: string, b: string): number => Math.hypot(...lab(a).map((v, k) => v - lab(b)[k]!));
    expect(distance(OKABE_ITO.black, OKABE_ITO.blue)).toBeGreaterThan(25); // the formula, on a known pair
    colours.forEach((a, i) => {
      for (const b of [...colours.slice(i + 1), OPT_STYLE.colour, FLOOR_STYLE.colour]) expect(distance(a, b), `${a} ${b}`).toBeGreaterThan(26);
    });
  });
});

describe('overlapping curves', () => {
  const base = results(['lru', 'fifo', 'opt']);
  const twin = (policy: string, delta: number): RunSpec[] => SIZES.map((frames) => ({ policy, frames, faults: base.runs.find((r) => r.policy === 'lru' && r.frames === frames)!.counters.faults + delta }));

  it('identical curves are drawn once, the legend naming both ("segq = lru")', () => {
    const out = path.join(dir, 'identical');
    writeReport(results(['lru', 'fifo', 'opt'], twin('segq', 0)), out, { formats: ['svg'] });
    const names = svgSeries(fs.readFileSync(path.join(out, 'fault-curve.svg'), 'utf8')).map((s) => s.name);
    expect(names).toContain('lru = segq');
    expect(names).not.toContain('segq');
    expect(fs.readFileSync(path.join(out, 'fault-curve.svg'), 'utf8')).toMatch(/<text [^>]*>lru = segq<\/text>/);
  });

  it('nearly identical curves keep their lines and take turns for the markers', () => {
    const out = path.join(dir, 'near');
    // lru runs from 7,700 faults down to 669 and OPT from 2,700 to 356: a span of 7,344, of which 2%
    // (147) is "near". segq, one fault above lru everywhere, is near it at all five sizes; OPT never is.
    writeReport(results(['lru', 'opt'], twin('segq', 1)), out, { formats: ['svg'] });
    const series = svgSeries(fs.readFileSync(path.join(out, 'fault-curve.svg'), 'utf8'));
    const markers = (name: string): number => {
      const s = series.find((x) => x.name === name)!;
      // Marker outlines: the stroked paths of the markers' width, one subpath per marker stroke.
      return s.paths.filter((p) => p.attributes.startsWith('fill="none"') && strokeWidth(p) === 2.5).reduce((n, p) => n + (p.d.match(/M/g) ?? []).length, 0);
    };
    // Two near curves take turns at the five sizes: lru (first in the legend) at sizes 0, 2, 4, segq at 1, 3;
    // OPT keeps all five. lru's squares and OPT's circles are one outline each; segq's × (crossRot) is two strokes.
    expect([markers('lru'), markers('segq') / 2, markers('OPT')]).toEqual([3, 2, 5]);
  });
});

describe('figure style', () => {
  it('a style file sets names, order, y axis and series; options on the command line win', () => {
    const file = path.join(dir, 'style.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ preset: 'double-column', labels: { lru: 'LRU', fifo: 'FIFO', opt: 'OPT (Belady)' }, order: ['opt', 'fifo'], y: 'per-1000', logY: true, series: ['lru', 'fifo'], title: true }),
    );
    const resultsFile = path.join(dir, 'styled.results.json');
    fs.writeFileSync(resultsFile, JSON.stringify(results(['lru', 'fifo', 'clock', 'opt'])));
    const out = path.join(dir, 'styled');
    const r = runCli(['report', resultsFile, '-o', out, '--style', file, '--no-title', '--format', 'svg,pdf', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const svg = fs.readFileSync(path.join(out, 'fault-curve.svg'), 'utf8');
    // double-column: 7.16 × 3.2 inches at 300 dpi.
    expect(svg).toMatch(/width="7.16in" height="3.2in" viewBox="0 0 2148 960"/);
    // 7.16 × 72 = 515.52 and 3.2 × 72 = 230.4 points, rounded to whole points.
    expect(tool('pdfinfo', [path.join(out, 'fault-curve.pdf')])).toMatch(/^Page size:\s+516 x 230 pts$/m);
    // --no-title beat the file's title: true.
    expect(svg).not.toContain('Faults per 1,000 references against memory size');
    // Legend in the style's order, then the rest; clock is not drawn.
    const legend = [...svg.matchAll(/<text [^>]*>(LRU|FIFO|OPT \(Belady\)|clock)<\/text>/g)].map((m) => m[1]);
    expect(legend).toEqual(['OPT (Belady)', 'FIFO', 'LRU']);
    expect(svg).toMatch(/<text [^>]*>faults per 1,000 references<\/text>/);
  });
});

describe('simulate --report', () => {
  it('draws the report in the formats asked for', () => {
    const pages = Array.from({ length: 400 }, (_, i) => (i * 7) % 23);
    const trace = path.join(dir, 'loop.txt');
    fs.writeFileSync(trace, formatTextHeader({ format: 'basic', pageSize: 4096, releases: false }) + formatTextRecords(Uint32Array.from(pages), new Uint8Array(pages.length), 0, pages.length, 'basic'));
    const report = path.join(dir, 'sim-report');
    const r = runCli(['simulate', trace, '-p', 'lru,fifo,opt', '-s', '4,8,16', '-q', '--report', report, '--report-format', 'svg,pdf', '--report-preset', 'column']);
    expect(r.status, r.stderr).toBe(0);
    expect(listFiles(report)).toContain('fault-curve.svg');
    expect(listFiles(report)).toContain('fault-curve.pdf');
    expect(listFiles(report).some((f) => f.endsWith('.png'))).toBe(false);
    expect(tool('pdfinfo', [path.join(report, 'fault-curve.pdf')])).toMatch(/^Page size:\s+252 x 189 pts$/m);
  });
  it('a bad figure option names its --report- flag (one line, exit 2), before simulating: no results, no table', () => {
    const results = path.join(dir, 'not-simulated');
    const r = runCli(['simulate', path.join(dir, 'loop.txt'), '-p', 'lru', '-s', '4', '-q', '-o', results, '--report', path.join(dir, 'bad-report'), '--report-width', '0.5']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('faultline: --report-width 0.5 in at 200 dpi is 100 pixels: expected 300 to 8000 (change --report-width or --report-dpi)\n');
    expect(r.stdout).toBe('');
    expect(fs.existsSync(path.join(dir, 'bad-report'))).toBe(false);
    expect(fs.existsSync(results)).toBe(false);
  });
  it('a report directory holding other files is refused by its flag, before simulating', () => {
    const foreign = path.join(dir, 'foreign-report');
    fs.mkdirSync(foreign);
    fs.writeFileSync(path.join(foreign, 'notes.txt'), 'mine');
    const r = runCli(['simulate', path.join(dir, 'loop.txt'), '-p', 'lru', '-s', '4', '-q', '--report', foreign]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`faultline: --report ${foreign}: the directory holds files that are not a report (notes.txt); choose a new directory or an old report's\n`);
    expect(r.stdout).toBe('');
    expect(listFiles(foreign)).toEqual(['notes.txt']);
  });
});

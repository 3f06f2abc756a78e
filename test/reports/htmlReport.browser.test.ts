/// <reference lib="dom" />
/**
 * The interactive report in a real browser: Debian's chromium (installed by
 * scripts/services/chromium.sh), driven by playwright-core, headless with a fresh profile and no
 * network. Skipped, with the reason printed, only where no chromium binary exists.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Counters } from '../../simulators/results.js';
import { writeReport } from '../../reports/writeReport.js';
import { tempDir } from '../helpers/cli.js';
import { handExample } from './resultsBuilder.js';

const CHROMIUM = '/usr/bin/chromium';
const hasBrowser = fs.existsSync(CHROMIUM);
if (!hasBrowser) console.log(`skipping the browser tests of index.html: no browser at ${CHROMIUM} (scripts/services/chromium.sh installs it)`);

const dir = tempDir('faultline-html-');

/** The hand example with per-process counters on every unified run: two processes splitting the faults 3:1. */
function withProcesses(): ReturnType<typeof handExample> {
  const results = handExample();
  const share = (c: Counters, k: number): Counters => Object.fromEntries(Object.entries(c).map(([name, v]) => [name, Math.round(v * k)])) as unknown as Counters;
  for (const run of results.runs) {
    if (run.mode === 'unified') Object.assign(run, { processes: { '101': share(run.counters, 0.75), '102': share(run.counters, 0.25) } });
  }
  return Object.assign(results, { processes: [{ pid: 101, command: 'make' }, { pid: 102, command: 'cc1' }] });
}

interface Opened {
  page: Page;
  errors: string[];
}

describe.skipIf(!hasBrowser)('index.html in headless chromium', () => {
  let context: BrowserContext;
  const out = path.join(dir, 'report');

  beforeAll(async () => {
    writeReport(withProcesses(), out);
    context = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(dir, 'profile-')), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      viewport: { width: 1200, height: 900 },
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
  });

  async function open(): Promise<Opened> {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    // The page must need nothing beyond itself (its own file and inline data: URLs).
    page.on('request', (r) => {
      if (!r.url().startsWith('data:') && r.url() !== `file://${path.join(out, 'index.html')}`) errors.push(`request: ${r.url()}`);
    });
    await page.goto(`file://${path.join(out, 'index.html')}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
    return { page, errors };
  }

  /** The datasets of chart `i`: label, visibility and y values. */
  async function datasets(page: Page, i: number): Promise<{ label: string; visible: boolean; ys: number[] }[]> {
    return page.evaluate((index) => {
      const chart = (window as unknown as { faultline: { charts: { data: { datasets: { label: string; data: { y: number }[] }[] }; isDatasetVisible(i: number): boolean }[] } }).faultline.charts[index]!;
      return chart.data.datasets.map((d, k) => ({ label: d.label, visible: chart.isDatasetVisible(k), ys: d.data.map((p) => p.y) }));
    }, i);
  }

  const canvasPixels = (page: Page, id: string): Promise<string> => page.evaluate((sel) => (document.getElementById(sel) as HTMLCanvasElement).toDataURL(), id);

  it('loads with no console error and no request beyond itself, every series present', async () => {
    const { page, errors } = await open();
    expect(errors).toEqual([]);
    const sets = await datasets(page, 0);
    expect(sets.map((d) => d.label)).toEqual([
      'lru, unified',
      'fifo, unified',
      'segq, unified',
      'OPT, unified',
      'ws, unified (variable space, at mean resident size)',
      'lru, partitioned (best of 25%, 50% anonymous)',
      'OPT, partitioned (50% anonymous)',
    ]);
    // Variable-space series are opt-in: present, unchecked.
    expect(sets.map((d) => d.visible)).toEqual([true, true, true, true, false, true, true]);
    expect(sets[0]!.ys).toEqual([100, 50, 24, 16, 12]);
    await page.close();
  });

  it('a toggle hides a series and changes the drawing', async () => {
    const { page, errors } = await open();
    const before = await canvasPixels(page, 'panel-0-chart');
    await page.click('#panel-0 input[data-series="fifo, unified"]');
    expect((await datasets(page, 0)).find((d) => d.label === 'fifo, unified')!.visible).toBe(false);
    const after = await canvasPixels(page, 'panel-0-chart');
    expect(after).not.toBe(before);
    await page.click('#panel-0 input[data-series="fifo, unified"]');
    expect(await canvasPixels(page, 'panel-0-chart')).toBe(before);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('switches faults to miss ratio and the y axis to log', async () => {
    const { page, errors } = await open();
    await page.selectOption('#panel-0 select[data-control="quantity"]', 'miss-ratio');
    // 200 references counted: lru's 100 faults at 4 frames are a miss ratio of 0.5.
    expect((await datasets(page, 0))[0]!.ys).toEqual([0.5, 0.25, 0.12, 0.08, 0.06]);
    await page.check('#panel-0 input[data-control="log-y"]');
    expect(await page.evaluate(() => (window as unknown as { faultline: { charts: { options: { scales: { y: { type: string } } } }[] } }).faultline.charts[0]!.options.scales.y.type)).toBe('logarithmic');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('hover shows the exact counters of a point', async () => {
    const { page } = await open();
    // Hover lru's point at 4 frames, found through the chart's own scales.
    const at = await page.evaluate(() => {
      const chart = (window as unknown as { faultline: { charts: { getDatasetMeta(i: number): { data: { x: number; y: number }[] }; canvas: HTMLCanvasElement }[] } }).faultline.charts[0]!;
      const p = chart.getDatasetMeta(0).data[0]!;
      const box = chart.canvas.getBoundingClientRect();
      return { x: box.left + p.x, y: box.top + p.y };
    });
    await page.mouse.move(at.x, at.y);
    const tooltip = await page.evaluate(() => {
      const chart = (window as unknown as { faultline: { charts: { tooltip: { title: string[]; body: { lines: string[] }[] } }[] } }).faultline.charts[0]!;
      return [...chart.tooltip.title, ...chart.tooltip.body.flatMap((b) => b.lines)].join('\n');
    });
    expect(tooltip).toContain('4 pages (16 KiB)');
    // lru at 4 frames: 100 faults, 12 compulsory, 88 capacity, 100 hits, 25 write-backs (resultsBuilder).
    expect(tooltip).toContain('lru, unified: 100 faults (12 compulsory, 88 capacity), 100 hits, 25 write-backs, miss ratio 0.5');
    await page.close();
  });

  /** The fault breakdown of panel `i`: its bars' labels and each cause's values. */
  async function breakdown(page: Page, i: number): Promise<{ bars: string[]; causes: Record<string, number[]> }> {
    return page.evaluate((index) => {
      const chart = (window as unknown as { faultline: { breakdowns: { data: { labels: string[]; datasets: { label: string; data: number[] }[] } }[] } }).faultline.breakdowns[index]!;
      return { bars: chart.data.labels, causes: Object.fromEntries(chart.data.datasets.map((d) => [d.label, d.data])) };
    }, i);
  }

  it('draws the fault breakdown at the chosen size, following the series toggles and the rate shown', async () => {
    const { page, errors } = await open();
    await page.selectOption('#panel-0 select[data-control="breakdown-size"]', '8');
    // At 8 frames (resultsBuilder: 12 compulsory faults, the rest capacity, each split half anonymous,
    // rounded): lru 50 = 6 + 6 + 19 + 19; fifo 70 = 6 + 6 + 29 + 29; segq 45 = 6 + 6 + 17 + 16 and 30
    // soft faults; OPT 30 = 6 + 6 + 9 + 9; partitioned lru's best split 55 = 6 + 6 + 22 + 21; OPT 40 = 6 + 6 + 14 + 14.
    // WS (variable space) has no bar.
    const all = await breakdown(page, 0);
    expect(all.bars).toEqual(['lru, unified', 'fifo, unified', 'segq, unified', 'OPT, unified', 'lru, partitioned (best of 25%, 50% anonymous)', 'OPT, partitioned (50% anonymous)']);
    expect(all.causes).toEqual({
      'compulsory, anonymous': [6, 6, 6, 6, 6, 6],
      'compulsory, file': [6, 6, 6, 6, 6, 6],
      'capacity, anonymous': [19, 29, 17, 9, 22, 14],
      'capacity, file': [19, 29, 16, 9, 21, 14],
      'soft faults (no I/O)': [0, 0, 30, 0, 0, 0],
    });
    await page.click('#panel-0 input[data-series="fifo, unified"]');
    expect((await breakdown(page, 0)).bars).not.toContain('fifo, unified');
    // As a miss ratio, per 200 counted references: lru's 19 anonymous capacity faults are 0.095.
    await page.selectOption('#panel-0 select[data-control="quantity"]', 'miss-ratio');
    expect((await breakdown(page, 0)).causes['capacity, anonymous']![0]).toBeCloseTo(0.095, 12);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('draws one panel per process when the results carry per-process counters', async () => {
    const { page, errors } = await open();
    const panels = await page.$$eval('section.panel', (els) => els.map((e) => [e.getAttribute('data-kind'), e.querySelector('h2')!.textContent]));
    expect(panels).toEqual([
      ['system', 'hand: whole system'],
      ['process', 'process 101 (make)'],
      ['process', 'process 102 (cc1)'],
    ]);
    // Process 101 holds three quarters of lru's faults: 75, 38 (37.5 rounded), 18, 12, 9.
    const lru = (await datasets(page, 1)).find((d) => d.label === 'lru')!;
    expect(lru.ys).toEqual([75, 38, 18, 12, 9]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RELEASE_BIT, loadTrace, openTraceStream, type Results } from '../../index.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { tool } from '../helpers/tools.js';

const ALLOCATIONS = 'global,equal,proportional,ws:window=2000,pff:threshold=300';

describe('end to end: synth → merge --format tagged → simulate under every allocation → report', () => {
  const dir = tempDir();
  const work = path.join(dir, 'work');
  const tagged = path.join(dir, 'tagged.bin.gz');

  it('merges a synthetic workload into a tagged stream whose processes match the per-process output', async () => {
    expect(runCli(['synth', '--scenario', 'mixed', '--seed', '2', '--scale', '0.05', '-o', `${work}/`, '-q']).status).toBe(0);
    const merge = runCli(['merge', `${work}/kernel.gz`, `${work}/refs.gz`, '--format', 'tagged', '--releases', '-o', tagged, '--quiet']);
    expect(merge.status, merge.stderr).toBe(0);
    expect(runCli(['merge', `${work}/kernel.gz`, `${work}/refs.gz`, '--format', 'per-process', '-o', `${dir}/byprocess/`, '--quiet']).status).toBe(0);
    const { trace, info } = await loadTrace(tagged);
    expect(info.tagged).toBe(true);
    const table = trace.tags!.table;
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'byprocess', 'processes.json'), 'utf8')) as { streams: { file: string; process: { label: string } | null }[] };
    let compared = 0;
    for (const entry of manifest.streams) {
      if (!entry.process) continue;
      const id = table.processes.findIndex((p) => p.label === entry.process!.label);
      expect(id, entry.process.label).toBeGreaterThan(0);
      const own: number[] = [];
      for (let i = 0; i < trace.length; i++) if (trace.tags!.processes[i] === id && !(trace.codes[i]! & RELEASE_BIT)) own.push(trace.pages[i]!, trace.codes[i]!);
      const theirs: number[] = [];
      // The per-process files keep the merge's page numbers: read them as they are.
      for await (const chunk of (await openTraceStream(path.join(dir, 'byprocess', entry.file))).chunks()) {
        for (let i = 0; i < chunk.length; i++) if (!(chunk.codes[i]! & RELEASE_BIT)) theirs.push(chunk.pages[i]!, chunk.codes[i]!);
      }
      expect(own, entry.process.label).toEqual(theirs);
      compared++;
    }
    expect(compared).toBeGreaterThan(3);
  });

  it('simulates every allocation with per-process counters and draws the per-process figures', () => {
    const out = path.join(dir, 'out');
    const r = runCli(['simulate', tagged, '-p', 'lru', '--allocation', ALLOCATIONS, '-s', '200,800,3000', '-o', out, '--report', path.join(dir, 'report'), '--report-format', 'png,svg,pdf', '-q', '-j', '1']);
    expect(r.status, r.stderr).toBe(0);
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
    expect(results.runs.map((run) => run.allocation!.name)).toEqual(['global', 'global', 'global', 'equal', 'equal', 'equal', 'proportional', 'proportional', 'proportional', 'ws', 'ws', 'ws', 'pff', 'pff', 'pff']);
    for (const run of results.runs) {
      expect(run.perProcess).toHaveLength(results.processes!.length);
      expect(run.perProcess!.reduce((s, p) => s + p.faults, 0)).toBe(run.counters.faults);
    }
    expect(fs.readFileSync(path.join(out, 'results-processes.csv'), 'utf8').split('\n')[0]).toMatch(/^trace,policy,label,allocation,frames,process,process_label,pid,command,references,faults,/);
    for (const figure of ['local-vs-global', 'process-curves', 'fairness', 'resident-share']) {
      expect(fs.statSync(path.join(dir, 'report', `${figure}.png`)).size, figure).toBeGreaterThan(10_000);
      // Vector formats too: well-formed SVG, a PDF page of the PNG's size in points (8 × 5 in → 576 × 360 pt for one chart).
      tool('xmllint', ['--noout', path.join(dir, 'report', `${figure}.svg`)]);
      expect(tool('pdfinfo', [path.join(dir, 'report', `${figure}.pdf`)]), figure).toMatch(/^Pages:\s+1$/m);
    }
    expect(tool('pdfinfo', [path.join(dir, 'report', 'fairness.pdf')])).toMatch(/^Page size:\s+576 x 360 pts$/m);
    // The small multiples stay vector: one group per process panel in the SVG, every panel's title as text in the PDF.
    // Every allocation has a colour of its own (allocation names are not policies: they used to hash onto two colours).
    const strokes = [...fs.readFileSync(path.join(dir, 'report', 'local-vs-global.svg'), 'utf8').matchAll(/<g class="series" data-series="([^"]*)">\n<path [^>]*stroke="([^"]+)"/g)].map((m) => [m[1], m[2]]);
    expect(strokes.map(([series]) => series).sort()).toEqual(results.runs.filter((run) => run.frames === 200).map((run) => run.allocation!.label).sort());
    expect(new Set(strokes.map(([, colour]) => colour)).size).toBe(strokes.length);
    const svg = fs.readFileSync(path.join(dir, 'report', 'process-curves.svg'), 'utf8');
    const chunks = svg.split('<g class="panel">').slice(1);
    const panels = chunks.length;
    // Each panel paints its white background first: nothing white is drawn over its text.
    for (const chunk of chunks) expect(chunk.indexOf('<text')).toBeLessThan(chunk.lastIndexOf('fill="#ffffff"') === -1 ? Infinity : chunk.length);
    for (const chunk of chunks) expect(chunk.slice(chunk.indexOf('<text')).split('</g>')[0]).not.toMatch(/<path[^>]*fill="#ffffff"/);
    expect(panels).toBe(Math.min(9, results.processes!.filter((_, id) => results.runs[0]!.perProcess![id]!.references > 0).length));
    const text = tool('pdftotext', [path.join(dir, 'report', 'process-curves.pdf'), '-']);
    expect(text).toContain('Per-process fault curves (lru)');
    expect((text.match(/^[\d,]+ references$/gm) ?? []).length).toBe(panels);
    expect(fs.readFileSync(path.join(dir, 'report', 'index.md'), 'utf8')).toContain('fairness.png');
  });

  it('global on the tagged stream = simulate on the untagged stream, every counter', () => {
    const plain = path.join(dir, 'plain.bin');
    expect(runCli(['convert', tagged, plain, '--drop-tags', '-q']).status).toBe(0);
    const a = runCli(['simulate', tagged, '-p', 'lru,clock,arc', '--allocation', 'global', '-s', '100,1000', '--warmup', '5%', '--json', '-q', '-j', '1']);
    const b = runCli(['simulate', plain, '-p', 'lru,clock,arc', '-s', '100,1000', '--warmup', '5%', '--json', '-q', '-j', '1']);
    const counters = (stdout: string): unknown[] => (JSON.parse(stdout) as Results).runs.map((run) => [run.label, run.frames, run.counters]);
    expect(counters(a.stdout)).toEqual(counters(b.stdout));
  });

  it('a user error: allocations need a tagged stream (one line, exit 2)', () => {
    const r = runCli(['simulate', path.join(dir, 'plain.bin'), '-p', 'lru', '--allocation', 'equal', '-s', '10', '-q']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('faultline: --allocation given, but plain is not a tagged stream (no process for each reference): the merger writes one with --format tagged\n');
  });
  it('a user error: the tagged format needs -o (one line, exit 2)', () => {
    const r = runCli(['merge', `${work}/kernel.gz`, `${work}/refs.gz`, '--format', 'tagged', '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('faultline: -o is required by the tagged format: one file (.bin or .txt, optionally .gz)\n');
  });
  it('a user error: a bad allocation value names the flag once (one line, exit 2)', () => {
    const r = runCli(['simulate', tagged, '-p', 'lru', '--allocation', 'global,equal:window=3', '-s', '10', '-q']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('faultline: --allocation "equal:window=3": equal takes no parameter "window" (it takes charge)\n');
  });
});

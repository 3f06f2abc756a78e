import * as fs from 'node:fs';
import * as path from 'node:path';
import { GlobalFonts, createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { CHART_FONT_FAMILY } from '../../reports/chartFont.js';
import { BREAKDOWN_COLOURS, OKABE_ITO, POLICY_COLOURS } from '../../reports/palette.js';
import { writeReport } from '../../reports/writeReport.js';
import { listFiles, tempDir } from '../helpers/cli.js';
import { handExample, makeResults } from './resultsBuilder.js';

const dir = tempDir('faultline-charts-');

/** Width and height from the PNG's IHDR chunk, read by hand (signature, length, "IHDR", then the size). */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Chunk types of a PNG, in order. */
function pngChunks(png: Buffer): string[] {
  const types: string[] = [];
  for (let off = 8; off < png.length; off += 12 + png.readUInt32BE(off)) types.push(png.toString('latin1', off + 4, off + 8));
  return types;
}

interface Pixels {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

async function decode(png: Buffer): Promise<Pixels> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  return { width: image.width, height: image.height, data: ctx.getImageData(0, 0, image.width, image.height).data };
}

/** Pixels of exactly `hex` (opaque) in rows [top, bottom). */
function countColour(p: Pixels, hex: string, top = 0, bottom = p.height): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let n = 0;
  for (let i = top * p.width * 4; i < bottom * p.width * 4; i += 4) {
    if (p.data[i] === r && p.data[i + 1] === g && p.data[i + 2] === b && p.data[i + 3] === 255) n++;
  }
  return n;
}

/** Three policies and OPT over 10 sizes: long lines of known colours. */
function threePolicies(): ReturnType<typeof makeResults> {
  const sizes = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
  const curve = (policy: string, scale: number) => sizes.map((frames) => ({ policy, frames, faults: Math.round(100 + (scale * 10000) / frames), writebacks: Math.round(1000 / frames) }));
  return makeResults({ name: 'three', references: 5000, pages: 100, compulsoryFloor: 100, runs: [...curve('lru', 3), ...curve('fifo', 4), ...curve('clock', 3.5), ...curve('opt', 1)] });
}

describe('report charts', () => {
  const out = path.join(dir, 'three');
  const summary = writeReport(threePolicies(), out);

  it('writes every figure and index.md, and nothing else', () => {
    expect(summary.figures.map((f) => f.file)).toEqual(['fault-curve.png', 'fault-breakdown.png', 'write-backs.png', 'paging-time.png']);
    expect(listFiles(out)).toEqual(['fault-breakdown.png', 'fault-curve.png', 'index.html', 'index.md', 'paging-time.png', 'write-backs.png']);
    expect(listFiles(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('each PNG decodes, is 1600×1000, opaque, on white, and carries no time chunk', async () => {
    for (const f of summary.figures) {
      const png = fs.readFileSync(path.join(out, f.file));
      expect(pngSize(png)).toEqual({ width: 1600, height: 1000 });
      expect(pngChunks(png)).not.toContain('tIME');
      const p = await decode(png);
      expect([p.width, p.height]).toEqual([1600, 1000]);
      for (let i = 3; i < p.data.length; i += 4) if (p.data[i] !== 255) throw new Error(`${f.file}: transparent pixel ${(i - 3) / 4}`);
      expect(countColour(p, '#ffffff', 0, 5)).toBe(5 * 1600);
    }
  });

  it('the fault curve shows each policy in its colour, OPT in black and the floor in grey', async () => {
    const p = await decode(fs.readFileSync(path.join(out, 'fault-curve.png')));
    // A legend sample is about 52 × 3.5 pixels plus a marker; a drawn curve is thousands.
    const [lru, fifo, clock] = POLICY_COLOURS;
    for (const colour of [lru, fifo, clock, OKABE_ITO.black]) expect(countColour(p, colour), colour).toBeGreaterThan(2000);
    expect(countColour(p, '#777777')).toBeGreaterThan(500);
    for (const unused of POLICY_COLOURS.slice(3)) expect(countColour(p, unused), unused).toBe(0);
  });

  it('the breakdown shows compulsory and capacity faults by kind, and no soft faults when there are none', async () => {
    const p = await decode(fs.readFileSync(path.join(out, 'fault-breakdown.png')));
    const c = BREAKDOWN_COLOURS;
    for (const colour of [c.compulsoryAnon, c.compulsoryFile, c.capacityAnon, c.capacityFile]) expect(countColour(p, colour), colour).toBeGreaterThan(2000);
    expect(countColour(p, c.softFaults)).toBe(0);
  });

  it('soft faults appear, hatched in their colour, when a policy has them', async () => {
    const hand = path.join(dir, 'hand');
    writeReport(handExample(), hand);
    const p = await decode(fs.readFileSync(path.join(hand, 'fault-breakdown.png')));
    expect(countColour(p, BREAKDOWN_COLOURS.softFaults)).toBeGreaterThan(2000);
  });

  it('text renders in the embedded typeface', async () => {
    expect(GlobalFonts.families.map((f) => f.family)).toContain(CHART_FONT_FAMILY);
    const p = await decode(fs.readFileSync(path.join(out, 'fault-curve.png')));
    // The title is black text in the top band, above the legend.
    expect(countColour(p, '#000000', 0, 50)).toBeGreaterThan(1000);
  });

  it('draws at the requested size: inches at a DPI', async () => {
    const small = path.join(dir, 'small');
    writeReport(threePolicies(), small, { width: 4, height: 2.25, dpi: 200, logX: true, y: 'miss-ratio' });
    const png = fs.readFileSync(path.join(small, 'fault-curve.png'));
    expect(pngSize(png)).toEqual({ width: 800, height: 450 });
    const p = await decode(png);
    // Lines are thinner at this size: still several times what the legend sample shows.
    expect(countColour(p, POLICY_COLOURS[0])).toBeGreaterThan(200);
  });

  it('the same input gives the same bytes', () => {
    const again = path.join(dir, 'three-again');
    writeReport(threePolicies(), again);
    for (const name of listFiles(out)) expect(fs.readFileSync(path.join(again, name)).equals(fs.readFileSync(path.join(out, name))), name).toBe(true);
  });

  it('basic streams get a breakdown without kinds, and no write-back chart when nothing was written back', () => {
    const basic = makeResults({ format: 'basic', references: 100, pages: 10, compulsoryFloor: 10, runs: [4, 6, 8].map((frames) => ({ policy: 'lru', frames, faults: 40 - frames })) });
    const s = writeReport(basic, path.join(dir, 'basic'));
    expect(s.figures.map((f) => f.file)).toEqual(['fault-curve.png', 'fault-breakdown.png', 'paging-time.png']);
    expect(s.figures[1]!.caption).toBe('Faults by cause at 4 pages (16 KiB), 6 pages (24 KiB), 8 pages (32 KiB): compulsory and capacity.');
  });
});

/**
 * The typeface of every chart: the DejaVu Sans subset shipped in reports/fonts/ (its README says how
 * it was made), read at run time and registered with @napi-rs/canvas once, under a name no system
 * font uses, so that text renders the same on every machine. SVG figures and index.html embed the
 * same files.
 */
import * as fs from 'node:fs';
import { GlobalFonts } from '@napi-rs/canvas';
import type { SvgFontFace } from './svgContext.js';

export const CHART_FONT_FAMILY = 'faultline-dejavu-sans';

/** The font files, beside this module (the build copies reports/fonts/ next to the compiled code). */
export const CHART_FONT_FILES = ['DejaVuSans-subset.ttf', 'DejaVuSans-Bold-subset.ttf'].map((name) => new URL(`./fonts/${name}`, import.meta.url));

/** The typeface's TrueType faces, Book (normal) and Bold, read once. */
let faces: SvgFontFace[] | undefined;

export function chartFontFaces(): SvgFontFace[] {
  faces ??= CHART_FONT_FILES.map((file, i) => ({ family: CHART_FONT_FAMILY, weight: i === 0 ? 'normal' : 'bold', ttf: fs.readFileSync(file) }));
  return faces;
}

let registered = false;

export function registerChartFont(): void {
  if (registered) return;
  for (const face of chartFontFaces()) {
    if (!GlobalFonts.register(face.ttf, CHART_FONT_FAMILY)) {
      throw new Error(`could not register the chart font ${CHART_FONT_FILES[face.weight === 'normal' ? 0 : 1]!.pathname}`);
    }
  }
  registered = true;
}

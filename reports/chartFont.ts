/**
 * The typeface of every chart: the DejaVu Sans subset shipped in reports/fonts/ (its README says how
 * it was made), read at run time and registered with @napi-rs/canvas once, under a name no system
 * font uses, so that text renders the same on every machine.
 */
import * as fs from 'node:fs';
import { GlobalFonts } from '@napi-rs/canvas';

export const CHART_FONT_FAMILY = 'faultline-dejavu-sans';

/** The font files, beside this module (the build copies reports/fonts/ next to the compiled code). */
export const CHART_FONT_FILES = ['DejaVuSans-subset.ttf', 'DejaVuSans-Bold-subset.ttf'].map((name) => new URL(`./fonts/${name}`, import.meta.url));

let registered = false;

export function registerChartFont(): void {
  if (registered) return;
  for (const file of CHART_FONT_FILES) {
    if (!GlobalFonts.register(fs.readFileSync(file), CHART_FONT_FAMILY)) {
      throw new Error(`could not register the chart font ${file.pathname}`);
    }
  }
  registered = true;
}

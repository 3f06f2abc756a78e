/** Registers the embedded typeface with @napi-rs/canvas once, under a name no system font uses. */
import { GlobalFonts } from '@napi-rs/canvas';
import { DEJAVU_SANS_BOLD_BASE64, DEJAVU_SANS_BOOK_BASE64 } from './fontData.js';
import type { SvgFontFace } from './svgContext.js';

export const CHART_FONT_FAMILY = 'faultline-dejavu-sans';

/** The typeface's TrueType files: Book (normal) and Bold, the faces SVG and HTML embed. */
export function chartFontFaces(): SvgFontFace[] {
  return [
    { family: CHART_FONT_FAMILY, weight: 'normal', ttf: Buffer.from(DEJAVU_SANS_BOOK_BASE64, 'base64') },
    { family: CHART_FONT_FAMILY, weight: 'bold', ttf: Buffer.from(DEJAVU_SANS_BOLD_BASE64, 'base64') },
  ];
}

let registered = false;

export function registerChartFont(): void {
  if (registered) return;
  for (const face of chartFontFaces()) {
    if (!GlobalFonts.register(face.ttf, CHART_FONT_FAMILY)) {
      throw new Error('could not register the embedded chart font');
    }
  }
  registered = true;
}

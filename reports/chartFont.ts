/** Registers the embedded typeface with @napi-rs/canvas once, under a name no system font uses. */
import { GlobalFonts } from '@napi-rs/canvas';
import { DEJAVU_SANS_BOLD_BASE64, DEJAVU_SANS_BOOK_BASE64 } from './fontData.js';

export const CHART_FONT_FAMILY = 'faultline-dejavu-sans';

let registered = false;

export function registerChartFont(): void {
  if (registered) return;
  for (const data of [DEJAVU_SANS_BOOK_BASE64, DEJAVU_SANS_BOLD_BASE64]) {
    if (!GlobalFonts.register(Buffer.from(data, 'base64'), CHART_FONT_FAMILY)) {
      throw new Error('could not register the embedded chart font');
    }
  }
  registered = true;
}

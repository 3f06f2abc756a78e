/**
 * The formats and sizes a figure can be drawn in: a module of its own, free of the chart libraries,
 * so the CLI can describe its options without loading them (they load only when a figure is drawn).
 */
import { OptionError } from '../traces/errors.js';

export const FIGURE_FORMATS = ['png', 'svg', 'pdf'] as const;
export type FigureFormat = (typeof FIGURE_FORMATS)[number];

/** A figure's size on paper, and the resolution of its PNG (and of its layout). */
export interface FigureSize {
  /** Inches. */
  width: number;
  height: number;
  /** PNG pixels per inch. */
  dpi: number;
}

/** `formats` as figure formats, or an OptionError naming the `formats` option. */
export function checkFigureFormats(formats: readonly string[]): FigureFormat[] {
  const bad = formats.find((f) => !(FIGURE_FORMATS as readonly string[]).includes(f));
  if (bad !== undefined || formats.length === 0) throw new OptionError('formats', `${formats.join(',')}: expected one or more of ${FIGURE_FORMATS.join(', ')}`);
  return formats as FigureFormat[];
}

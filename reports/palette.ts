/**
 * Colours and markers. Okabe and Ito's colour-blind-safe palette ("Color Universal Design", 2002),
 * with black kept for OPT; markers and dashes also differ, so curves stay apart in grey-scale print.
 */

export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

/** Policy colours in order of assignment; yellow, the faintest on white, last. */
export const POLICY_COLOURS = [
  OKABE_ITO.blue,
  OKABE_ITO.vermillion,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.orange,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.skyBlue,
  OKABE_ITO.yellow,
] as const;

/** Chart.js point styles, one per colour. */
const MARKERS = ['rect', 'triangle', 'rectRot', 'circle', 'crossRot', 'star', 'cross'] as const;
/** Dash patterns (in line widths) for the second and later rounds through the colours. */
const ROUND_DASHES: number[][] = [[], [4, 1.5, 1, 1.5], [1, 1.5]];

export type Marker = (typeof MARKERS)[number];

export interface LineStyle {
  colour: string;
  marker: Marker;
  /** Dash pattern in multiples of the line width; empty for solid. */
  dash: number[];
}

export const OPT_STYLE: LineStyle = { colour: OKABE_ITO.black, marker: 'circle', dash: [] };
export const FLOOR_STYLE: LineStyle = { colour: '#777777', marker: 'circle', dash: [1, 2] };
/** Partitioned runs beside unified ones: the same colour and marker, dashed and hollow. */
export const PARTITIONED_DASH = [3, 2];

/**
 * Styles for policy labels in the order given (the order of the results file, i.e. the order of
 * `--policies`), so one report colours a policy the same in every chart: the n-th policy gets the
 * n-th colour; after seven, colours repeat with another dash and marker.
 */
export function assignStyles(labels: readonly string[]): Map<string, LineStyle> {
  const styles = new Map<string, LineStyle>();
  for (const label of labels) {
    if (styles.has(label)) continue;
    const i = styles.size;
    const round = Math.floor(i / POLICY_COLOURS.length);
    styles.set(label, {
      colour: POLICY_COLOURS[i % POLICY_COLOURS.length]!,
      marker: MARKERS[(i + round) % MARKERS.length]!,
      dash: ROUND_DASHES[round % ROUND_DASHES.length]!,
    });
  }
  return styles;
}

/** Fault categories of the breakdown chart: one hue per cause, dark for anonymous, light for file. */
export const BREAKDOWN_COLOURS = {
  compulsory: OKABE_ITO.blue,
  compulsoryAnon: OKABE_ITO.blue,
  compulsoryFile: OKABE_ITO.skyBlue,
  capacity: OKABE_ITO.vermillion,
  capacityAnon: OKABE_ITO.vermillion,
  capacityFile: OKABE_ITO.orange,
  softFaults: OKABE_ITO.reddishPurple,
} as const;

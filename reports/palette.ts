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

/**
 * Colours of the fixed slots after the first seven (POLICY_SLOTS, in order), so that every policy
 * faultline ships has a colour of its own. Taken from Paul Tol's schemes and ColorBrewer, each the
 * candidate farthest (CIE76 ΔE) from the colours already chosen, black (OPT) and the floor's grey:
 * no two of the twenty fixed-slot colours lie closer than Okabe and Ito's own closest pair (ΔE 26).
 * Linux and MGLRU, which the README figure draws beside LRU, CLOCK, LRU-2, SEGQ and OPT, have the
 * two farthest from those (indigo, green).
 */
const MORE_SLOT_COLOURS = [
  '#EE8866', // lirs: light orange
  '#8C510A', // clock-pro: brown
  '#DFC27D', // s3-fifo: sand
  '#EE3377', // sieve: magenta
  '#332288', // linux: indigo
  '#66A61E', // mglru: green
  '#663333', // gclock: dark red-brown
  '#999933', // lfu: olive
  '#B2ABD2', // random: lavender
  '#01665E', // mru: dark teal
  '#882255', // eelru: wine
  '#225522', // ws: dark green
  '#222255', // vmin: navy
] as const;

/** The colour of each fixed slot: POLICY_COLOURS, then MORE_SLOT_COLOURS. */
export const SLOT_COLOURS: readonly string[] = [...POLICY_COLOURS, ...MORE_SLOT_COLOURS];

/** Chart.js point styles, distinct in grey-scale print. */
export const MARKERS = ['rect', 'triangle', 'rectRot', 'circle', 'crossRot', 'star', 'cross'] as const;
/** Dash patterns (in line widths): solid for the first seven slots, then two others. */
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
 * Slot n: colour SLOT_COLOURS[n] for the fixed slots, POLICY_COLOURS[n mod 7] beyond; dash
 * ⌊n / 7⌋ mod 3, marker (n + ⌊n / 7⌋) mod 7. No two of the first 21 slots share both colour and
 * marker, nor both colour and dash.
 */
export function slotStyle(n: number): LineStyle {
  const colours = POLICY_COLOURS.length;
  const round = Math.floor(n / colours);
  return {
    colour: SLOT_COLOURS[n] ?? POLICY_COLOURS[n % colours]!,
    marker: MARKERS[(n + (round % MARKERS.length)) % MARKERS.length]!,
    dash: ROUND_DASHES[Math.floor(n / colours) % ROUND_DASHES.length]!,
  };
}

/**
 * The fixed slot of every policy faultline ships, so that a policy has one look in every figure
 * whatever else is drawn and in whatever order `-p` named it: the policies most often compared
 * first (solid lines, the strongest colours), variable-space ones last.
 */
export const POLICY_SLOTS: readonly string[] = [
  'lru', 'fifo', 'clock', 'lru-k', 'segq', 'arc', '2q',
  'lirs', 'clock-pro', 's3-fifo', 'sieve', 'linux', 'mglru', 'gclock',
  'lfu', 'random', 'mru', 'eelru', 'ws', 'vmin',
];

const SLOTS = POLICY_COLOURS.length * MARKERS.length * ROUND_DASHES.length;

/** FNV-1a: a policy name faultline does not ship (a plugin's) gets a slot from its name alone. */
function hashSlot(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  const free = SLOTS - POLICY_SLOTS.length;
  return POLICY_SLOTS.length + (h % free);
}

/** The slot of a policy name: its fixed one, or one derived from the name. */
export function policySlot(policy: string): number {
  const fixed = POLICY_SLOTS.indexOf(policy);
  return fixed >= 0 ? fixed : hashSlot(policy);
}

/**
 * Styles for series given as (label, policy): each policy's look comes from its name, never from
 * the order of the series, so every figure of every report draws a policy alike. Several
 * configurations of one policy (`lru-k(k=2)`, `lru-k(k=3)`), taken in label order, keep the
 * policy's colour and step through the dashes and markers of the slots 7, 14, … after it;
 * `overrides` (by label, then policy) replace any part.
 */
export function assignStyles(series: readonly { label: string; policy: string }[], overrides: Record<string, Partial<LineStyle>> = {}): Map<string, LineStyle> {
  const styles = new Map<string, LineStyle>();
  const byPolicy = new Map<string, string[]>();
  for (const { label, policy } of series) {
    const labels = byPolicy.get(policy) ?? [];
    if (!labels.includes(label)) labels.push(label);
    byPolicy.set(policy, labels);
  }
  for (const [policy, labels] of byPolicy) {
    const slot = policySlot(policy);
    const colour = slotStyle(slot).colour;
    [...labels].sort().forEach((label, variant) => {
      const base = { ...slotStyle(slot + variant * POLICY_COLOURS.length), colour };
      styles.set(label, { ...base, ...overrides[policy], ...overrides[label] });
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

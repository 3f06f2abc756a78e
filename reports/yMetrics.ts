/** What the y axis of a fault curve can show (a module of its own: the CLI lists it without loading the chart libraries). */
export const Y_METRICS = ['faults', 'miss-ratio'] as const;
export type YMetric = (typeof Y_METRICS)[number];

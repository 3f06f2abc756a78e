/**
 * The causes a fault breakdown stacks, in one place for the printed figure (reportFigures.ts) and
 * the interactive report (htmlReport.ts): compulsory and capacity faults, split into anonymous and
 * file when the trace's pages have kinds, and soft faults (no I/O) on top when any run has them.
 */
import type { Counters } from '../simulators/results.js';
import type { BreakdownSegment } from './breakdownChart.js';
import { BREAKDOWN_COLOURS } from './palette.js';

/** A part of the breakdown's bars: how it is drawn, and the counter it shows. */
export interface FaultCause extends BreakdownSegment {
  counter: keyof Counters;
}

export interface FaultCauses {
  causes: FaultCause[];
  /** The faults are split into anonymous and file. */
  byKind: boolean;
  /** Soft faults are stacked on top. */
  soft: boolean;
}

/** The causes of the bars of `counters` (the runs a breakdown draws). */
export function faultCauses(counters: readonly Counters[]): FaultCauses {
  const c = BREAKDOWN_COLOURS;
  const byKind = counters.some((k) => k.anonCompulsory + k.anonCapacity + k.fileCompulsory + k.fileCapacity > 0);
  const causes: FaultCause[] = byKind
    ? [
        { label: 'compulsory, anonymous', colour: c.compulsoryAnon, counter: 'anonCompulsory' },
        { label: 'compulsory, file', colour: c.compulsoryFile, counter: 'fileCompulsory' },
        { label: 'capacity, anonymous', colour: c.capacityAnon, counter: 'anonCapacity' },
        { label: 'capacity, file', colour: c.capacityFile, counter: 'fileCapacity' },
      ]
    : [
        { label: 'compulsory', colour: c.compulsory, counter: 'compulsoryFaults' },
        { label: 'capacity', colour: c.capacity, counter: 'capacityFaults' },
      ];
  const soft = counters.some((k) => k.softFaults > 0);
  if (soft) causes.push({ label: 'soft faults (no I/O)', colour: c.softFaults, counter: 'softFaults', hatched: true });
  return { causes, byKind, soft };
}

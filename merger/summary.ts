/** The numbers a merge reports at the end (human table on stdout, or `--json`). */
import type { WindowSummary } from './tracingWindows.js';
import type { WarningKind } from './warnings.js';

export interface ClassCounts {
  anonymous: number;
  file: number;
  sharedMemory: number;
}

export interface MergeSummary {
  kernelFile: string;
  referenceFile: string;
  /** Reference-trace layout, given or detected. */
  layout: string;
  window: number;
  kernelRecords: number;
  referenceRecords: number;
  /** Reference records that arrived after one with a later cycle (put back in order by the window). */
  reorderedRecords: number;
  /** References written, by operation and by the class of the page. */
  references: {
    total: number;
    vmRead: ClassCounts;
    vmWrite: ClassCounts;
    fsRead: ClassCounts;
    fsWrite: ClassCounts;
  };
  /** Pages that died after appearing (written as release records with --releases). */
  releases: number;
  processes: number;
  /** Tasks (kernel-level threads), every process's first task included. */
  threads: number;
  /** Canonical pages, by class. */
  pages: ClassCounts & { total: number };
  /** read()/write() records on pipes, sockets and devices: no page references. */
  nonFileIo: number;
  /** Reference-tracing windows (`[`/`]` records), with compulsory faults counted both ways; empty when the trace has none. */
  tracingWindows: WindowSummary[];
  warnings: Partial<Record<WarningKind, number>>;
}

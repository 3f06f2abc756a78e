/**
 * The merge: interleaves the kernel-event trace and the reference trace by cycle timestamp
 * (kernel records first on ties; reference records reordered within a window), reconstructs the
 * system's state and tells the consumers every event. Streaming end to end: memory follows the
 * live state (tasks, mappings, pages alive), not the length of the traces.
 */
import { InputError, wholeNumberOption } from '../traces/index.js';
import type { Consumer } from './consumer.js';
import { EventBus } from './events.js';
import { KernelDispatch } from './kernelDispatch.js';
import { CLASS_ANON, CLASS_FILE, CLASS_SHM, MemoryState } from './memoryState.js';
import { PAGE_SIZE } from '../traces/index.js';
import { RecordPosition } from './position.js';
import { openReferenceTrace, readKernelBatches, type KernelBatch, type LayoutChoice } from './raw/index.js';
import { ReorderWindow } from './reorderWindow.js';
import type { ClassCounts, MergeSummary } from './summary.js';
import { TaskRegistry } from './taskRegistry.js';
import { Warnings } from './warnings.js';

export const DEFAULT_WINDOW = 4096;

export interface MergeProgress {
  kernelRecords: number;
  referenceRecords: number;
  /** Bytes of the reference trace read so far (compressed bytes for gzip): the merge's progress. */
  referenceBytesRead: number;
  /** The reference trace's size on disk. */
  referenceBytes: number;
}

export interface MergeOptions {
  /** Reference records that may wait to be put in cycle order (default 4096). */
  window?: number;
  /** Reference-trace layout (default: detected). */
  layout?: LayoutChoice;
  /** Turn every warning into an InputError. */
  strict?: boolean;
  consumers?: Consumer[];
  /** Called after each chunk of reference records. */
  onProgress?: (progress: MergeProgress) => void;
}

/** The kernel records in order, one look-ahead record at a time. */
class KernelCursor {
  private readonly batches: AsyncGenerator<KernelBatch>;
  private batch: KernelBatch = { records: [], lines: [] };
  private index = 0;
  /** Cycle of the next record; Infinity at the end. */
  nextCycle = Infinity;
  count = 0;

  constructor(file: string) {
    this.batches = readKernelBatches(file);
  }

  /** Moves to the next record, reading the next batch when this one is used up. */
  async load(): Promise<void> {
    while (this.index >= this.batch.records.length) {
      const next = await this.batches.next();
      if (next.done) {
        this.nextCycle = Infinity;
        return;
      }
      this.batch = next.value;
      this.index = 0;
    }
    this.nextCycle = this.batch.records[this.index]!.cycle;
  }

  /** Applies the next record; returns false when the batch is used up (call `load`). */
  applyNext(dispatch: KernelDispatch, pos: RecordPosition): boolean {
    const i = this.index++;
    pos.inKernel = true;
    pos.kernelLine = this.batch.lines[i]!;
    this.count++;
    dispatch.apply(this.batch.records[i]!);
    if (this.index < this.batch.records.length) {
      this.nextCycle = this.batch.records[this.index]!.cycle;
      return true;
    }
    return false;
  }

  close(): Promise<unknown> {
    return this.batches.return(undefined);
  }
}

function classCounts(counts: Float64Array, base: number): ClassCounts {
  return { anonymous: counts[base + CLASS_ANON]!, file: counts[base + CLASS_FILE]!, sharedMemory: counts[base + CLASS_SHM]! };
}

/** Merges the two raw traces, feeding `options.consumers`; returns the summary. */
export async function mergeTraces(kernelFile: string, referenceFile: string, options: MergeOptions = {}): Promise<MergeSummary> {
  const window = options.window ?? DEFAULT_WINDOW;
  wholeNumberOption('window', window);
  const refs = await openReferenceTrace(referenceFile, { layout: options.layout });
  const kernel = new KernelCursor(kernelFile);
  const consumers = options.consumers ?? [];
  const pos = new RecordPosition(kernelFile, referenceFile, refs.location);
  const warnings = new Warnings(options.strict ?? false);
  const bus = new EventBus(consumers);
  const memory = new MemoryState(bus, warnings, pos);
  const tasks = new TaskRegistry(bus, warnings, pos, memory);
  const dispatch = new KernelDispatch(tasks, memory, bus, warnings, pos);
  const win = new ReorderWindow(window + 1);
  let referenceRecords = 0;
  let reordered = 0;
  try {
    await kernel.load();
    for (const c of consumers) await c.begin?.({ kernelFile, referenceFile, layout: refs.info.layout, pageSize: PAGE_SIZE });

    const kernelUpTo = async (limit: number): Promise<void> => {
      while (kernel.nextCycle <= limit) if (!kernel.applyNext(dispatch, pos)) await kernel.load();
    };
    let merged = -Infinity;
    /** Merges the earliest waiting reference (every kernel record due before it must have been applied). */
    const mergeEarliest = (): void => {
      const slot = win.pop();
      merged = win.cycles[slot]!;
      pos.inKernel = false;
      pos.refRecord = win.records[slot]!;
      pos.refLine = win.lines[slot]!;
      memory.vmReference(win.tags[slot]!, merged, win.reftimes[slot]!, win.contexts[slot]!, win.vpns[slot]!, tasks.attribute);
    };

    let latest = -Infinity;
    for await (const chunk of refs.chunks()) {
      const { tags, cycles, reftimes, contexts, vpns, lines, length, firstRecord } = chunk;
      for (let i = 0; i < length; i++) {
        const cycle = cycles[i]!;
        if (cycle < merged) {
          throw new InputError(referenceFile, refs.location(firstRecord + i, lines[i]!),
            `record arrives too late: its cycle 0x${cycle.toString(16)} is earlier than the cycle 0x${merged.toString(16)} of a reference already merged, more than the window of ${window} records allows (raise the window)`);
        }
        if (cycle < latest) reordered++;
        else latest = cycle;
        win.push(tags[i]!, cycle, reftimes[i]!, contexts[i]!, vpns[i]!, firstRecord + i, lines[i]!);
        if (win.size > window) {
          // Awaiting only when a kernel record is due keeps the common path synchronous.
          if (kernel.nextCycle <= win.minCycle()) await kernelUpTo(win.minCycle());
          mergeEarliest();
        }
      }
      referenceRecords += length;
      if (options.onProgress) {
        const { read, size } = refs.position();
        options.onProgress({ kernelRecords: kernel.count, referenceRecords, referenceBytesRead: read, referenceBytes: size });
      }
    }
    while (win.size > 0) {
      if (kernel.nextCycle <= win.minCycle()) await kernelUpTo(win.minCycle());
      mergeEarliest();
    }
    await kernelUpTo(Number.MAX_SAFE_INTEGER); // every cycle is at most 2^53 - 1; the end is Infinity
    tasks.finish();

    const counts = memory.referenceCounts;
    const byOp = [0, 3, 6, 9].map((base) => classCounts(counts, base));
    const pages = classCounts(memory.pageCounts, 0);
    const summary: MergeSummary = {
      kernelFile,
      referenceFile,
      layout: refs.info.layout,
      window,
      kernelRecords: kernel.count,
      referenceRecords,
      reorderedRecords: reordered,
      references: { total: counts.reduce((a, b) => a + b, 0), vmRead: byOp[0]!, vmWrite: byOp[1]!, fsRead: byOp[2]!, fsWrite: byOp[3]! },
      releases: memory.releases,
      processes: tasks.processes,
      threads: tasks.threads,
      pages: { total: memory.nextPage, ...pages },
      nonFileIo: memory.nonFileIo,
      tracingWindows: memory.windows.summary(),
      warnings: warnings.byKind(),
    };
    for (const c of consumers) await c.end?.(summary);
    return summary;
  } catch (err) {
    for (const c of consumers) c.abort?.();
    throw err;
  } finally {
    await kernel.close();
    await refs.close();
  }
}

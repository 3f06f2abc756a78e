/**
 * The raw kVMTrace pair the collector writes: the kernel-event trace and the reference trace
 * (x86_64 layout), both gzipped. lackey's lines carry no clock, so the collector makes one: the
 * "cycle" counts the records of the global order — every page reference and every kernel record
 * takes the next number — so kernel records and references interleave exactly as ordered. References go through kVMTrace's reference filter (an empty filter keeps them all).
 */
import { KernelTraceWriter, ReferenceTraceWriter, type KernelRecord, type UntimedKernelRecord } from '../merger/index.js';
import { ReferenceFilter, type ReferenceFilterOptions } from '../workloads/referenceFilter.js';

export class TraceOutput {
  /** The last timestamp given. */
  clock = 0;
  readonly kernel: KernelTraceWriter;
  readonly references: ReferenceTraceWriter;
  readonly filter: ReferenceFilter;

  constructor(kernelPath: string, referencePath: string, filter: ReferenceFilterOptions, level: number) {
    this.kernel = new KernelTraceWriter(kernelPath, { level });
    this.references = new ReferenceTraceWriter(referencePath, { layout: 'x86_64', level });
    const refs = this.references;
    this.filter = new ReferenceFilter(filter, (tag, cycle, reftime, context, vpn) => refs.write(tag, cycle, reftime, context, vpn));
  }

  /** Appends a kernel record stamped now. */
  record(record: UntimedKernelRecord, reftime: number): void {
    this.kernel.write({ ...record, cycle: ++this.clock, reftime } as KernelRecord);
  }

  /** One page reference, stamped now, through the filter. */
  reference(context: number, vpn: number, write: boolean, reftime: number): void {
    this.filter.reference(context, vpn, write, ++this.clock, reftime);
  }

  /** Empties the filter and finishes both files. */
  close(): void {
    this.filter.flush();
    this.kernel.close();
    this.references.close();
  }

  abort(): void {
    this.kernel.abort();
    this.references.abort();
  }
}

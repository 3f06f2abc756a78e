/**
 * Merger throughput: reference records per second through `mergeTraces`, on a synthetic raw pair
 * written with the merger's own writers — four processes (one with a second thread) with heaps,
 * stacks and a shared library, read() of a data file, munmap/mmap churn, context switches, and
 * reference records out of order as kVMTrace's tracing pool wrote them: 5% arrive up to 1,000
 * records late (pages kept longer in a CLOCK segment), the rest in order.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mergeTraces, runMerge, withKernelTraceWriter, withReferenceTraceWriter, type KernelRecord, type MergeSummary, type UntimedKernelRecord } from '../../merger/index.js';
import { timed, type BenchContext, type BenchFigure, type BenchSuite } from '../benchSuite.js';
import { xorshift } from '../random.js';

const REFERENCES = 4_000_000;
const SLICE = 2_000;
const LATE_RATE = 0.05;
const MAX_DELAY = 1000;
const HEAP = 0x08000000;
const HEAP_PAGES = 16384;
const LIB = 0x40000000;
const LIB_PAGES = 512;
const STACK = 0xbf000000;
const CHURN = 0x60000000;

interface Workload {
  kernel: string;
  references: string;
}

async function workload(ctx: BenchContext, references: number): Promise<Workload> {
  const base = path.join(ctx.cacheDir, `merger-${references}`);
  const w: Workload = { kernel: `${base}.kernel.txt`, references: `${base}.refs.i386` };
  if (fs.existsSync(w.kernel) && fs.existsSync(w.references)) return w;
  ctx.log(`generating a raw trace pair with ${references} reference records`);
  const r = xorshift(7);
  const kernel: KernelRecord[] = [];
  let cycle = 1;
  const k = (record: UntimedKernelRecord): void => {
    kernel.push({ ...record, cycle: cycle++, reftime: 0 } as KernelRecord);
  };
  const contexts = [0, 0xc1, 0xc2, 0xc3, 0xc4];
  for (let pid = 1; pid <= 4; pid++) {
    k({ tag: 'A', pid, context: contexts[pid]! });
    k({ tag: 'm', pid, address: HEAP, length: HEAP_PAGES * 4096 });
    k({ tag: 'M', pid, address: LIB, length: LIB_PAGES * 4096, inode: 100, major: 3, minor: 1, pageOffset: 0, fileType: 'f', filename: '/lib/libc.so.6' });
    k({ tag: 'm', pid, address: STACK, length: 16 * 4096 });
    k({ tag: 'm', pid, address: CHURN, length: 256 * 4096 });
    k({ tag: '(', pid, inode: 200 + pid, major: 3, minor: 1, size: 1 << 24, fileType: 'f', filename: `data-${pid}` });
  }
  k({ tag: 'F', pid: 5, parentPid: 1 });
  const tasks = [1, 2, 3, 4, 5];
  const contextOf = (pid: number): number => contexts[pid === 5 ? 1 : pid]!;
  await withReferenceTraceWriter(w.references, { layout: 'i386' }, (out) => {
    // [arrival key, cycle, context, vpn (negative for a write)]: written in key order
    const pending: [number, number, number, number][] = [];
    let produced = 0;
    const emit = (all: boolean): void => {
      pending.sort((a, b) => a[0] - b[0]);
      const keep = all ? pending.length : pending.findIndex((p) => p[0] >= produced - MAX_DELAY);
      const n = keep < 0 ? pending.length : keep;
      for (let i = 0; i < n; i++) {
        const [, c, ctxId, vpnWrite] = pending[i]!;
        out.write(vpnWrite < 0 ? 'w' : 'r', c, 0, ctxId, Math.abs(vpnWrite));
      }
      pending.splice(0, n);
    };
    let written = 0;
    while (written < references) {
      const pid = tasks[Math.floor(r() * tasks.length)]!;
      k({ tag: 'S', pid });
      if (r() < 0.3) k({ tag: '<', pid, inode: 200 + (pid === 5 ? 1 : pid), major: 3, minor: 1, offset: Math.floor(r() * 4000) * 4096, length: 16384 });
      if (r() < 0.2) {
        k({ tag: 'U', pid, address: CHURN, length: 256 * 4096 });
        k({ tag: 'm', pid, address: CHURN, length: 256 * 4096 });
      }
      const context = contextOf(pid);
      let libPage = Math.floor(r() * LIB_PAGES);
      for (let i = 0; i < SLICE && written < references; i++, written++) {
        const x = r();
        let vpn: number;
        if (x < 0.6) vpn = HEAP / 4096 + Math.floor(HEAP_PAGES * r() * r() * r());
        else if (x < 0.85) vpn = LIB / 4096 + (libPage = (libPage + (r() < 0.9 ? 0 : 1)) % LIB_PAGES);
        else if (x < 0.95) vpn = STACK / 4096 + Math.floor(r() * 16);
        else vpn = CHURN / 4096 + Math.floor(r() * 256);
        pending.push([produced++ + (r() < LATE_RATE ? 1 + Math.floor(r() * MAX_DELAY) : 0), cycle, context, r() < 0.3 ? -vpn : vpn]);
        cycle += 1 + Math.floor(r() * 50);
        if (pending.length >= 4 * MAX_DELAY) emit(false);
      }
    }
    emit(true);
  });
  for (let pid = 5; pid >= 1; pid--) {
    if (pid <= 4) k({ tag: 'u', context: contexts[pid]! });
    k({ tag: 'T', pid, userTime: 0, systemTime: 0 });
  }
  await withKernelTraceWriter(w.kernel, {}, (out) => kernel.forEach((rec) => out.write(rec)));
  return w;
}

function figure(name: string, summary: MergeSummary, seconds: number, extra: Record<string, string | number> = {}): BenchFigure {
  return {
    name,
    value: Math.round(summary.referenceRecords / seconds),
    unit: 'reference records/s',
    better: 'higher',
    context: { referenceRecords: summary.referenceRecords, kernelRecords: summary.kernelRecords, references: summary.references.total, pages: summary.pages.total, seconds: Number(seconds.toFixed(3)), ...extra },
  };
}

export const mergerSuite: BenchSuite = {
  name: 'merger',
  description: 'faultline merge throughput (reference records/s) on a synthetic kVMTrace raw pair',
  async run(ctx) {
    const references = Math.max(100_000, Math.round(REFERENCES * ctx.scale));
    const w = await workload(ctx, references);
    const out = path.join(ctx.cacheDir, 'merger-out.bin');
    ctx.log('merging (summary only)');
    const bare = await timed(() => mergeTraces(w.kernel, w.references));
    ctx.log('merging to basic-named');
    const named = await timed(() => runMerge({ kernel: w.kernel, references: w.references, output: out, releases: true }));
    fs.rmSync(out, { force: true });
    return [figure('merge.i386.summary', bare.value, bare.seconds), figure('merge.i386.basic-named', named.value, named.seconds, { output: 'basic-named .bin, releases' })];
  },
};

/**
 * Seeded random raw workloads for the differential test: processes that fork, spawn threads,
 * exec and exit; anonymous, file and shm mappings that overlap, move, shrink and grow; COW breaks;
 * read()/write(), truncate, delete, shm destroy; context switches; reference records stamped in
 * time and written shuffled within small blocks (as kVMTrace's pool emitted them).
 */
import type { KernelRecord, ReferenceRecord, UntimedKernelRecord } from '../../merger/index.js';
import { randomInt, rng } from '../helpers/random.js';

export interface RawWorkload {
  kernel: KernelRecord[];
  /** In arrival order (shuffled within blocks of up to `shuffle` records). */
  refs: ReferenceRecord[];
}

const PAGES = 48;
const PAGE = 4096;

interface GenTask {
  pid: number;
  ctx: number;
}

/** `base`: first virtual page of the region used (high values test 64-bit addresses and page-table leaf edges). */
export function randomWorkload(seed: number, steps: number, shuffle = 8, base = 0): RawWorkload {
  const r = rng(seed);
  const pick = <T>(list: T[]): T => list[randomInt(r, list.length)]!;
  const kernel: KernelRecord[] = [];
  const stamped: ReferenceRecord[] = [];
  let cycle = 1;
  let nextPid = 1;
  let nextCtx = 0x100;
  const tasks: GenTask[] = [];
  const mapped = new Map<number, Set<number>>();
  const shmIds = new Set<number>();
  let running: GenTask | undefined;

  const k = (rec: UntimedKernelRecord): void => {
    kernel.push({ ...rec, cycle, reftime: 0 } as KernelRecord);
    if (r() < 0.85) cycle++;
  };
  const range = (): [number, number, number, number] => {
    const start = base + randomInt(r, PAGES - 4);
    const pages = 1 + randomInt(r, 8);
    // sometimes not page-aligned: the merger rounds to whole pages
    const address = start * PAGE + (r() < 0.2 ? randomInt(r, PAGE) : 0);
    const length = pages * PAGE - (r() < 0.2 ? randomInt(r, PAGE) : 0);
    return [address, length, Math.floor(address / PAGE), Math.ceil((address + length) / PAGE)];
  };
  const markMapped = (ctx: number, from: number, to: number, on: boolean): void => {
    const set = mapped.get(ctx)!;
    for (let v = from; v < to; v++) on ? set.add(v) : set.delete(v);
  };
  const usersOf = (ctx: number): number => tasks.filter((t) => t.ctx === ctx).length;

  for (let i = 0; i < 3; i++) {
    const t = { pid: nextPid++, ctx: nextCtx++ };
    tasks.push(t);
    mapped.set(t.ctx, new Set());
    k({ tag: 'A', pid: t.pid, context: t.ctx });
  }

  for (let step = 0; step < steps; step++) {
    const x = r();
    if (!running || !tasks.includes(running) || x < 0.08) {
      running = pick(tasks);
      k({ tag: 'S', pid: running.pid });
      continue;
    }
    const t = running;
    if (x < 0.5) {
      const set = [...mapped.get(t.ctx)!];
      for (let n = 1 + randomInt(r, 12); n > 0; n--) {
        const vpn = set.length && r() < 0.9 ? pick(set) : base + randomInt(r, PAGES);
        stamped.push({ tag: pick(['r', 'R', 'w', 'W'] as const), cycle, reftime: 0, context: t.ctx, vpn });
        if (r() < 0.7) cycle++;
      }
      // A kernel record after the burst must not share its cycle (kernel records win ties).
      cycle++;
    } else if (x < 0.56) {
      const [address, length, s, e] = range();
      k({ tag: 'm', pid: t.pid, address, length });
      markMapped(t.ctx, s, e, true);
    } else if (x < 0.61) {
      const [address, length, s, e] = range();
      k({ tag: 'M', pid: t.pid, address, length, inode: 1 + randomInt(r, 3), major: 8, minor: 1, pageOffset: randomInt(r, 6), fileType: 'f', filename: 'f' });
      markMapped(t.ctx, s, e, true);
    } else if (x < 0.64) {
      const [address, length, s, e] = range();
      const shmId = 1 + randomInt(r, 2);
      shmIds.add(shmId);
      k({ tag: 's', pid: t.pid, address, length, shmId });
      markMapped(t.ctx, s, e, true);
    } else if (x < 0.68) {
      const [address, length, s, e] = range();
      k({ tag: 'U', pid: t.pid, address, length });
      markMapped(t.ctx, s, e, false);
    } else if (x < 0.72) {
      const [oldAddress, oldLength, os, oe] = range();
      const [newAddress, newLength, ns, ne] = range();
      k({ tag: '@', pid: t.pid, newAddress, newLength, oldAddress, oldLength });
      markMapped(t.ctx, os, oe, false);
      markMapped(t.ctx, ns, ne, true);
    } else if (x < 0.77) {
      k({ tag: 'C', pid: t.pid, address: base * PAGE + randomInt(r, PAGES * PAGE) });
    } else if (x < 0.8) {
      const child = { pid: nextPid++, ctx: nextCtx++ };
      k({ tag: 'F', pid: child.pid, parentPid: t.pid });
      k({ tag: 'A', pid: child.pid, context: child.ctx });
      k({ tag: 'D', context: t.ctx, dupContext: child.ctx, start: base * PAGE, end: (base + PAGES) * PAGE });
      mapped.set(child.ctx, new Set(mapped.get(t.ctx)));
      tasks.push(child);
    } else if (x < 0.82) {
      const thread = { pid: nextPid++, ctx: t.ctx };
      k({ tag: 'F', pid: thread.pid, parentPid: t.pid });
      tasks.push(thread);
    } else if (x < 0.84) {
      const old = t.ctx;
      t.ctx = nextCtx++;
      mapped.set(t.ctx, new Set());
      k({ tag: 'A', pid: t.pid, context: t.ctx });
      if (usersOf(old) === 0) k({ tag: 'u', context: old });
      k({ tag: 'X', pid: t.pid, inode: 9, major: 8, minor: 1, filename: 'prog' });
    } else if (x < 0.86) {
      if (tasks.length > 1) {
        tasks.splice(tasks.indexOf(t), 1);
        if (usersOf(t.ctx) === 0) k({ tag: 'u', context: t.ctx });
        k({ tag: 'T', pid: t.pid, userTime: 0, systemTime: 0 });
        running = undefined;
      }
    } else if (x < 0.93) {
      const offset = randomInt(r, 12 * PAGE);
      k({ tag: r() < 0.5 ? '<' : '>', pid: t.pid, inode: 1 + randomInt(r, 3), major: 8, minor: 1, offset, length: randomInt(r, 3 * PAGE) });
    } else if (x < 0.96) {
      k({ tag: 't', inode: 1 + randomInt(r, 3), major: 8, minor: 1, size: randomInt(r, 8 * PAGE) });
    } else if (x < 0.98) {
      k({ tag: '-', inode: 1 + randomInt(r, 3), major: 8, minor: 1 });
    } else if (shmIds.size) {
      const shmId = pick([...shmIds]);
      shmIds.delete(shmId);
      k({ tag: '/', pid: t.pid, shmId });
    }
  }

  const refs: ReferenceRecord[] = [];
  for (let i = 0; i < stamped.length; i += shuffle) {
    const block = stamped.slice(i, i + shuffle);
    for (let j = block.length - 1; j > 0; j--) {
      const m = randomInt(r, j + 1);
      [block[j], block[m]] = [block[m]!, block[j]!];
    }
    refs.push(...block);
  }
  return { kernel, refs };
}

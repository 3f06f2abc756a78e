/**
 * Fresh memory faulted in on a spare core. The first write to each 4 KiB page of fresh memory costs
 * the writing thread a page fault: about 11 µs on this VM (2.7 ms per MB, the fault going through
 * the hypervisor's page tables), so filling OPT's 80 MB next-use array for a 20M-record stream
 * spends about 0.2 s in faults alone. A large shared buffer about to be filled is touched page by
 * page on a worker thread instead, from its start, while the filler works: the faults are taken
 * there, and the filler finds its pages mapped (backward next-use pass over the 20M stream, in one
 * process: 436–469 ms alone, 239–300 ms with the touch beside it).
 *
 * The touch is a compare-and-swap of 0 with 0: it changes no word, whatever the filler has written
 * or writes at the same time, so the threads need no other coordination. Fire and forget: the
 * worker holds nothing open, does not keep the process alive, and a failure of it changes no
 * result (the filler then takes the faults itself).
 */
import type { Worker } from 'node:worker_threads';
import { hasSpareCore } from './cores.js';
import { startWorker } from './workerThread.js';

/** Smaller buffers are filled before a worker would be online (about 0.05 s). */
export const PRE_FAULT_MIN_BYTES = 32 * 2 ** 20;

/** Starts touching `buffer`'s pages on a worker thread when it is large and a core is spare; returns the worker (tests wait for it), if started. */
export function preFault(buffer: SharedArrayBuffer): Worker | undefined {
  if (buffer.byteLength < PRE_FAULT_MIN_BYTES || !hasSpareCore()) return undefined;
  const worker = startWorker(import.meta.url, 'preFaultWorker', buffer);
  worker.unref();
  // Only an optimisation: its failure is the filler's faults, not an error.
  worker.on('error', () => undefined);
  return worker;
}

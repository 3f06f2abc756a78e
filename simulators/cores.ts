/**
 * The cores this process may use: how many replay workers run by default (replayWorkers.ts), and
 * whether a second thread (reading ahead, faulting memory in) has a core of its own. Light, for the
 * command to ask before it loads anything else (cli/main.ts, through readsAhead.ts).
 */
import * as os from 'node:os';

export function availableCores(): number {
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

/** The machine has a core beside the calling thread's for a second thread to run on. */
export function hasSpareCore(): boolean {
  return availableCores() >= 2;
}

/**
 * Outputs that appear only when complete: everything is written under a temporary name in the
 * destination's folder (`TARGET.tmp-PID-N`) and renamed into place by `commit()`. `abort()` (or a
 * crash) leaves no file that looks finished. What is left behind is cleaned up:
 *  - a failed run or SIGINT/SIGTERM: the registry of this process's live temporaries
 *    (`removePendingOutputs`, `removeOutputsOnSignals`);
 *  - SIGKILL (no chance to clean up): the next output to the same target removes temporaries whose
 *    process no longer runs (`removeStaleTemporaries`).
 * Outputs made of several files or a directory swap are written under a lock (`withOutputLock`,
 * `TARGET.lock` holding the writer's pid), so two runs never mix their files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OptionError } from './errors.js';

let counter = 0;
const pending = new Set<string>();

function temporaryName(target: string): string {
  counter += 1;
  return `${target}.tmp-${process.pid}-${counter}`;
}

/** Removes temporaries of this process that were never committed (called on a fatal error); returns how many there were. */
export function removePendingOutputs(): number {
  const removed = pending.size;
  for (const tmp of pending) fs.rmSync(tmp, { recursive: true, force: true });
  pending.clear();
  return removed;
}

let signalsHandled = false;

/**
 * On SIGINT or SIGTERM, removes this process's temporaries and exits with 128 + the signal number
 * (the CLI installs it; a library user decides for their own process). `onSignal` is told how many
 * temporaries there were: outputs already committed stay, and a message should not claim otherwise.
 */
export function removeOutputsOnSignals(onSignal?: (signal: NodeJS.Signals, removed: number) => void): void {
  if (signalsHandled) return;
  signalsHandled = true;
  for (const [signal, status] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.on(signal, () => {
      const removed = removePendingOutputs();
      onSignal?.(signal, removed);
      process.exit(status);
    });
  }
}

/** True when process `pid` runs (on this machine); a process of another user counts as running. */
function running(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporaries of `target` (`TARGET.tmp-PID-N`) whose process no longer runs: leftovers
 * of a run killed by SIGKILL. Returns their names.
 */
export function removeStaleTemporaries(target: string): string[] {
  const dir = path.dirname(path.resolve(target));
  const prefix = `${path.basename(target)}.tmp-`;
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const m = /^(\d+)-\d+$/.exec(entry.slice(prefix.length));
    if (m && !running(Number(m[1]))) {
      fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
      removed.push(entry);
    }
  }
  return removed;
}

const LOCK_WAIT_MS = 60_000;
const LOCK_POLL_MS = 25;

/**
 * Runs `write` holding `TARGET.lock` (created exclusively, holding this process's pid): a second run
 * writing the same target waits until the first is done (up to a minute), so a directory never
 * holds one run's results.json beside another's results.csv. A lock whose process no longer runs
 * (SIGKILL) is taken over.
 */
export function withOutputLock<T>(target: string, write: () => T): T {
  const lock = `${path.resolve(target)}.lock`;
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      fs.writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let holder = NaN;
    try {
      holder = Number.parseInt(fs.readFileSync(lock, 'utf8'), 10);
    } catch {
      continue; // released between the two calls
    }
    if (!Number.isInteger(holder) || !running(holder)) {
      fs.rmSync(lock, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new OptionError('output', `${target}: another run (process ${holder}) has been writing it for a minute; try again when it is done`);
    Atomics.wait(pause, 0, 0, LOCK_POLL_MS);
  }
  try {
    return write();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/** A file written through a file descriptor and renamed to `target` when complete. */
export class AtomicFile {
  readonly tmpPath: string;
  readonly fd: number;
  private done = false;

  constructor(readonly target: string) {
    fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
    removeStaleTemporaries(target);
    this.tmpPath = temporaryName(target);
    this.fd = fs.openSync(this.tmpPath, 'w');
    pending.add(this.tmpPath);
  }

  write(bytes: Uint8Array): void {
    let off = 0;
    while (off < bytes.length) off += fs.writeSync(this.fd, bytes, off, bytes.length - off);
  }

  /** Writes `bytes` at an absolute position (used to fill in a header once counts are known). */
  writeAt(bytes: Uint8Array, position: number): void {
    fs.writeSync(this.fd, bytes, 0, bytes.length, position);
  }

  commit(): void {
    if (this.done) return;
    this.done = true;
    fs.closeSync(this.fd);
    fs.renameSync(this.tmpPath, this.target);
    pending.delete(this.tmpPath);
  }

  abort(): void {
    if (this.done) return;
    this.done = true;
    fs.closeSync(this.fd);
    fs.rmSync(this.tmpPath, { force: true });
    pending.delete(this.tmpPath);
  }
}

/** Writes a whole file atomically. */
export function writeFileAtomic(target: string, data: string | Uint8Array): void {
  const file = new AtomicFile(target);
  try {
    file.write(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    file.commit();
  } catch (err) {
    file.abort();
    throw err;
  }
}

/**
 * A directory of outputs built under a temporary name; `commit()` puts it in place of `target`
 * (replacing an older directory of that name only once the new one is complete).
 */
export class AtomicDirectory {
  readonly tmpPath: string;
  private done = false;

  constructor(readonly target: string) {
    fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
    removeStaleTemporaries(target);
    this.tmpPath = temporaryName(target);
    fs.mkdirSync(this.tmpPath);
    pending.add(this.tmpPath);
  }

  /** Path of `name` inside the directory being built. */
  file(name: string): string {
    return path.join(this.tmpPath, name);
  }

  commit(): void {
    if (this.done) return;
    this.done = true;
    // Two runs committing the same directory at once would race between the two renames.
    withOutputLock(this.target, () => {
      let old: string | undefined;
      if (fs.existsSync(this.target)) {
        old = temporaryName(this.target);
        fs.renameSync(this.target, old);
      }
      fs.renameSync(this.tmpPath, this.target);
      pending.delete(this.tmpPath);
      if (old) fs.rmSync(old, { recursive: true, force: true });
    });
  }

  abort(): void {
    if (this.done) return;
    this.done = true;
    fs.rmSync(this.tmpPath, { recursive: true, force: true });
    pending.delete(this.tmpPath);
  }
}

/**
 * Refuses to let an output directory replace `dir` unless it is missing, empty, or an earlier
 * output of the same kind: `foreign` lists the entries that are not (they are named in the error).
 */
export function checkReplaceableDirectory(dir: string, foreign: (entries: string[]) => string[], what: string, advice: string): void {
  let entries: string[];
  try {
    if (!fs.statSync(dir).isDirectory()) throw new OptionError('output', `${dir}: exists and is not a directory`);
    entries = fs.readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const strangers = foreign(entries);
  if (strangers.length > 0) {
    throw new OptionError('output', `${dir}: the directory holds files that are not ${what} (${strangers.slice(0, 3).join(', ')}); ${advice}`);
  }
}

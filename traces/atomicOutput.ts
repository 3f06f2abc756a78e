/**
 * Outputs that appear only when complete: everything is written under a temporary name in the
 * destination's folder and renamed into place by `commit()`. `abort()` (or a crash) leaves no file
 * that looks finished.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from './errors.js';

let counter = 0;
const pending = new Set<string>();

function temporaryName(target: string): string {
  counter += 1;
  return `${target}.tmp-${process.pid}-${counter}`;
}

/** Removes temporaries of this process that were never committed (called on a fatal error). */
export function removePendingOutputs(): void {
  for (const tmp of pending) fs.rmSync(tmp, { recursive: true, force: true });
  pending.clear();
}

/** A file written through a file descriptor and renamed to `target` when complete. */
export class AtomicFile {
  readonly tmpPath: string;
  readonly fd: number;
  private done = false;

  constructor(readonly target: string) {
    fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
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
    let old: string | undefined;
    if (fs.existsSync(this.target)) {
      old = temporaryName(this.target);
      fs.renameSync(this.target, old);
    }
    fs.renameSync(this.tmpPath, this.target);
    pending.delete(this.tmpPath);
    if (old) fs.rmSync(old, { recursive: true, force: true });
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
    if (!fs.statSync(dir).isDirectory()) throw new UsageError(`-o ${dir}: exists and is not a directory`);
    entries = fs.readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const strangers = foreign(entries);
  if (strangers.length > 0) {
    throw new UsageError(`-o ${dir}: the directory holds files that are not ${what} (${strangers.slice(0, 3).join(', ')}); ${advice}`);
  }
}

/**
 * The files of the traced run, by identity (device, inode), with what the kernel-event trace
 * says about them: type, name, size, and whether they are deleted. Paths map to the file last
 * opened, created or renamed there, so that unlink and rename (which name only a path, after the
 * fact) reach the right file. A file the collector could not identify (deleted before it looked)
 * gets a made-up identity on device 0:0, which no mounted file system uses.
 */
import type { FileType } from '../merger/index.js';
import type { FileIdentity, ProbedPath } from './events.js';

export class FileInfo {
  /** Open file descriptions that refer to it (across all processes). */
  openFiles = 0;
  /** Its last name was unlinked: it is deleted when no description refers to it any more. */
  unlinked = false;

  constructor(
    readonly major: number,
    readonly minor: number,
    readonly inode: number,
    public type: FileType,
    public name: string,
    /** Size in bytes as far as the trace knows (at open, then grown by writes, set by truncation). */
    public size: number,
    /** valgrind's own file (its preload library, its tool binary): left out of the trace. */
    readonly excluded: boolean,
  ) {}
}

export class FileRegistry {
  private readonly files = new Map<string, FileInfo>();
  private readonly paths = new Map<string, FileInfo>();
  private nextMadeUp = 1;
  /** Files given a made-up identity. */
  madeUp = 0;

  constructor(private readonly isExcluded: (path: string) => boolean) {}

  private static key(major: number, minor: number, inode: number): string {
    return `${major}:${minor}:${inode}`;
  }

  /** The file with this identity, created on first sight. */
  get(identity: FileIdentity, name: string): FileInfo {
    const key = FileRegistry.key(identity.major, identity.minor, identity.inode);
    let file = this.files.get(key);
    if (!file) {
      file = new FileInfo(identity.major, identity.minor, identity.inode, identity.type, name, identity.size, this.isExcluded(name));
      this.files.set(key, file);
    }
    if (name) file.name = name;
    file.type = identity.type;
    return file;
  }

  has(identity: FileIdentity): boolean {
    return this.files.has(FileRegistry.key(identity.major, identity.minor, identity.inode));
  }

  /** A file no probe identified: a new made-up identity of the given type. */
  madeUpFile(type: FileType, name: string): FileInfo {
    this.madeUp++;
    return this.get({ major: 0, minor: 0, inode: this.nextMadeUp++, type, size: 0 }, name);
  }

  /** The file a probe found, the one last seen at its path, or a made-up one. */
  identify(probed: ProbedPath, type: FileType): FileInfo {
    if (probed.identity) return this.get(probed.identity, probed.path);
    return this.byPath(probed.path) ?? this.madeUpFile(type, probed.path);
  }

  byPath(path: string): FileInfo | undefined {
    return path ? this.paths.get(path) : undefined;
  }

  setPath(path: string, file: FileInfo): void {
    if (path.startsWith('/')) this.paths.set(path, file);
  }

  /** rename: the file now lives at `to`; a file that was at `to` lost its name (returned). */
  rename(from: string, to: string): FileInfo | undefined {
    const moving = this.paths.get(from);
    const replaced = this.paths.get(to);
    this.paths.delete(from);
    if (moving) this.paths.set(to, moving);
    else this.paths.delete(to);
    return replaced !== moving ? replaced : undefined;
  }

  /** unlink: the file at `path` (if known) loses that name. */
  unlink(path: string): FileInfo | undefined {
    const file = this.paths.get(path);
    this.paths.delete(path);
    return file;
  }

  /** A deleted file is forgotten: its identity, used again, names a new file. */
  remove(file: FileInfo): void {
    this.files.delete(FileRegistry.key(file.major, file.minor, file.inode));
  }
}

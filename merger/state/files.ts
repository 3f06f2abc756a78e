/**
 * Files by identity (device major, minor, inode), each with its canonical pages by page index.
 * A file's pages keep their numbers from first reference until the file is deleted or truncated
 * below them, whoever reaches them — read()/write() or any mapping in any process.
 */
import type { FileType } from '../raw/index.js';

export class FileState {
  /** Canonical page of each page index that has appeared. */
  readonly pages = new Map<number, number>();
  /** Page indexes read or written with read()/write() while reference tracing was off, before they appeared. */
  readonly touchedOff = new Set<number>();
  name = '';
  /** Type from the last `(` or `M` naming the file; undefined when never seen. */
  type: FileType | undefined;

  constructor(
    readonly major: number,
    readonly minor: number,
    readonly inode: number,
  ) {}
}

export class FileTable {
  private readonly files = new Map<string, FileState>();

  private static key(major: number, minor: number, inode: number): string {
    return `${major}:${minor}:${inode}`;
  }

  /** The file, created on first mention. */
  get(major: number, minor: number, inode: number): FileState {
    const key = FileTable.key(major, minor, inode);
    let f = this.files.get(key);
    if (!f) {
      f = new FileState(major, minor, inode);
      this.files.set(key, f);
    }
    return f;
  }

  /** The file if it is known. */
  find(major: number, minor: number, inode: number): FileState | undefined {
    return this.files.get(FileTable.key(major, minor, inode));
  }

  /** Forgets a deleted file: a later use of its identity is a new file. */
  remove(file: FileState): void {
    this.files.delete(FileTable.key(file.major, file.minor, file.inode));
  }

  get size(): number {
    return this.files.size;
  }
}

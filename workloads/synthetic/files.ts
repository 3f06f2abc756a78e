/**
 * The generator's files: each scenario file key names one file or a family of them (shared by
 * every process, or one instance per process for temporary files). A file has an inode on a
 * device, a size, and the true identities of its pages by page index. Deleted files give their
 * inode back for reuse, as a file system does.
 */
import type { FileKind, FileSpec, Pick } from './scenario.js';
import { PAGE, type Region, type Space } from './space.js';
import { sampleTable, zipfTable, type Random } from './random.js';

/** Device (major, minor) of regular files; pipes and sockets live on pseudo-devices. */
const DEVICES: Record<FileKind, [number, number]> = { f: [3, 1], p: [0, 6], s: [0, 7], d: [0, 5] };

export class SimFile {
  /** Page identities by page index. */
  readonly pages = new Map<number, number>();
  /** Processes that have it open. */
  opens = 0;
  /** Regions that map it, with their address spaces. */
  readonly mappedBy = new Map<Region, Space>();
  unlinked = false;
  /** Its `-` record has been written. */
  gone = false;
  readonly major: number;
  readonly minor: number;

  constructor(
    readonly path: string,
    readonly inode: number,
    readonly type: FileKind,
    /** Bytes. */
    public size: number,
    /** Text pages (program files). */
    readonly text: number,
  ) {
    [this.major, this.minor] = DEVICES[type];
  }

  get sizePages(): number {
    return Math.ceil(this.size / PAGE);
  }
}

/** The members of one file key (one table for shared files, one per process for temporary ones). */
export interface FileFamily {
  files: (SimFile | undefined)[];
  /** Members deleted at least once: they come back empty. */
  deleted: Uint8Array;
}

export class FileSystem {
  private nextInode = 0x1000;
  private readonly freeInodes: number[] = [];
  private readonly shared = new Map<string, FileFamily>();
  private readonly counters = new Map<string, number>();

  constructor(
    private readonly specs: Record<string, FileSpec>,
    private readonly random: Random,
  ) {}

  private inode(): number {
    return this.freeInodes.pop() ?? this.nextInode++;
  }

  private create(key: string, index: number, fresh: boolean, owner: number | undefined): SimFile {
    const spec = this.specs[key]!;
    const name = (spec.count > 1 ? `${spec.path}.${index}` : spec.path) + (owner === undefined ? '' : `.${owner}`);
    return new SimFile(name, this.inode(), spec.type, fresh ? spec.pages * PAGE : 0, spec.text);
  }

  /** A key's family as a process sees it (`own`: the process's table of temporary files). */
  family(key: string, own: Map<string, FileFamily>): FileFamily {
    const spec = this.specs[key]!;
    const table = spec.perProcess ? own : this.shared;
    let family = table.get(key);
    if (!family) {
      family = { files: new Array<SimFile | undefined>(spec.count).fill(undefined), deleted: new Uint8Array(spec.count) };
      table.set(key, family);
    }
    return family;
  }

  /** Which member a step uses. */
  pick(key: string, pick: Pick): number {
    const count = this.specs[key]!.count;
    switch (pick) {
      case 'first':
        return 0;
      case 'uniform':
        return this.random.int(count);
      case 'zipf':
        return sampleTable(zipfTable(count, 1), this.random.next());
      case 'sequential': {
        const n = this.counters.get(key) ?? 0;
        this.counters.set(key, n + 1);
        return n % count;
      }
    }
  }

  /**
   * The file of member `index`, created if it does not exist: at the scenario's size the first
   * time (files that exist when the trace starts), empty after a delete.
   */
  member(key: string, index: number, family: FileFamily, owner: number): SimFile {
    let file = family.files[index];
    if (!file) {
      const spec = this.specs[key]!;
      file = this.create(key, index, family.deleted[index] === 0, spec.perProcess ? owner : undefined);
      family.files[index] = file;
    }
    return file;
  }

  /** Unlinks the member's file (its inode is freed when `release` is called). */
  unlink(family: FileFamily, index: number): SimFile | undefined {
    const file = family.files[index];
    family.files[index] = undefined;
    family.deleted[index] = 1;
    if (file) file.unlinked = true;
    return file;
  }

  /** The inode of a deleted file is free again. */
  release(file: SimFile): void {
    this.freeInodes.push(file.inode);
  }
}

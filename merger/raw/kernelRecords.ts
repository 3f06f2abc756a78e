/**
 * The kernel-event records of kVMTrace v0.5 (Linux 2.4 layout; docs/raw-formats.md), one
 * typed object per record. `KERNEL_FIELDS` is the single source of the field order: the text
 * codec reads and writes fields in exactly this order after the common prefix
 * `TAG cycle reftime`, and the record types are derived from it.
 *
 * Units: addresses and lengths in bytes; `pageOffset` (M) in pages; `offset` (< >) is the byte
 * position of the first byte moved; `size` is a file size in bytes (at open for `(`, the new
 * length for `t`); `context` is the page-directory address >> 12.
 */

export const KERNEL_FIELDS = {
  /** schedule: the task switched to */
  S: ['pid'],
  /** fork or clone: the new task and its creator */
  F: ['pid', 'parentPid'],
  /** successful exec of a program file */
  X: ['pid', 'inode', 'major', 'minor', 'filename'],
  /** task exit, with its user and system times */
  T: ['pid', 'userTime', 'systemTime'],
  /** a new address space (context) for the task: fork without CLONE_VM, or exec */
  A: ['pid', 'context'],
  /** fork copies the page table of [start, end) from `context` to `dupContext` */
  D: ['context', 'dupContext', 'start', 'end'],
  /** mmap of a file */
  M: ['pid', 'address', 'length', 'inode', 'major', 'minor', 'pageOffset', 'fileType', 'filename'],
  /** anonymous mmap, brk, stack setup and growth */
  m: ['pid', 'address', 'length'],
  /** mremap that moves a region */
  '@': ['pid', 'newAddress', 'newLength', 'oldAddress', 'oldLength'],
  /** munmap */
  U: ['pid', 'address', 'length'],
  /** whole address space torn down */
  u: ['context'],
  /** copy-on-write break: a new page is mapped at the address */
  C: ['pid', 'address'],
  /** System V shared memory attach */
  s: ['pid', 'address', 'length', 'shmId'],
  /** System V shared memory segment destroyed */
  '/': ['pid', 'shmId'],
  /** file open (`size`: the file's size at open) */
  '(': ['pid', 'inode', 'major', 'minor', 'size', 'fileType', 'filename'],
  /** file close */
  ')': ['pid', 'inode', 'major', 'minor'],
  /** read() that moved `length` > 0 bytes starting at byte `offset` */
  '<': ['pid', 'inode', 'major', 'minor', 'offset', 'length'],
  /** write() that moved `length` > 0 bytes starting at byte `offset` */
  '>': ['pid', 'inode', 'major', 'minor', 'offset', 'length'],
  /** file deleted (last reference to an unlinked inode) */
  '-': ['inode', 'major', 'minor'],
  /** file truncated to `size` bytes */
  t: ['inode', 'major', 'minor', 'size'],
  /** accept(): a point where the task could block */
  a: ['pid'],
  /** invalid record (defined by kVMTrace, never emitted) */
  '!': [],
  /** end of trace */
  e: [],
  /** debugging record */
  '&': ['pid', 'address', 'endAddress', 'length'],
  /** reference tracing switched on: tracing window `window` (1, 2, …) begins (faultline's activator) */
  '[': ['window'],
  /** reference tracing switched off: window `window` ends; window 0 as the first record: off from the start */
  ']': ['window'],
  /** an anonymous page comes into being at the address while reference tracing is off (its first touch) */
  z: ['pid', 'address'],
} as const;

type Schema = typeof KERNEL_FIELDS;
export type KernelTag = keyof Schema;
export type KernelFieldName = Schema[KernelTag][number];

/** `f` regular file, directory or symlink; `p` pipe; `d` device; `s` socket; `o` other (3.8 port). */
export type FileType = 'f' | 'p' | 'd' | 's' | 'o';
export const FILE_TYPES: readonly FileType[] = ['f', 'p', 'd', 's', 'o'];

type FieldValue<F> = F extends 'filename' ? string : F extends 'fileType' ? FileType : number;

export type KernelRecordOf<T extends KernelTag> = { tag: T; cycle: number; reftime: number } & {
  -readonly [F in Schema[T][number]]: FieldValue<F>;
};

/** One kernel-event record; `switch (record.tag)` narrows it to the tag's fields. */
export type KernelRecord = { [T in KernelTag]: KernelRecordOf<T> }[KernelTag];

/** A record without its timestamps (for generators that stamp records as they write them). */
export type UntimedKernelRecord = { [T in KernelTag]: Omit<KernelRecordOf<T>, 'cycle' | 'reftime'> }[KernelTag];

export const KERNEL_TAGS = Object.keys(KERNEL_FIELDS) as KernelTag[];

export function isKernelTag(tag: string): tag is KernelTag {
  return Object.prototype.hasOwnProperty.call(KERNEL_FIELDS, tag);
}

/** The fields of a tag after the common prefix, in file order. */
export function fieldsOf(tag: KernelTag): readonly KernelFieldName[] {
  return KERNEL_FIELDS[tag];
}

/** The record's tag has a file name as its last field (which may contain spaces). */
export function hasFilename(tag: KernelTag): boolean {
  const f = KERNEL_FIELDS[tag] as readonly string[];
  return f[f.length - 1] === 'filename';
}

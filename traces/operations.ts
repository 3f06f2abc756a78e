/**
 * The operations and page kinds of a reference stream, and how they pack into one code byte.
 *
 * Code byte layout (shared by every stage, stored as-is in binary streams):
 *   bits 0-1  operation: 0 VM read `r`, 1 VM write `w`, 2 FS read `<`, 3 FS write `>`
 *             (bit 0 is "write", bit 1 is "file-system access", so both tests are one mask)
 *   bit  2    release record `x` (then bits 0-1 are zero)
 *   bits 3-4  page kind: 0 unknown (basic streams), 1 anonymous, 2 file-backed
 */

export const OP_VM_READ = 0;
export const OP_VM_WRITE = 1;
export const OP_FS_READ = 2;
export const OP_FS_WRITE = 3;
export const OP_RELEASE = 4;

export const WRITE_BIT = 1;
export const FS_BIT = 2;
export const RELEASE_BIT = 4;
export const OP_MASK = 7;

export const KIND_UNKNOWN = 0;
export const KIND_ANON = 1;
export const KIND_FILE = 2;
export const KIND_SHIFT = 3;
export const KIND_MASK = 3 << KIND_SHIFT;

export type Op = typeof OP_VM_READ | typeof OP_VM_WRITE | typeof OP_FS_READ | typeof OP_FS_WRITE | typeof OP_RELEASE;
export type Kind = typeof KIND_UNKNOWN | typeof KIND_ANON | typeof KIND_FILE;

/** The stream formats (docs/formats.md): basic (op + page) and basic-named (op + page + anon/file). */
export type StreamFormat = 'basic' | 'basic-named';

export const OP_LETTERS = ['r', 'w', '<', '>', 'x'] as const;
export const KIND_LETTERS = ['?', 'a', 'f'] as const;

export function makeCode(op: Op, kind: Kind): number {
  return op | (kind << KIND_SHIFT);
}

/** True when `code` is a valid code byte for a stream of the given format. */
export function isValidCode(code: number, format: StreamFormat): boolean {
  const op = code & OP_MASK;
  const kind = (code & KIND_MASK) >> KIND_SHIFT;
  if ((code & ~(OP_MASK | KIND_MASK)) !== 0 || op > OP_RELEASE) return false;
  if (op === OP_RELEASE) return kind === KIND_UNKNOWN;
  return format === 'basic' ? kind === KIND_UNKNOWN : kind === KIND_ANON || kind === KIND_FILE;
}

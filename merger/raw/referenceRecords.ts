/**
 * kVMTrace reference records and faultline's definition of their layouts, which kVMTrace never
 * published (docs/raw-formats.md):
 *
 *   i386    28 bytes, little-endian: tag u8, 3 zero bytes, cycle u64, reftime u64, context u32, vpn u32
 *   x86_64  40 bytes, little-endian: tag u8, 7 zero bytes, cycle u64, reftime u64, context u64, vpn u64
 *   text    one record per line: `tag cycle reftime context vpn`, integers in lower-case hex
 *
 * Tags: `r` single read, `R` multiple read, `w` single write, `W` multiple write. A record stands
 * for one reference, a write when the tag is `w` or `W`.
 */

export type ReferenceTag = 'r' | 'R' | 'w' | 'W';
export const REFERENCE_TAGS: readonly ReferenceTag[] = ['r', 'R', 'w', 'W'];

export type ReferenceLayout = 'i386' | 'x86_64' | 'text';
export const REFERENCE_LAYOUTS: readonly ReferenceLayout[] = ['i386', 'x86_64', 'text'];

export interface ReferenceRecord {
  tag: ReferenceTag;
  /** rdtsc when the page entered kVMTrace's tracing pool (the first reference). */
  cycle: number;
  /** The task's virtual (user-time) reference clock at the same moment. */
  reftime: number;
  /** The address space: page-directory address >> 12. */
  context: number;
  /** Virtual page number: address >> 12. */
  vpn: number;
}

/** Where each field of a binary layout lives. */
export interface BinaryLayout {
  name: 'i386' | 'x86_64';
  size: number;
  /** Zero padding after the tag byte: bytes [1, padEnd). */
  padEnd: number;
  cycleAt: number;
  reftimeAt: number;
  contextAt: number;
  vpnAt: number;
  /** Width of context and vpn in bytes (4 or 8). */
  wordBytes: 4 | 8;
}

export const BINARY_LAYOUTS: Record<'i386' | 'x86_64', BinaryLayout> = {
  i386: { name: 'i386', size: 28, padEnd: 4, cycleAt: 4, reftimeAt: 12, contextAt: 20, vpnAt: 24, wordBytes: 4 },
  x86_64: { name: 'x86_64', size: 40, padEnd: 8, cycleAt: 8, reftimeAt: 16, contextAt: 24, vpnAt: 32, wordBytes: 8 },
};

const TAG_R = 0x72;
const TAG_BIG_R = 0x52;
const TAG_W = 0x77;
const TAG_BIG_W = 0x57;

/** 1 for each byte that is a reference tag. */
export const IS_REFERENCE_TAG = new Uint8Array(256);
for (const c of [TAG_R, TAG_BIG_R, TAG_W, TAG_BIG_W]) IS_REFERENCE_TAG[c] = 1;

/** The tag byte stands for a write (`w`, `W`). */
export function isWriteTag(code: number): boolean {
  return code === TAG_W || code === TAG_BIG_W;
}

/** The tag byte says the page was referenced more than once while in the tracing pool (`R`, `W`). */
export function isMultipleTag(code: number): boolean {
  return code === TAG_BIG_R || code === TAG_BIG_W;
}

/**
 * Decoded records in columns (no object per record). The arrays are reused by the next chunk:
 * copy what must outlive it. `tags` holds the tag's character code.
 */
export interface ReferenceChunk {
  tags: Uint8Array;
  cycles: Float64Array;
  reftimes: Float64Array;
  contexts: Float64Array;
  vpns: Float64Array;
  /** Line of each record in a text trace (0 in binary traces). */
  lines: Float64Array;
  /** 1-based number of the chunk's first record in the file. */
  firstRecord: number;
  length: number;
}

/** A growable ReferenceChunk buffer. */
export class ReferenceChunkBuffer implements ReferenceChunk {
  tags = new Uint8Array(0);
  cycles = new Float64Array(0);
  reftimes = new Float64Array(0);
  contexts = new Float64Array(0);
  vpns = new Float64Array(0);
  lines = new Float64Array(0);
  firstRecord = 1;
  length = 0;

  /** Empties the buffer, making room for `records`, and numbers its first record. */
  reset(records: number, firstRecord: number): void {
    this.length = 0;
    this.firstRecord = firstRecord;
    if (this.tags.length < records) {
      this.tags = new Uint8Array(records);
      this.cycles = new Float64Array(records);
      this.reftimes = new Float64Array(records);
      this.contexts = new Float64Array(records);
      this.vpns = new Float64Array(records);
      this.lines = new Float64Array(records);
    }
  }
}

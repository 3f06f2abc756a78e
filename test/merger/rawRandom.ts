/** Seeded random raw records (every kernel tag, every reference layout) for codec round trips. */
import { KERNEL_FIELDS, KERNEL_TAGS, FILE_TYPES, REFERENCE_TAGS, type KernelRecord, type ReferenceRecord } from '../../merger/index.js';
import { randomInt } from '../helpers/random.js';

const NAME_PIECES = ['lib', 'c.so.6', ' ', 'my file', 'é', '日本', '-', '.', 'x', '  two  spaces', '#not a comment', '\t'];

/** A value of any magnitude up to 2^53 − 1, often small (so both short and long hex appear). */
export function randomValue(r: () => number, bits = 53): number {
  const k = randomInt(r, 4);
  if (k === 0) return randomInt(r, 16);
  if (k === 1) return randomInt(r, 2 ** 16);
  if (k === 2 || bits <= 32) return randomInt(r, 2 ** Math.min(bits, 32));
  return Math.floor(r() * 2 ** bits);
}

function randomName(r: () => number): string {
  let name = '';
  const n = randomInt(r, 5);
  for (let i = 0; i < n; i++) name += NAME_PIECES[randomInt(r, NAME_PIECES.length)];
  return name;
}

export function randomKernelRecord(r: () => number): KernelRecord {
  const tag = KERNEL_TAGS[randomInt(r, KERNEL_TAGS.length)]!;
  const rec: Record<string, string | number> = { tag, cycle: randomValue(r), reftime: randomValue(r) };
  for (const field of KERNEL_FIELDS[tag]) {
    if (field === 'filename') rec[field] = randomName(r);
    else if (field === 'fileType') rec[field] = FILE_TYPES[randomInt(r, FILE_TYPES.length)]!;
    else rec[field] = randomValue(r);
  }
  return rec as unknown as KernelRecord;
}

export function randomReferenceRecord(r: () => number, wordBits: number): ReferenceRecord {
  return {
    tag: REFERENCE_TAGS[randomInt(r, REFERENCE_TAGS.length)]!,
    cycle: randomValue(r),
    reftime: randomValue(r),
    context: randomValue(r, wordBits),
    vpn: randomValue(r, wordBits),
  };
}

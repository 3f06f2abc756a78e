/**
 * valgrind lackey `--trace-mem=yes` output: `I  ADDR,SIZE` (instruction fetch), ` L ADDR,SIZE`
 * (load), ` S ADDR,SIZE` (store), ` M ADDR,SIZE` (modify: a load and a store by one instruction);
 * ADDR hexadecimal, SIZE decimal bytes. Valgrind's own `==PID==` and `--PID--` lines are skipped.
 * An access references every page its bytes touch (a page boundary crossed means two pages);
 * fetches and loads are VM reads, stores VM writes, and a modify is a read then a write of each
 * page. lackey knows nothing of mappings, so the pages are anonymous unless `kind=file` is given.
 */
import { KIND_ANON } from '../operations.js';
import { queueByteRange } from './byteRange.js';
import { decimalField, hexU64Field, isBlankByte, skipBlanks, trimEnd, safeNumber, type U64 } from './fields.js';
import { DensePages, type IdSpace } from './idSpace.js';
import { lineImporter } from './importer.js';
import type { ImportSettings } from './importSettings.js';
import { LineFormat } from './lineReader.js';

const TAG_I = 0x49;
const TAG_L = 0x4c;
const TAG_S = 0x53;
const TAG_M = 0x4d;
const EQUALS = 0x3d;
const DASH = 0x2d;
const COMMA = 0x2c;
const TWO_32 = 0x100000000;
const EXPECTED = 'expected a lackey record: I, L, S or M, then ADDRESS,SIZE (hexadecimal address, decimal size)';

class LackeyFormat extends LineFormat {
  private readonly addr: U64 = { hi: 0, lo: 0 };
  private readonly pages: IdSpace;
  private readonly pageShift: number;

  constructor(file: string, settings: ImportSettings) {
    super(file, settings);
    this.pages = new DensePages(file).space();
    this.pageShift = Math.log2(settings.pageSize);
  }

  parseLine(b: Uint8Array, s: number, e: number): boolean {
    let i = skipBlanks(b, s, e);
    const tag = b[i]!;
    if ((tag === EQUALS && b[i + 1] === EQUALS) || (tag === DASH && b[i + 1] === DASH)) return false;
    if ((tag !== TAG_I && tag !== TAG_L && tag !== TAG_S && tag !== TAG_M) || i + 1 >= e || !isBlankByte(b[i + 1]!)) this.fail(b, s, e, EXPECTED);
    i = skipBlanks(b, i + 1, e);
    let comma = i;
    while (comma < e && b[comma] !== COMMA) comma++;
    if (comma === e || !hexU64Field(b, i, comma, this.addr)) this.fail(b, s, e, EXPECTED);
    const size = decimalField(b, comma + 1, trimEnd(b, comma + 1, e));
    if (size < 0) this.fail(b, s, e, EXPECTED);
    if (size >= TWO_32) this.fail(b, s, e, 'SIZE must be below 2^32');
    if (tag === TAG_I && !this.settings.instructions) return true;
    const code = tag === TAG_S ? this.write : this.read;
    const second = tag === TAG_M ? this.write : -1;
    // lackey never prints a size of 0; if one appears, the access still touches its address.
    const span = size || 1;
    const addr = safeNumber(this.addr);
    if (addr < 0 || queueByteRange(this.out, this.pages, addr, span, this.settings, code, second) !== undefined) {
      this.queueHighAddress(b, s, e, span, code, second);
    }
    return true;
  }

  /** An access at or beyond 2⁵³ (the vsyscall page, say): page numbers from the address halves. */
  private queueHighAddress(b: Uint8Array, s: number, e: number, span: number, code: number, second: number): void {
    const { hi, lo } = this.addr;
    const k = this.pageShift;
    const endLo = lo + span - 1;
    const carry = Math.floor(endLo / TWO_32);
    const lastHi = hi + carry;
    if (lastHi >= TWO_32) this.fail(b, s, e, 'the access runs past the end of the 64-bit address space');
    const first = hi * 2 ** (32 - k) + (lo >>> k);
    const last = lastHi * 2 ** (32 - k) + ((endLo - carry * TWO_32) >>> k);
    if (last > Number.MAX_SAFE_INTEGER) this.fail(b, s, e, `page number beyond 2^53 with page-size ${this.settings.pageSize}: use a larger page size`);
    this.out.addRun(this.pages, first, last, code, second);
  }
}

export const lackeyImporter = lineImporter(
  { name: 'lackey', describe: 'valgrind lackey --trace-mem=yes output (I, L, S, M lines)', settings: ['instructions'], defaultKind: KIND_ANON },
  (file, settings) => new LackeyFormat(file, settings),
);

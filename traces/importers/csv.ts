/**
 * libCacheSim-style csv traces: delimited text whose columns are named by settings, 1-based as in
 * libCacheSim (`obj-id-col`, `op-col`, `delimiter`, `has-header`). An object id is compared as
 * text, exactly (libCacheSim hashes ids unless told they are numbers; faultline numbers them
 * densely, so no hashing and no collisions); one object is one page. Ids written as plain decimal
 * numbers take a fast path that makes no string. Operations: see OPERATIONS.
 */
import { KIND_FILE } from '../operations.js';
import { UsageError } from '../errors.js';
import { splitBlanks, splitFields } from './fields.js';
import { DensePages, type IdSpace } from './idSpace.js';
import { lineImporter } from './importer.js';
import { WHITESPACE, type ImportSettings } from './importSettings.js';
import { LineFormat } from './lineReader.js';

const READ_WORDS = ['r', 'read', 'get', 'gets'];
const WRITE_WORDS = ['w', 'write', 'set', 'add', 'replace', 'cas', 'append', 'prepend', 'incr', 'decr'];
/** Operation words (any case) → write or not, for the op column. */
const OPERATIONS = new Map<string, boolean>([...READ_WORDS.map((w) => [w, false] as const), ...WRITE_WORDS.map((w) => [w, true] as const)]);
const ZERO = 0x30;
const MAX_FAST_DIGITS = 15;

/** The value of [s, e) when it is a decimal number as a number prints it (no sign, no leading 0), else -1. */
function plainNumber(b: Uint8Array, s: number, e: number): number {
  if (s === e || e - s > MAX_FAST_DIGITS || (b[s] === ZERO && e - s > 1)) return -1;
  let v = 0;
  for (let i = s; i < e; i++) {
    const d = b[i]! - ZERO;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

class CsvFormat extends LineFormat {
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly fields: number;
  private readonly numericIds: IdSpace;
  private readonly textIds = new Map<string, number>();
  private readonly numbering: DensePages;
  private headerPending: boolean;

  constructor(file: string, settings: ImportSettings) {
    super(file, settings);
    this.fields = Math.max(settings.objIdCol, settings.opCol);
    this.starts = new Int32Array(this.fields);
    this.ends = new Int32Array(this.fields);
    this.numbering = new DensePages(file);
    this.numericIds = this.numbering.space();
    this.headerPending = settings.hasHeader;
  }

  private page(b: Uint8Array, s: number, e: number): number {
    const n = plainNumber(b, s, e);
    if (n >= 0) return this.numericIds.pageOfNumber(n);
    const text = Buffer.from(b.subarray(s, e)).toString('latin1');
    let page = this.textIds.get(text);
    if (page === undefined) {
      page = this.numbering.take();
      this.textIds.set(text, page);
    }
    return page;
  }

  parseLine(b: Uint8Array, s: number, e: number): boolean {
    if (this.headerPending) {
      this.headerPending = false;
      return false;
    }
    const { starts, ends, settings } = this;
    const found = settings.delimiter === WHITESPACE ? splitBlanks(b, s, e, starts, ends) : splitFields(b, s, e, settings.delimiter, starts, ends);
    if (found < this.fields) this.fail(b, s, e, `expected at least ${this.fields} fields`);
    const is = starts[settings.objIdCol - 1]!;
    const ie = ends[settings.objIdCol - 1]!;
    if (is === ie) this.fail(b, s, e, `the object id (column ${settings.objIdCol}) is empty`);
    let code = this.read;
    if (settings.opCol) {
      const word = Buffer.from(b.subarray(starts[settings.opCol - 1]!, ends[settings.opCol - 1]!)).toString('latin1').toLowerCase();
      const write = OPERATIONS.get(word);
      if (write === undefined) this.fail(b, s, e, `the operation (column ${settings.opCol}) must be one of ${READ_WORDS.join(', ')} (reads) or ${WRITE_WORDS.join(', ')} (writes)`);
      if (write) code = this.write;
    }
    this.out.add(code, this.page(b, is, ie));
    return true;
  }
}

export const csvImporter = lineImporter(
  {
    name: 'csv',
    describe: 'libCacheSim-style csv: columns named by obj-id-col (required), op-col, delimiter, has-header',
    settings: ['obj-id-col', 'op-col', 'delimiter', 'has-header'],
    defaultKind: KIND_FILE,
  },
  (file, settings) => new CsvFormat(file, settings),
  (settings) => {
    if (!settings.objIdCol) throw new UsageError('csv needs the object id column: obj-id-col=N (1 is the first column)');
    if (settings.opCol === settings.objIdCol) throw new UsageError(`csv: op-col and obj-id-col are both column ${settings.opCol}`);
  },
);

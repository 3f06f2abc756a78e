/**
 * The ARC traces of Megiddo & Modha (FAST 2003: OLTP, P1–P14, DS1, S1–S3, SPC1-like…):
 * `START_BLOCK BLOCK_COUNT IGNORED REQUEST_NO` per line, space-separated; each line reads blocks
 * START … START + COUNT − 1 of one disk. Blocks are `block-size` bytes (512 by default, the paper's
 * page size: use page-size=512 to simulate one page per block as the paper does). The third and
 * fourth fields are not used, but must be there and be decimal integers, as in every published
 * trace: a line without them is not an ARC line.
 */
import { KIND_FILE } from '../operations.js';
import { splitBlanks } from './fields.js';
import { DensePages, type IdSpace } from './idSpace.js';
import { lineImporter } from './importer.js';
import type { ImportSettings } from './importSettings.js';
import { LineFormat } from './lineReader.js';

const FIELDS = 4;

class ArcFormat extends LineFormat {
  private readonly starts = new Int32Array(FIELDS);
  private readonly ends = new Int32Array(FIELDS);
  private readonly blocks: IdSpace;

  constructor(file: string, settings: ImportSettings) {
    super(file, settings);
    this.blocks = new DensePages(file).space();
  }

  parseLine(b: Uint8Array, s: number, e: number): boolean {
    const { starts, ends } = this;
    if (splitBlanks(b, s, e, starts, ends) !== FIELDS) this.fail(b, s, e, 'expected START_BLOCK BLOCK_COUNT IGNORED REQUEST_NO');
    const start = this.decimal(b, s, e, starts[0]!, ends[0]!, 'START_BLOCK');
    const count = this.decimal(b, s, e, starts[1]!, ends[1]!, 'BLOCK_COUNT');
    this.decimal(b, s, e, starts[2]!, ends[2]!, 'IGNORED');
    this.decimal(b, s, e, starts[3]!, ends[3]!, 'REQUEST_NO');
    const { blockSize } = this.settings;
    this.queue(b, s, e, this.blocks, start * blockSize, count * blockSize, this.read);
    return true;
  }
}

export const arcImporter = lineImporter(
  { name: 'arc', describe: 'ARC traces (Megiddo & Modha): START_BLOCK BLOCK_COUNT IGNORED REQUEST_NO', settings: ['block-size', 'max-request-pages'], defaultKind: KIND_FILE, defaultBlockSize: 512 },
  (file, settings) => new ArcFormat(file, settings),
);

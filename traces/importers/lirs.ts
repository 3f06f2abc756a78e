/**
 * The LIRS traces (Jiang & Zhang, SIGMETRICS 2002; `.trc` files): one decimal block number per line;
 * a line `*` ends a trace and is skipped, as the LIRS authors' and Caffeine's readers do. Every
 * reference is a read. By default one block is one page; with `block-size` the block's bytes
 * [block × block-size, (block + 1) × block-size) are mapped onto pages of `page-size`.
 */
import { KIND_FILE } from '../operations.js';
import { decimalU64Field, safeNumber, skipBlanks, trimEnd } from './fields.js';
import { IdPerLineFormat } from './idPerLine.js';
import { lineImporter } from './importer.js';
import type { ImportSettings } from './importSettings.js';

const STAR = 0x2a;

class LirsFormat extends IdPerLineFormat {
  private readonly blockPerPage: boolean;

  constructor(file: string, settings: ImportSettings) {
    super(file, settings, decimalU64Field, 'expected one decimal block number (or * at the end)');
    this.blockPerPage = settings.blockSize === settings.pageSize;
  }

  override parseLine(b: Uint8Array, s: number, e: number): boolean {
    const i = skipBlanks(b, s, e);
    if (b[i] === STAR && trimEnd(b, i, e) === i + 1) return false;
    return super.parseLine(b, s, e);
  }

  protected override emit(b: Uint8Array, s: number, e: number): void {
    if (this.blockPerPage) return super.emit(b, s, e);
    const block = safeNumber(this.id);
    const { blockSize } = this.settings;
    if (block < 0 || block * blockSize + blockSize > Number.MAX_SAFE_INTEGER) {
      this.fail(b, s, e, `block number too large: its byte offset must stay below 2^53 with block-size ${blockSize}`);
    }
    this.queue(b, s, e, this.ids, block * blockSize, blockSize, this.read);
  }
}

export const lirsImporter = lineImporter(
  { name: 'lirs', describe: 'LIRS block-number traces (.trc): one decimal block number per line', settings: ['block-size', 'max-request-pages'], defaultKind: KIND_FILE },
  (file, settings) => new LirsFormat(file, settings),
);

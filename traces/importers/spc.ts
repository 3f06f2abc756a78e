/**
 * SPC block traces (SPC Trace File Format Specification 1.0.1; the UMass Financial and WebSearch
 * traces): `ASU,LBA,SIZE,OPCODE,TIMESTAMP[,…]` per line. LBA is in blocks of `block-size` bytes
 * (512 for the UMass traces), SIZE in bytes, OPCODE r/R (read) or w/W (write). Each ASU is its own
 * disk: the same LBA on two ASUs is two different pages. Timestamps and extra fields are ignored.
 */
import { KIND_FILE } from '../operations.js';
import { DensePages, SpacesByKey } from './idSpace.js';
import { lineImporter } from './importer.js';
import type { ImportSettings } from './importSettings.js';
import { LineFormat } from './lineReader.js';
import { splitFields } from './fields.js';

const COMMA = 0x2c;
const FIELDS = 5;
const R_LOWER = 0x72;
const R_UPPER = 0x52;
const W_LOWER = 0x77;
const W_UPPER = 0x57;

class SpcFormat extends LineFormat {
  private readonly starts = new Int32Array(FIELDS);
  private readonly ends = new Int32Array(FIELDS);
  private readonly disks: SpacesByKey<number>;

  constructor(file: string, settings: ImportSettings) {
    super(file, settings);
    this.disks = new SpacesByKey(new DensePages(file));
  }

  parseLine(b: Uint8Array, s: number, e: number): boolean {
    const { starts, ends } = this;
    if (splitFields(b, s, e, COMMA, starts, ends) < FIELDS) this.fail(b, s, e, 'expected ASU,LBA,SIZE,OPCODE,TIMESTAMP (5 comma-separated fields)');
    const asu = this.decimal(b, s, e, starts[0]!, ends[0]!, 'ASU');
    const lba = this.decimal(b, s, e, starts[1]!, ends[1]!, 'LBA');
    const size = this.decimal(b, s, e, starts[2]!, ends[2]!, 'SIZE');
    const op = ends[3]! - starts[3]! === 1 ? b[starts[3]!]! : 0;
    let code: number;
    if (op === R_LOWER || op === R_UPPER) code = this.read;
    else if (op === W_LOWER || op === W_UPPER) code = this.write;
    else this.fail(b, s, e, 'OPCODE must be r, R, w or W');
    const { blockSize } = this.settings;
    this.queue(b, s, e, this.disks.get(asu), lba * blockSize, size, code);
    return true;
  }
}

export const spcImporter = lineImporter(
  { name: 'spc', describe: 'SPC / UMass block traces: ASU,LBA,SIZE,OPCODE,TIMESTAMP', settings: ['block-size', 'max-request-pages'], defaultKind: KIND_FILE, defaultBlockSize: 512 },
  (file, settings) => new SpcFormat(file, settings),
);

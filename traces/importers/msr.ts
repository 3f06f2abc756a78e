/**
 * MSR Cambridge block traces (SNIA IOTTA set 388): CSV without a header,
 * `Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime`, Type Read or Write, Offset and
 * Size in bytes. Each (Hostname, DiskNumber) is its own volume, so the files of several volumes can
 * be concatenated and still keep their pages apart. Timestamp and ResponseTime are not used.
 */
import { KIND_FILE } from '../operations.js';
import { splitFields } from './fields.js';
import { DensePages, SpacesByKey, type IdSpace } from './idSpace.js';
import { lineImporter } from './importer.js';
import type { ImportSettings } from './importSettings.js';
import { LineFormat } from './lineReader.js';

const COMMA = 0x2c;
const FIELDS = 7;
const HOST = 1;
const DISK = 2;
const TYPE = 3;
const OFFSET = 4;
const SIZE = 5;

function equalsIgnoringCase(b: Uint8Array, s: number, e: number, word: string): boolean {
  if (e - s !== word.length) return false;
  for (let i = 0; i < word.length; i++) if ((b[s + i]! | 0x20) !== word.charCodeAt(i)) return false;
  return true;
}

class MsrFormat extends LineFormat {
  private readonly starts = new Int32Array(FIELDS);
  private readonly ends = new Int32Array(FIELDS);
  private readonly volumes: SpacesByKey<string>;
  /** The last volume's host name bytes and disk number: consecutive requests rarely change volume. */
  private lastHost = new Uint8Array(0);
  private lastDisk = -1;
  private lastVolume: IdSpace | undefined;

  constructor(file: string, settings: ImportSettings) {
    super(file, settings);
    this.volumes = new SpacesByKey(new DensePages(file));
  }

  private volume(b: Uint8Array, hs: number, he: number, disk: number): IdSpace {
    const host = b.subarray(hs, he);
    if (this.lastVolume && disk === this.lastDisk && Buffer.compare(host, this.lastHost) === 0) return this.lastVolume;
    this.lastHost = host.slice();
    this.lastDisk = disk;
    this.lastVolume = this.volumes.get(`${disk},${Buffer.from(host).toString('latin1')}`);
    return this.lastVolume;
  }

  parseLine(b: Uint8Array, s: number, e: number): boolean {
    const { starts, ends } = this;
    if (splitFields(b, s, e, COMMA, starts, ends) !== FIELDS) {
      this.fail(b, s, e, 'expected Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime (7 comma-separated fields)');
    }
    const disk = this.decimal(b, s, e, starts[DISK]!, ends[DISK]!, 'DiskNumber');
    let code: number;
    if (equalsIgnoringCase(b, starts[TYPE]!, ends[TYPE]!, 'read')) code = this.read;
    else if (equalsIgnoringCase(b, starts[TYPE]!, ends[TYPE]!, 'write')) code = this.write;
    else this.fail(b, s, e, 'Type must be Read or Write');
    const offset = this.decimal(b, s, e, starts[OFFSET]!, ends[OFFSET]!, 'Offset');
    const size = this.decimal(b, s, e, starts[SIZE]!, ends[SIZE]!, 'Size');
    const volume = this.volume(b, starts[HOST]!, ends[HOST]!, disk);
    this.queue(b, s, e, volume, offset, size, code);
    return true;
  }
}

export const msrImporter = lineImporter(
  { name: 'msr', describe: 'MSR Cambridge CSV: Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime', settings: ['max-request-pages'], defaultKind: KIND_FILE },
  (file, settings) => new MsrFormat(file, settings),
);

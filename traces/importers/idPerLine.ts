/** Text traces of one id per line (libCacheSim txt, hex page lists, LIRS block numbers): each line is one VM read. */
import { trimEnd, skipBlanks, type U64 } from './fields.js';
import { DensePages, type IdSpace } from './idSpace.js';
import type { ImportSettings } from './importSettings.js';
import { LineFormat } from './lineReader.js';

export type IdParser = (b: Uint8Array, s: number, e: number, out: U64) => boolean;

export class IdPerLineFormat extends LineFormat {
  protected readonly id: U64 = { hi: 0, lo: 0 };
  protected readonly ids: IdSpace;

  constructor(
    file: string,
    settings: ImportSettings,
    private readonly parseId: IdParser,
    /** What a line must hold, for the error message. */
    private readonly expected: string,
  ) {
    super(file, settings);
    this.ids = new DensePages(file).space();
  }

  parseLine(b: Uint8Array, s: number, e: number): boolean {
    s = skipBlanks(b, s, e);
    e = trimEnd(b, s, e);
    if (!this.parseId(b, s, e, this.id)) this.fail(b, s, e, this.expected);
    this.emit(b, s, e);
    return true;
  }

  /** Emits the reference(s) of the id just parsed into `this.id` (the line is passed for errors). */
  protected emit(_b: Uint8Array, _s: number, _e: number): void {
    this.out.add(this.read, this.ids.page(this.id.hi, this.id.lo));
  }
}

/**
 * The chunk an importer fills with canonical records. A block request can span any number of
 * pages, so a request is queued as a run of pages and written out as room allows: the reader
 * yields the chunk whenever it is full and carries on with the rest of the run, keeping memory
 * constant whatever the request size.
 */
import type { TraceChunk } from '../streamReader.js';
import type { IdSpace } from './idSpace.js';

export const CHUNK_RECORDS = 1 << 16;

export class ChunkBuilder implements TraceChunk {
  readonly pages = new Uint32Array(CHUNK_RECORDS);
  readonly codes = new Uint8Array(CHUNK_RECORDS);
  length = 0;
  private space: IdSpace | undefined;
  private next = 0;
  private last = -1;
  private firstCode = 0;
  private secondCode = -1;

  /** Less room than one more line's direct records (`add`) may need. */
  get nearlyFull(): boolean {
    return this.length >= CHUNK_RECORDS - 2;
  }

  /** The chunk must be handed out before more records fit: nearly full, or a run is left over. */
  get mustYield(): boolean {
    return this.space !== undefined || this.nearlyFull;
  }

  /** Appends one record (a reader checks `nearlyFull` between lines). */
  add(code: number, page: number): void {
    const n = this.length;
    this.pages[n] = page;
    this.codes[n] = code;
    this.length = n + 1;
  }

  /**
   * Queues the pages numbered `first` … `last` (inclusive, below 2⁵³) of `space`: each is referenced
   * with `code`, then with `second` when it is not -1 (a read-modify-write touches every page twice).
   */
  addRun(space: IdSpace, first: number, last: number, code: number, second = -1): void {
    this.space = space;
    this.next = first;
    this.last = last;
    this.firstCode = code;
    this.secondCode = second;
  }

  /** Writes queued pages while there is room; false when some remain because the chunk is full. */
  drain(): boolean {
    const space = this.space;
    if (space === undefined) return true;
    const perPage = this.secondCode < 0 ? 1 : 2;
    let n = this.length;
    while (this.next <= this.last) {
      if (n + perPage > CHUNK_RECORDS) {
        this.length = n;
        return false;
      }
      const page = space.pageOfNumber(this.next++);
      this.pages[n] = page;
      this.codes[n++] = this.firstCode;
      if (perPage === 2) {
        this.pages[n] = page;
        this.codes[n++] = this.secondCode;
      }
    }
    this.length = n;
    this.space = undefined;
    return true;
  }
}

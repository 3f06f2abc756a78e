/**
 * The parsed contents of one log, waiting for the scheduler: page references and events in
 * program order. The collector reads every log as it grows (so that consumed log data can be
 * freed), but the scheduler may have to wait for another process before it takes this one's
 * items; meanwhile they wait here, in chunks of typed arrays. A queue holds a few chunks in
 * memory; beyond that, full chunks are deflated into a spill file, so that what waits takes about
 * the size of the compressed output on disk, not the size of the logs.
 *
 * An item is a number: a page reference is `vpn * 4 + op` (≥ 0); an event is `-(i + 1)` for
 * event `i` of its chunk.
 */
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import type { CollectorEvent } from './events.js';

export const CHUNK_ITEMS = 1 << 15;
/** Full chunks a queue keeps in memory before it spills. */
const IN_MEMORY = 4;

export class Chunk {
  items: Float64Array | undefined;
  length = 0;
  readonly events: CollectorEvent[] = [];
  /** Where the chunk's items are in the spill file when they are not in memory. */
  spilledAt = -1;
  spilledBytes = 0;

  constructor() {
    this.items = new Float64Array(CHUNK_ITEMS);
  }
}

export class ItemQueue {
  /** Chunks not yet consumed, oldest first; the last one is being filled. */
  private readonly chunks: Chunk[] = [new Chunk()];
  /** Position in chunks[0]. */
  position = 0;
  /** The producer has delivered everything. */
  finished = false;
  private spillFd = -1;
  private spillEnd = 0;
  /** Items pushed. */
  pushed = 0;

  constructor(private readonly spillPath: string) {}

  private tail(): Chunk {
    let chunk = this.chunks[this.chunks.length - 1]!;
    if (chunk.length === CHUNK_ITEMS) {
      if (this.chunks.length > IN_MEMORY) this.spill(chunk);
      chunk = new Chunk();
      this.chunks.push(chunk);
    }
    return chunk;
  }

  pushReference(vpn: number, op: number): void {
    const chunk = this.tail();
    chunk.items![chunk.length++] = vpn * 4 + op;
    this.pushed++;
  }

  pushEvent(event: CollectorEvent): void {
    const chunk = this.tail();
    chunk.events.push(event);
    chunk.items![chunk.length++] = -chunk.events.length;
    this.pushed++;
  }

  private spill(chunk: Chunk): void {
    if (this.spillFd < 0) this.spillFd = fs.openSync(this.spillPath, 'w+');
    const bytes = zlib.deflateRawSync(Buffer.from(chunk.items!.buffer, 0, chunk.length * 8), { level: 1 });
    fs.writeSync(this.spillFd, bytes, 0, bytes.length, this.spillEnd);
    chunk.spilledAt = this.spillEnd;
    chunk.spilledBytes = bytes.length;
    this.spillEnd += bytes.length;
    chunk.items = undefined;
  }

  /**
   * The chunk the next item is in (its items loaded), or undefined when no item is available
   * yet. Items [position, chunk.length) of it are ready.
   */
  current(): Chunk | undefined {
    for (;;) {
      const chunk = this.chunks[0]!;
      if (this.position < chunk.length) {
        if (!chunk.items) this.load(chunk);
        return chunk;
      }
      if (this.chunks.length === 1) return undefined;
      this.chunks.shift();
      this.position = 0;
    }
  }

  private load(chunk: Chunk): void {
    const bytes = Buffer.alloc(chunk.spilledBytes);
    fs.readSync(this.spillFd, bytes, 0, bytes.length, chunk.spilledAt);
    const raw = zlib.inflateRawSync(bytes);
    chunk.items = new Float64Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  }

  /** True when every item pushed so far has been consumed. */
  get drained(): boolean {
    return this.chunks.length === 1 && this.position === this.chunks[0]!.length;
  }

  /** Frees the spill file. */
  close(): void {
    if (this.spillFd >= 0) {
      fs.closeSync(this.spillFd);
      fs.rmSync(this.spillPath, { force: true });
      this.spillFd = -1;
    }
  }
}

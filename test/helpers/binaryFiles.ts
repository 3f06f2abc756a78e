/** Plain binary streams written byte by byte, for tests that need headers a writer would refuse. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { encodeHeader, RELEASE_BIT, RECORD_BYTES, type StreamFormat } from '../../traces/index.js';

/** Writes `dir/name` with whatever counts the header is given (a writer would refuse sparse pages). */
export function writeBinary(dir: string, name: string, format: StreamFormat, pages: number[], codes: number[], header: { pageCount?: number; records?: number; releases?: boolean }): string {
  const file = path.join(dir, name);
  const bytes = new Uint8Array(32 + pages.length * RECORD_BYTES);
  bytes.set(encodeHeader({ format, pageSize: 4096, releases: codes.some((c) => c & RELEASE_BIT), ...header }), 0);
  pages.forEach((p, i) => {
    const o = 32 + i * RECORD_BYTES;
    bytes[o] = codes[i]!;
    new DataView(bytes.buffer).setUint32(o + 1, p, true);
  });
  fs.writeFileSync(file, bytes);
  return file;
}

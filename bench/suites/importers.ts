/**
 * Import throughput: input records per second for libCacheSim oracleGeneral (binary) and valgrind
 * lackey (text), decoding to canonical pages in memory (the `FORMAT:FILE` path every command
 * uses), and end to end to a binary stream file (`faultline import`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { importTrace, openImport } from '../../traces/importers/index.js';
import { timed, type BenchContext, type BenchFigure, type BenchSuite } from '../benchSuite.js';
import { xorshift } from '../random.js';

const ORACLE_RECORDS = 10_000_000;
const LACKEY_LINES = 10_000_000;
const DISTINCT_OBJECTS = 1_000_000;

/** Writes a file in 1 MiB pieces produced by `fill` (returns the bytes written into the piece). */
function writeInPieces(file: string, pieces: number, fill: (piece: Buffer, index: number) => number): void {
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  const piece = Buffer.alloc(1 << 20);
  for (let i = 0; i < pieces; i++) fs.writeSync(fd, piece, 0, fill(piece, i));
  fs.closeSync(fd);
  fs.renameSync(tmp, file);
}

/** Object ids: a skewed draw from a pool, half of them with a non-zero high half. */
function oracleInput(ctx: BenchContext, records: number): string {
  const file = path.join(ctx.cacheDir, `importers-oracle-${records}.bin`);
  if (fs.existsSync(file)) return file;
  ctx.log(`generating ${records} oracleGeneral records`);
  const r = xorshift(1);
  const perPiece = Math.floor((1 << 20) / 24);
  writeInPieces(file, Math.ceil(records / perPiece), (piece, index) => {
    const n = Math.min(perPiece, records - index * perPiece);
    for (let i = 0; i < n; i++) {
      const o = i * 24;
      const object = Math.floor(DISTINCT_OBJECTS * r() * r());
      piece.writeUInt32LE(index, o);
      piece.writeUInt32LE(object * 2654435761 >>> 0, o + 4);
      piece.writeUInt32LE(object & 1 ? object : 0, o + 8);
      piece.writeUInt32LE(4096, o + 12);
      piece.writeBigInt64LE(-1n, o + 16);
    }
    return n * 24;
  });
  return file;
}

/** lackey lines as valgrind prints them: fetches walking code, loads and stores on stack and heap. */
function lackeyInput(ctx: BenchContext, lines: number): string {
  const file = path.join(ctx.cacheDir, `importers-lackey-${lines}.txt`);
  if (fs.existsSync(file)) return file;
  ctx.log(`generating ${lines} lackey lines`);
  const r = xorshift(2);
  let written = 0;
  let pc = 0x0401ab70;
  const perPiece = Math.floor((1 << 20) / 20);
  writeInPieces(file, Math.ceil(lines / perPiece), (piece) => {
    const out: string[] = [];
    for (let i = 0; i < perPiece && written < lines; i++, written++) {
      const x = r();
      if (x < 0.6) {
        pc = x < 0.01 ? 0x04000000 + Math.floor(r() * 0x100000) : pc + 1 + Math.floor(r() * 6);
        out.push(`I  ${pc.toString(16).padStart(8, '0')},${1 + Math.floor(r() * 7)}`);
      } else {
        const tag = x < 0.8 ? 'L' : x < 0.95 ? 'S' : 'M';
        const addr = x < 0.75 ? 0x1ffefff000 + Math.floor(r() * 0x10000) : 0x04835000 + Math.floor(r() * r() * 0x4000000);
        out.push(` ${tag} ${addr.toString(16).padStart(8, '0')},${[1, 2, 4, 8][Math.floor(r() * 4)]}`);
      }
    }
    return piece.write(out.join('\n') + '\n', 'latin1');
  });
  return file;
}

async function measure(ctx: BenchContext, name: string, format: string, file: string, out: string): Promise<BenchFigure[]> {
  const decode = await timed(async () => {
    const stream = await openImport(format, file);
    let references = 0;
    for await (const chunk of stream.chunks()) references += chunk.length;
    return { requests: stream.counts.requests, references };
  });
  ctx.log(`${name}: ${decode.value.requests} records decoded in ${decode.seconds.toFixed(2)} s`);
  const write = await timed(() => importTrace(format, file, out));
  fs.rmSync(out, { force: true });
  ctx.log(`${name}: imported to a binary stream in ${write.seconds.toFixed(2)} s`);
  const context = { records: decode.value.requests, references: decode.value.references, pages: write.value.pages, inputMiB: Math.round(fs.statSync(file).size / 2 ** 20) };
  return [
    { name: `import.${name}.decode`, value: decode.value.requests / decode.seconds, unit: 'records/s', better: 'higher', context },
    { name: `import.${name}.toBinary`, value: write.value.requests / write.seconds, unit: 'records/s', better: 'higher', context },
  ];
}

export const importersSuite: BenchSuite = {
  name: 'importers',
  description: 'import throughput of oracleGeneral (binary) and lackey (text) traces',
  async run(ctx) {
    const oracle = oracleInput(ctx, Math.round(ORACLE_RECORDS * ctx.scale));
    const lackey = lackeyInput(ctx, Math.round(LACKEY_LINES * ctx.scale));
    const out = path.join(ctx.cacheDir, 'importers-out.bin');
    return [...(await measure(ctx, 'oracleGeneral', 'oracleGeneral', oracle, out)), ...(await measure(ctx, 'lackey', 'lackey', lackey, out))];
  },
};

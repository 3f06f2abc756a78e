/**
 * Reference-stream decoding: records per second through `openTraceStream` from a binary stream held
 * in RAM (a file in /dev/shm, read in 1 MiB chunks), from the same stream gzipped with Node's zlib
 * and with fflate as the gunzip engine (the measurement behind `DEFAULT_GUNZIP`, docs/formats.md),
 * and loading the whole stream into a LoadedTrace.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadTrace, openTraceStream, withTraceWriter, type GunzipEngine } from '../../traces/index.js';
import { timed, type BenchContext, type BenchFigure, type BenchSuite } from '../benchSuite.js';
import { perSecond } from '../measure.js';
import { zipfSpec, zipfStreamFile } from '../workloads.js';

const RUNS = 3;

async function decode(file: string, gunzip?: GunzipEngine): Promise<number> {
  const stream = await openTraceStream(file, gunzip ? { gunzip } : {});
  let records = 0;
  for await (const chunk of stream.chunks()) records += chunk.length;
  return records;
}

async function best(name: string, run: () => Promise<number>, context: Record<string, string | number>): Promise<BenchFigure> {
  let seconds = Infinity;
  let records = 0;
  for (let k = 0; k < RUNS; k++) {
    const t = await timed(run);
    records = t.value;
    seconds = Math.min(seconds, t.seconds);
  }
  return { name, value: perSecond(records, seconds), unit: 'records/s', better: 'higher', context: { ...context, records, seconds: Number(seconds.toFixed(3)) } };
}

export const streamsSuite: BenchSuite = {
  name: 'streams',
  description: 'reference-stream decode rate (records/s): binary in RAM, gzip with zlib and fflate, whole load',
  async run(ctx: BenchContext) {
    const source = await zipfStreamFile(ctx, zipfSpec(ctx.scale));
    const ram = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
    const inRam = path.join(ram, `faultline-bench-${process.pid}.bin`);
    const gz = `${source}.gz`;
    try {
      fs.copyFileSync(source, inRam);
      if (!fs.existsSync(gz)) {
        ctx.log('gzipping the Zipf stream');
        const { trace } = await loadTrace(source);
        await withTraceWriter(gz, { format: trace.format, pageSize: trace.pageSize }, (w) => w.appendChunk(trace.pages, trace.codes, trace.length));
      }
      const size = { bytes: fs.statSync(source).size, gzBytes: fs.statSync(gz).size };
      ctx.log('decoding');
      return [
        await best('decode.binary.ram', () => decode(inRam), { ...size, where: ram }),
        await best('decode.gz.zlib', () => decode(gz, 'zlib'), size),
        await best('decode.gz.fflate', () => decode(gz, 'fflate'), size),
        await best('load.binary.ram', async () => (await loadTrace(inRam)).trace.length, size),
      ];
    } finally {
      fs.rmSync(inRam, { force: true });
    }
  },
};

/**
 * What a whole `faultline simulate` process costs beyond its work: for every fixed-space policy,
 * the CLI's wall time on the Zipf stream at one size (one replay, one thread, results written)
 * against the same work in this already-running process (trace load + `simulateTrace`), back to
 * back. The difference is process start, module loading and result writing. Also the load of
 * the same references imported from libCacheSim's oracleGeneral format (`FORMAT:FILE`) against
 * the native binary stream.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listPolicies, makePolicySpec } from '../../policies/index.js';
import { simulateTrace } from '../../simulators/index.js';
import { loadTrace } from '../../traces/index.js';
import { timed, type BenchContext, type BenchFigure, type BenchSuite } from '../benchSuite.js';
import { zipfSpec, zipfStreamFile } from '../workloads.js';

const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'cli', 'main.js');
const ORACLE_RECORD = 24;

/** The first `records` references of a native stream, written as an oracleGeneral file (object id = page). */
async function oracleCopy(ctx: BenchContext, native: string, records: number): Promise<string> {
  const file = path.join(ctx.cacheDir, `${path.basename(native, '.bin')}-${records}.oracleGeneral.bin`);
  if (fs.existsSync(file)) return file;
  const { trace } = await loadTrace(native);
  const n = Math.min(records, trace.length);
  const bytes = Buffer.alloc(n * ORACLE_RECORD);
  for (let i = 0; i < n; i++) {
    const o = i * ORACLE_RECORD;
    bytes.writeUInt32LE(i, o);
    bytes.writeUInt32LE(trace.pages[i]!, o + 4);
    bytes.writeUInt32LE(4096, o + 12);
    bytes.writeInt32LE(-1, o + 16);
    bytes.writeInt32LE(-1, o + 20);
  }
  fs.writeFileSync(`${file}.tmp`, bytes);
  fs.renameSync(`${file}.tmp`, file);
  return file;
}

export const startupSuite: BenchSuite = {
  name: 'startup',
  description: 'whole `simulate` processes against the same work in process, per policy; oracleGeneral import against the native stream',
  async run(ctx: BenchContext) {
    const figures: BenchFigure[] = [];
    const file = await zipfStreamFile(ctx, zipfSpec(ctx.scale));
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-bench-'));
    try {
      const probe = await loadTrace(file);
      const frames = Math.max(1, Math.round(probe.trace.pageCount / 6));
      const context = { references: probe.trace.references, pages: probe.trace.pageCount, frames };
      for (const def of listPolicies().filter((d) => !d.capabilities?.variableSpace)) {
        ctx.log(`${def.name}: whole process, then in process`);
        const whole = await timed(() => spawnSync(process.execPath, [CLI, 'simulate', file, '-p', def.name, '-s', String(frames), '-j', '1', '-q', '-o', path.join(out, 'results.json')], { stdio: ['ignore', 'ignore', 'pipe'] }));
        if (whole.value.status !== 0) throw new Error(`startup: faultline simulate -p ${def.name} failed: ${whole.value.stderr.toString().trim()}`);
        const load = await timed(() => loadTrace(file));
        const replay = await timed(() => simulateTrace(load.value.trace, { policies: [makePolicySpec(def)], sizes: [frames], jobs: 1 }));
        const inProcess = load.seconds + replay.seconds;
        figures.push({ name: `startup.${def.name}.wholeProcess`, value: Number(whole.seconds.toFixed(3)), unit: 's', better: 'lower', context });
        figures.push({ name: `startup.${def.name}.inProcess`, value: Number(inProcess.toFixed(3)), unit: 's', better: 'lower', context: { ...context, loadSeconds: Number(load.seconds.toFixed(3)), simulateSeconds: Number(replay.seconds.toFixed(3)) } });
        figures.push({ name: `startup.${def.name}.ratio`, value: Number((whole.seconds / inProcess).toFixed(3)), unit: 'x', better: 'lower', context });
      }
      const records = Math.round(2_000_000 * Math.min(1, ctx.scale * 10));
      const oracle = await oracleCopy(ctx, file, records);
      const nativeCopy = path.join(out, 'native.bin');
      const spawnOk = spawnSync(process.execPath, [CLI, 'import', 'oracleGeneral', oracle, '-o', nativeCopy], { stdio: ['ignore', 'ignore', 'pipe'] });
      if (spawnOk.status !== 0) throw new Error(`startup: faultline import failed: ${spawnOk.stderr.toString().trim()}`);
      const imported = await timed(() => loadTrace(`oracleGeneral:${oracle}`));
      const native = await timed(() => loadTrace(nativeCopy));
      figures.push({ name: 'startup.load.oracleGeneral', value: Number(imported.seconds.toFixed(3)), unit: 's', better: 'lower', context: { records, bytes: records * ORACLE_RECORD } });
      figures.push({ name: 'startup.load.native', value: Number(native.seconds.toFixed(3)), unit: 's', better: 'lower', context: { records } });
      figures.push({ name: 'startup.load.oracleGeneralOverNative', value: Number((imported.seconds / native.seconds).toFixed(3)), unit: 'x', better: 'lower', context: { records } });
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
    return figures;
  },
};

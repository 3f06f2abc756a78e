/**
 * The benchmark workloads: a seeded Zipf stream (generated once, cached as a binary stream in the
 * cache folder), the default synthetic scenario (its expected merge: a basic-named stream with
 * releases, generated once and cached) and the real CloudPhysics trace (test/fixtures/cloudPhysics). Loaded into memory
 * before anything is timed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OP_VM_READ, OP_VM_WRITE, loadTrace, withTraceWriter, type LoadedTrace } from '../traces/index.js';
import { DEFAULT_SCENARIO, WORKLOAD_FILES, generateWorkload, presetScenario } from '../workloads/index.js';
import type { BenchContext } from './benchSuite.js';
import { xorshift } from './random.js';

export const ZIPF_REFERENCES = 20_000_000;
export const ZIPF_PAGES = 1_000_000;
export const ZIPF_EXPONENT = 0.9;
const WRITE_SHARE = 0.25;

/**
 * Walker's alias tables for P(rank r) ∝ 1 / (r + 1)^s: one uniform picks a column, a second
 * chooses between the column and its alias, so each draw is O(1).
 */
function aliasTables(n: number, s: number): { prob: Float64Array; alias: Int32Array } {
  const weight = new Float64Array(n);
  let sum = 0;
  for (let r = 0; r < n; r++) sum += weight[r] = Math.pow(r + 1, -s);
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  const small = new Int32Array(n);
  const large = new Int32Array(n);
  let ns = 0;
  let nl = 0;
  for (let r = 0; r < n; r++) {
    prob[r] = (weight[r]! * n) / sum;
    if (prob[r]! < 1) small[ns++] = r;
    else large[nl++] = r;
  }
  while (ns > 0 && nl > 0) {
    const a = small[--ns]!;
    const b = large[--nl]!;
    alias[a] = b;
    prob[b] = prob[b]! + prob[a]! - 1;
    if (prob[b]! < 1) small[ns++] = b;
    else large[nl++] = b;
  }
  while (nl > 0) prob[large[--nl]!] = 1;
  while (ns > 0) prob[small[--ns]!] = 1;
  return { prob, alias };
}

export interface ZipfSpec {
  references: number;
  pages: number;
  exponent: number;
  seed: number;
}

/** The stream's file in the cache folder, written on first use. Ranks are scattered over pages by a seeded permutation. */
export async function zipfStreamFile(ctx: BenchContext, spec: ZipfSpec): Promise<string> {
  const file = path.join(ctx.cacheDir, `zipf-${spec.references}-${spec.pages}-${spec.exponent}-${spec.seed}.bin`);
  if (fs.existsSync(file)) return file;
  ctx.log(`generating a Zipf(${spec.exponent}) stream: ${spec.references} references over ${spec.pages} pages`);
  const r = xorshift(spec.seed);
  const { prob, alias } = aliasTables(spec.pages, spec.exponent);
  const permutation = new Int32Array(spec.pages);
  for (let k = 0; k < spec.pages; k++) permutation[k] = k;
  for (let k = spec.pages - 1; k > 0; k--) {
    const j = Math.floor(r() * (k + 1));
    const t = permutation[k]!;
    permutation[k] = permutation[j]!;
    permutation[j] = t;
  }
  const CHUNK = 1 << 20;
  const pages = new Uint32Array(CHUNK);
  const codes = new Uint8Array(CHUNK);
  fs.mkdirSync(ctx.cacheDir, { recursive: true });
  await withTraceWriter(file, { format: 'basic', pageSize: 4096, renumber: true }, (w) => {
    for (let done = 0; done < spec.references; done += CHUNK) {
      const n = Math.min(CHUNK, spec.references - done);
      for (let i = 0; i < n; i++) {
        const column = Math.floor(r() * spec.pages);
        const rank = r() < prob[column]! ? column : alias[column]!;
        pages[i] = permutation[rank]!;
        codes[i] = r() < WRITE_SHARE ? OP_VM_WRITE : OP_VM_READ;
      }
      w.appendChunk(pages, codes, n);
    }
  });
  return file;
}

/** The benchmark's Zipf stream, scaled: references × scale (pages scaled too, so the shape holds). */
export function zipfSpec(scale: number): ZipfSpec {
  const f = Math.min(1, scale);
  return {
    references: Math.max(100_000, Math.round(ZIPF_REFERENCES * f)),
    pages: Math.max(5_000, Math.round(ZIPF_PAGES * f)),
    exponent: ZIPF_EXPONENT,
    seed: 20,
  };
}

export async function loadZipf(ctx: BenchContext): Promise<LoadedTrace> {
  return (await loadTrace(await zipfStreamFile(ctx, zipfSpec(ctx.scale)))).trace;
}

/** The repository root (bench/ is compiled to dist/bench/, so look for package.json upwards). */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('bench: cannot find the repository root');
    dir = up;
  }
  return dir;
}

/** The real CloudPhysics block trace (a copy of ../shared/data in test/fixtures), through the oracleGeneral importer. */
export async function loadRealTrace(): Promise<LoadedTrace | undefined> {
  const file = path.join(repoRoot(), 'test', 'fixtures', 'cloudPhysics', 'cloudPhysicsIO.oracleGeneral.bin.gz');
  if (!fs.existsSync(file)) return undefined;
  return (await loadTrace(`oracleGeneral:${file}`)).trace;
}

/** The default synthetic scenario's merged stream (seed 1), scaled like the Zipf stream. */
export async function loadSynthetic(ctx: BenchContext): Promise<LoadedTrace> {
  const scale = Math.min(1, ctx.scale);
  const dir = path.join(ctx.cacheDir, `synthetic-${DEFAULT_SCENARIO}-1-${scale}`);
  const file = path.join(dir, WORKLOAD_FILES.expected);
  if (!fs.existsSync(file)) {
    ctx.log(`generating the synthetic ${DEFAULT_SCENARIO} workload (scale ${scale})`);
    await generateWorkload(presetScenario(DEFAULT_SCENARIO), { outDir: dir, seed: 1, scale });
  }
  return (await loadTrace(file)).trace;
}

// Copies the files the compiled code reads at run time (tsc copies only what it compiles) from the
// repository into a build output folder: `node scripts/copyAssets.mjs OUTDIR` (default dist).
// bundleCli.mjs copies the same files beside the bundled CLI.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Each is found by its module as `new URL('./NAME', import.meta.url)`: beside the code that reads it. */
export const ASSETS = ['reports/fonts', 'simulators/onePass/optCriticalMarkers.wasm'];

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(import.meta.dirname, '..');
  const out = path.resolve(root, process.argv[2] ?? 'dist');
  for (const asset of ASSETS) fs.cpSync(path.join(root, asset), path.join(out, asset), { recursive: true });
}

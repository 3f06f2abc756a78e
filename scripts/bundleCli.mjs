// Bundles the compiled CLI for a fast start: `node scripts/bundleCli.mjs [OUTDIR]` (default dist,
// after tsc and copyAssets.mjs) writes OUTDIR/bin/faultline.js (package.json's `bin`), the entries
// of the worker threads beside it, the chunks they share, and the files they read at run time.
//
// Why: Node's ES module loader costs about a millisecond per module (resolve, stat, read, compile),
// and `simulate` loads over a hundred of them; the bundle loads a few dozen chunks. Code splitting
// keeps each command's modules (and the chart and math libraries' callers) loaded on demand, as
// the unbundled lazy imports do. Packages stay external (node_modules). The unbundled OUTDIR is
// still the library (package.json's main and exports): only the command runs the bundle.
//
// The bundle keeps every chunk in one folder, so what a module finds beside itself through
// `import.meta.url` must be there: the worker entries (simulators/workerThread.ts starts
// `./NAME.js` beside its caller) and the assets (copyAssets.mjs). Both are checked in the output.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import { ASSETS } from './copyAssets.mjs';

/** The command's entry. */
const COMMAND = { faultline: 'cli/main.js' };

/**
 * Every module a worker thread starts on, found where the compiled code starts it:
 * `startWorker(import.meta.url, 'NAME')` (simulators/workerThread.ts) starts NAME.js beside the caller.
 * Only files compiled from a source that still exists count: an earlier build's output of a
 * removed module stays in dist/ (tsc never deletes).
 */
function workerEntries(dir) {
  const entries = {};
  for (const file of fs.readdirSync(dir, { recursive: true }).map(String)) {
    if (!file.endsWith('.js') || file.startsWith(`bin${path.sep}`) || !fs.existsSync(path.join(root, file.replace(/\.js$/, '.ts')))) continue;
    const code = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const [, name] of code.matchAll(/startWorker\(import\.meta\.url, '(\w+)'/g)) entries[name] = path.join(path.dirname(file), `${name}.js`);
  }
  return entries;
}

const root = path.resolve(import.meta.dirname, '..');
const out = path.resolve(root, process.argv[2] ?? 'dist');
const bin = path.join(out, 'bin');
const entries = (names) => Object.fromEntries(Object.entries(names).map(([name, file]) => [name, path.join(out, file)]));
const common = { outdir: bin, bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning' };
fs.rmSync(bin, { recursive: true, force: true });
// The command split at its lazy imports: each command's modules load when it runs. Each worker in
// one file of its own (a worker loads what it needs at once): the command's chunks are then cut only
// by its own lazy imports, not also by what it shares with the workers, and a worker starts sooner.
await build({ ...common, entryPoints: entries(COMMAND), splitting: true, chunkNames: '[name]-[hash]' });
await build({ ...common, entryPoints: entries(workerEntries(out)) });
for (const asset of ASSETS) fs.cpSync(path.join(out, asset), path.join(bin, path.basename(asset)), { recursive: true });

// What the bundled code looks for beside itself must be there.
const missing = new Set();
for (const file of fs.readdirSync(bin).filter((f) => f.endsWith('.js'))) {
  const code = fs.readFileSync(path.join(bin, file), 'utf8');
  for (const [, name] of code.matchAll(/startWorker\(import\.meta\.url, "(\w+)"/g)) if (!fs.existsSync(path.join(bin, `${name}.js`))) missing.add(`${name}.js (a worker entry, started from ${file})`);
  for (const [, name] of code.matchAll(/new URL\([`"']\.\/([^`"'$]+)/g)) if (!fs.existsSync(path.join(bin, name))) missing.add(`${name} (read by ${file})`);
}
if (missing.size) throw new Error(`bundleCli: the bundle lacks ${[...missing].join(', ')}: start workers through startWorker, and list assets in copyAssets.mjs's ASSETS`);

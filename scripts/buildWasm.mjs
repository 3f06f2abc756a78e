// Compiles the WebAssembly parts from their AssemblyScript sources, next to them (the loaders read
// them from there; scripts/copyAssets.mjs copies them into a build): `node scripts/buildWasm.mjs`.
// Built binaries are not committed: `npm run build` and `npm test` run this first.
import * as path from 'node:path';
import asc from 'assemblyscript/asc';

/** Each source with its binary. */
export const WASM = [['simulators/onePass/optCriticalMarkers.as.ts', 'simulators/onePass/optCriticalMarkers.wasm']];

const root = path.resolve(import.meta.dirname, '..');
for (const [source, binary] of WASM) {
  // Raw memory, no garbage collector (the engine lays out its own arrays), SIMD for the trees' groups of 16.
  const { error, stderr } = await asc.main([path.join(root, source), '--outFile', path.join(root, binary), '-O3', '--runtime', 'stub', '--noAssert', '--enable', 'simd']);
  if (error) {
    process.stderr.write(`${source}: ${error.message}\n${stderr.toString()}`);
    process.exit(1);
  }
}

/**
 * OPT stack distances for every memory size at once by critical markers (Bilardi, Ekanadham &
 * Pattnaik, CF 2017), in O(log V) per reference. The engine is WebAssembly:
 * `optCriticalMarkers.as.ts` (AssemblyScript) states the method and holds every step; this file
 * loads it and gives each engine its own instance (its own memory). docs/performance.md gives the
 * statement, how it was checked and what it costs; Mattson's priority stack (`priorityStack.ts`)
 * stays as the reference.
 *
 * Scope: this engine knows references only; optMarkersCurves.ts (`optDepthCounters`) counts every
 * run with it, releases (page incarnations, with the non-live pages' order beside the engine) and
 * warm-up (a second engine over the records before it) included.
 */
import * as fs from 'node:fs';

/** The part of the WebAssembly global used here (the build's lib has no DOM, where TypeScript declares it). */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: object };
};
type WasmModule = { readonly compiled: unique symbol };

/** Slots per word of the engine's bitmaps, times a group of 16 words: the fewest slots it takes. */
const MIN_SLOTS = 512;

export interface CriticalMarkersOptions {
  /** Slots before the first squeeze, rounded up to a power of two ≥ 512 (default: two per page; tests make it small to exercise squeezing). */
  initialCapacity?: number;
}

interface Engine {
  memory: { buffer: ArrayBuffer };
  BATCH: { value: number };
  init(pageCount: number, slots: number): void;
  /** Returns the depth as a signed 32-bit integer (NOT_IN_STACK reads −1). */
  reference(page: number): number;
  batchAt(): number;
  /** References to the batch's first `n` pages, each replaced with its depth. */
  referenceBatch(n: number): void;
  finalDepth(page: number): number;
}

let compiled: WasmModule | undefined;

/** The compiled engine, read and compiled once per process on first use (start-up pays nothing for it). */
function engineModule(): WasmModule {
  if (!compiled) {
    const file = new URL('./optCriticalMarkers.wasm', import.meta.url);
    if (!fs.existsSync(file)) throw new Error(`${file.pathname} is missing: build it with \`npm run build:wasm\``);
    compiled = new WebAssembly.Module(fs.readFileSync(file));
  }
  return compiled;
}

export class OptCriticalMarkers {
  private readonly engine: Engine;

  constructor(private readonly pageCount: number, options: CriticalMarkersOptions = {}) {
    // The engine aborts when its memory would pass WebAssembly's 4 GiB (about 9 bytes per page
    // and 9 per slot); page counts that could never fit are refused before they wrap its 32-bit sizes.
    const tooLarge = (): RangeError => new RangeError(`OPT by critical markers: over ${pageCount} pages the engine needs more than WebAssembly's 4 GiB of memory`);
    if (pageCount > 2 ** 29) throw tooLarge();
    const imports = {
      env: {
        abort(): never {
          throw tooLarge();
        },
      },
    };
    this.engine = new WebAssembly.Instance(engineModule(), imports).exports as unknown as Engine;
    // At least two slots per page by default, so that squeezes, which rebuild both trees, come no
    // more often than once per that many references.
    let slots = MIN_SLOTS;
    while (slots < (options.initialCapacity ?? Math.max(1 << 16, 2 * pageCount))) slots *= 2;
    this.engine.init(pageCount, slots);
  }

  /** A reference to `page`: its depth before (NOT_IN_STACK on its first reference); it becomes the newest. */
  reference(page: number): number {
    return this.engine.reference(page) >>> 0;
  }

  /**
   * References to pages[from, to), in order: their depths into `out` from `outAt`, as `reference`
   * one by one gives them, a batch at a time inside WebAssembly (no call per reference).
   */
  referenceAll(pages: Uint32Array, from: number, to: number, out: Uint32Array, outAt: number): void {
    const { engine } = this;
    const size = engine.BATCH.value;
    for (let a = from; a < to; a += size) {
      const n = Math.min(size, to - a);
      // The engine's memory grows (a new buffer) when a squeeze needs more slots: a view per batch.
      const batch = new Uint32Array(engine.memory.buffer, engine.batchAt(), n);
      batch.set(pages.subarray(a, a + n));
      engine.referenceBatch(n);
      out.set(new Uint32Array(engine.memory.buffer, engine.batchAt(), n), outAt + a - from);
    }
  }

  /**
   * After the last record: every page's final depth, lowest priority (highest page number) first.
   * Each is the depth of a reference at the end of the trace, all at the same time.
   */
  forEachFinalDepth(fn: (page: number, depth: number) => void): void {
    for (let p = this.pageCount - 1; p >= 0; p--) {
      const depth = this.engine.finalDepth(p);
      if (depth > 0) fn(p, depth);
    }
  }
}

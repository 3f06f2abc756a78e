/**
 * The fuzz harness: seeded mutations of valid inputs, fed to a reader in-process, each outcome
 * classified. Allowed: success, or a user error (InputError, UsageError, OptionError) whose message
 * is one line. Anything else fails the test with the seed and case that reproduce it: an internal
 * error (stack trace), a hang (a case over CASE_TIMEOUT_MS), or memory growth over MEMORY_BOUND.
 *
 * Time-bounded: FAULTLINE_FUZZ_SECONDS (default 40, spread over the readers) sets the total, so
 * `npm test` stays around a minute; FAULTLINE_FUZZ_SEED (default 15) picks the sequence. A longer
 * run: `FAULTLINE_FUZZ_SECONDS=1800 npx vitest run test/fuzz` (docs/development.md).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'vitest';
import { isUserError } from '../../index.js';
import { randomInt, rng } from '../helpers/random.js';

export const FUZZ_SECONDS = Number(process.env.FAULTLINE_FUZZ_SECONDS ?? 40);
export const FUZZ_SEED = Number(process.env.FAULTLINE_FUZZ_SEED ?? 15);
/** A case (one reader on one mutated input of a few kB) taking longer than this is a hang. */
export const CASE_TIMEOUT_MS = 20_000;
/** Heap plus array buffers may grow by at most this much over a reader's first case. */
export const MEMORY_BOUND = 512 * 2 ** 20;

export type Mutator = (r: () => number, input: Uint8Array) => Uint8Array;

const INTERESTING = [0, 1, 0x7f, 0x80, 0xff, 0x0a, 0x20, 0x2c, 0x2d, 0x30, 0x39, 0x3a, 0x66, 0x78];

/** Byte-level mutations: flips, interesting bytes, truncation, duplication, deletion, insertion. */
export const mutateBytes: Mutator = (r, input) => {
  let out = input.slice();
  const edits = 1 + randomInt(r, 4);
  for (let e = 0; e < edits; e++) {
    const n = out.length;
    const at = n ? randomInt(r, n) : 0;
    switch (randomInt(r, 8)) {
      case 0:
        if (n) out[at] = out[at]! ^ (1 << randomInt(r, 8));
        break;
      case 1:
        if (n) out[at] = INTERESTING[randomInt(r, INTERESTING.length)]!;
        break;
      case 2:
        out = out.slice(0, at);
        break;
      case 3: {
        const len = randomInt(r, Math.max(1, n - at));
        const copy = new Uint8Array(n + len);
        copy.set(out.subarray(0, at + len), 0);
        copy.set(out.subarray(at), at + len);
        out = copy;
        break;
      }
      case 4: {
        const len = 1 + randomInt(r, 16);
        out = Uint8Array.from([...out.subarray(0, at), ...out.subarray(Math.min(n, at + len))]);
        break;
      }
      case 5: {
        const bytes = Array.from({ length: 1 + randomInt(r, 8) }, () => randomInt(r, 256));
        out = Uint8Array.from([...out.subarray(0, at), ...bytes, ...out.subarray(at)]);
        break;
      }
      case 6: {
        // A large decimal number where digits were: requests for billions of pages, ids beyond 2^53.
        const digits = String(randomInt(r, 2) ? 2 ** (20 + randomInt(r, 45)) : randomInt(r, 1000));
        out = Uint8Array.from([...out.subarray(0, at), ...Buffer.from(digits), ...out.subarray(Math.min(n, at + 1))]);
        break;
      }
      default:
        // Overwrite 4 or 8 bytes with an extreme little-endian integer (binary counts, pages, sizes).
        if (n >= 8) {
          const v = [0, 0xffffffff, 0x7fffffff, 2 ** 31, randomInt(r, 2 ** 32)][randomInt(r, 5)]!;
          const pos = randomInt(r, n - 7);
          new DataView(out.buffer, out.byteOffset).setUint32(pos, v, true);
          if (randomInt(r, 2)) new DataView(out.buffer, out.byteOffset).setUint32(pos + 4, randomInt(r, 2) ? 0 : 0x100, true);
        }
    }
  }
  return out;
};

export interface Target {
  /** Names the reader and its seed input in failures. */
  name: string;
  input: Uint8Array;
  /** The file name the mutated input is written to (its extension may matter). */
  fileName: string;
  /** Reads the file at `file`: resolves (success) or throws. */
  read(file: string): Promise<unknown>;
  mutate?: Mutator;
}

function memory(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Runs mutated cases of `target` for `seconds`; returns how many ran and how many were refused. */
export async function fuzz(target: Target, dir: string, seconds: number): Promise<{ cases: number; refused: number }> {
  const r = rng(FUZZ_SEED * 7919 + target.name.length * 104729 + target.name.charCodeAt(0));
  const end = Date.now() + seconds * 1000;
  const file = path.join(dir, target.fileName);
  let cases = 0;
  let refused = 0;
  let baseline: number | undefined;
  const mutate = target.mutate ?? mutateBytes;
  while (Date.now() < end || cases === 0) {
    cases++;
    const input = cases === 1 ? target.input : mutate(r, target.input);
    fs.writeFileSync(file, input);
    const where = `${target.name}, seed ${FUZZ_SEED}, case ${cases} (input kept in ${file}.case)`;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`hang: over ${CASE_TIMEOUT_MS} ms`)), CASE_TIMEOUT_MS);
    });
    try {
      await Promise.race([target.read(file), timeout]);
      if (cases === 1) baseline = memory();
    } catch (err) {
      if (!isUserError(err)) {
        fs.copyFileSync(file, `${file}.case`);
        throw new Error(`${where}: not a user error: ${(err as Error)?.stack ?? String(err)}`);
      }
      if (cases === 1) throw new Error(`${target.name}: the unmutated input is refused: ${err.message}`);
      expect(err.message, where).not.toMatch(/\n/);
      expect(err.message.length, where).toBeLessThan(1000);
      refused++;
    } finally {
      clearTimeout(timer);
    }
    const grown = memory() - (baseline ?? memory());
    if (grown > MEMORY_BOUND) {
      fs.copyFileSync(file, `${file}.case`);
      throw new Error(`${where}: memory grew by ${Math.round(grown / 2 ** 20)} MB`);
    }
  }
  return { cases, refused };
}

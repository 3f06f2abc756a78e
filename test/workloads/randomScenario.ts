/**
 * Small random scenarios (JSON form) for the differential test: programs that fork (and write
 * after the fork: copy-on-write), spawn and exec each other, run threads, map and unmap anonymous
 * memory, files (shared and private) and shm segments, grow and shrink heaps, stacks and
 * mappings (mremap), read, write, truncate and delete files (some while mapped), with short time
 * slices. Every step is valid where it runs: the generator tracks which regions each step list
 * has mapped.
 */
import { randomInt, rng } from '../helpers/random.js';

type Json = Record<string, unknown>;
type Kind = 'anon' | 'file' | 'shm';

interface Ctx {
  regions: Map<string, Kind>;
  heap: number;
  /** Main-stack steps may grow the stack; threads may not change mappings at all. */
  main: boolean;
  program: number;
}

const FILES = ['f0', 'f1', 'f2', 'f3'];
const PATTERNS = ['sequential', 'uniform', 'zipf', 'hotcold'];

export function randomScenario(seed: number): Json {
  const r = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[randomInt(r, list.length)]!;
  const chance = (p: number): boolean => r() < p;
  let names = 0;
  const programs = 2 + randomInt(r, 3);

  const files: Json = {
    b0: { path: '/bin/b0', pages: 3 + randomInt(r, 6), text: 2 },
    b1: { path: '/bin/b1', pages: 3 + randomInt(r, 4), text: 2 },
    l0: { path: '/lib/l0.so', pages: 3 + randomInt(r, 5), text: 1 + randomInt(r, 2) },
    l1: { path: '/lib/l1.so', pages: 3, text: 3 },
    pipe: { path: 'pipe:[1]', type: 'p' },
  };
  for (const f of FILES) {
    files[f] = { path: `/data/${f}`, pages: randomInt(r, 9), count: 1 + randomInt(r, 3), perProcess: chance(0.25) };
  }
  const segments = { s0: { pages: 1 + randomInt(r, 8) }, s1: { pages: 1 + randomInt(r, 4) } };

  const touch = (c: Ctx): Json => {
    const targets: Json = {};
    const names = [...c.regions.keys()].filter((n) => n !== 'heap' || c.heap > 0);
    for (let i = 1 + randomInt(r, 3); i > 0; i--) {
      targets[pick(names)] = { pattern: pick(PATTERNS), writes: pick([0, 0.2, 0.5, 1]), run: pick([1, 1, 2, 5]), share: 1 + randomInt(r, 3), exponent: pick([0.6, 1, 1.5]) };
    }
    return { touch: targets, references: 20 + randomInt(r, 300) };
  };
  const io = (): Json => {
    const x = r();
    const file = chance(0.15) ? 'pipe' : pick(FILES);
    const choice = pick(['first', 'uniform', 'zipf', 'sequential']);
    if (x < 0.45) return { read: file, pick: choice, bytes: 1 + randomInt(r, 20000), chunk: pick([512, 4096, 6000]), at: pick(['start', 'sequential', 'random']) };
    if (x < 0.85) return { write: file, pick: choice, bytes: 1 + randomInt(r, 20000), chunk: pick([700, 4096, 9000]), at: pick(['start', 'sequential', 'random', 'append']) };
    if (file === 'pipe') return { accept: true };
    if (x < 0.9) return { truncate: file, pick: choice, size: randomInt(r, 30000) };
    return { delete: file, pick: choice };
  };
  const fresh = (): string => `r${names++}`;

  const steps = (c: Ctx, n: number, depth: number): Json[] => {
    const out: Json[] = [];
    for (let i = 0; i < n; i++) {
      const x = r();
      if (x < 0.3 || !c.main) {
        out.push(chance(0.6) || !c.main ? touch(c) : io());
        if (!c.main && chance(0.3)) out.push(io());
        continue;
      }
      const mapped = [...c.regions.entries()].filter(([n]) => !['text', 'data', 'heap', 'stack', 'l0', 'l0.data', 'l1'].includes(n));
      if (x < 0.38) out.push(io());
      else if (x < 0.43) {
        const name = fresh();
        c.regions.set(name, 'anon');
        out.push({ mmap: name, pages: 1 + randomInt(r, 12) });
        if (chance(0.5)) {
          // A neighbour, then growth: the region moves (an @ record) with its pages.
          const next = fresh();
          c.regions.set(next, 'anon');
          out.push({ mmap: next, pages: 1 + randomInt(r, 4) }, touch(c), { mremap: name, pages: 13 + randomInt(r, 10) });
        }
      } else if (x < 0.49 && mapped.some(([, k]) => k === 'anon')) {
        // Mostly growth, which moves the region when the next mapping is in the way.
        out.push({ mremap: pick(mapped.filter(([, k]) => k === 'anon'))[0], pages: chance(0.8) ? 12 + randomInt(r, 20) : 1 + randomInt(r, 4) });
      } else if (x < 0.52 && mapped.length) {
        const [name, kind] = pick(mapped);
        c.regions.delete(name);
        out.push(kind === 'shm' && chance(0.5) ? { shmdt: name } : { munmap: name });
      } else if (x < 0.57) {
        const name = fresh();
        c.regions.set(name, 'file');
        out.push({ map: name, file: pick(FILES), pick: pick(['first', 'uniform']), pages: 1 + randomInt(r, 8), offset: randomInt(r, 4), private: chance(0.5) });
      } else if (x < 0.61) {
        const name = fresh();
        c.regions.set(name, 'shm');
        out.push({ shmat: name, segment: pick(['s0', 's1']) });
      } else if (x < 0.63) out.push({ shmrm: pick(['s0', 's1']) });
      else if (x < 0.68) {
        const delta = chance(0.6) ? 1 + randomInt(r, 6) : -randomInt(r, c.heap);
        c.heap += delta;
        out.push({ brk: delta });
      } else if (x < 0.7) out.push({ 'grow-stack': 1 + randomInt(r, 3) });
      else if (x < 0.76 && depth < 2) {
        const child: Ctx = { regions: new Map(c.regions), heap: c.heap, main: true, program: c.program };
        out.push({ fork: 1 + randomInt(r, 2), wait: chance(0.6), steps: [touch(child), ...steps(child, 1 + randomInt(r, 4), depth + 1)] });
      } else if (x < 0.8 && c.program + 1 < programs) {
        out.push({ spawn: `p${c.program + 1 + randomInt(r, programs - c.program - 1)}`, count: 1 + randomInt(r, 2), wait: chance(0.5) });
      } else if (x < 0.86 && depth < 2) {
        const thread: Ctx = { ...c, main: false };
        out.push({ threads: 1 + randomInt(r, 3), steps: steps(thread, 1 + randomInt(r, 3), depth + 1) });
      } else if (x < 0.9) out.push({ repeat: 1 + randomInt(r, 3), steps: [touch(c), io()] });
      else if (x < 0.93) out.push({ 'wait-children': true });
      else out.push(touch(c));
    }
    return out;
  };

  const programTable: Json = {};
  for (let p = 0; p < programs; p++) {
    const binary = pick(['b0', 'b1']);
    const libraries = chance(0.7) ? ['l0'] : ['l0', 'l1'];
    const regions = new Map<string, Kind>([['text', 'file'], ['heap', 'anon'], ['stack', 'anon'], ['l0', 'file'], ['l0.data', 'file']]);
    if (libraries.includes('l1')) regions.set('l1', 'file');
    regions.set('data', 'file');
    const heap = 1 + randomInt(r, 6);
    const c: Ctx = { regions, heap, main: true, program: p };
    const body = steps(c, 3 + randomInt(r, 10), 0);
    if (p + 1 < programs && chance(0.2)) body.push({ exec: `p${p + 1 + randomInt(r, programs - p - 1)}` });
    programTable[`p${p}`] = { binary, libraries, stack: 1 + randomInt(r, 4), heap, steps: body };
  }
  return {
    name: `random-${seed}`,
    quantum: pick([30, 100, 400]),
    files,
    segments,
    programs: programTable,
    start: [{ program: 'p0', count: 1 + randomInt(r, 2) }, ...(chance(0.5) ? [{ program: `p${programs - 1}` }] : [])],
  };
}

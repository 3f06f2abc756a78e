/**
 * The generator: a hand-checked golden workload (kernel records and the expected stream derived
 * by hand from docs/formats.md and docs/merger.md), determinism, the presets (generate and merge without warnings, equal
 * to their truth), scaling, and scenario faults found while running.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readKernelRecords, readReferenceRecords, runMerge, type KernelRecord } from '../../merger/index.js';
import { InputError, loadTrace } from '../../traces/index.js';
import { generateWorkload, presetScenario, PRESET_NAMES, scaleScenario, scenarioToJson, validateScenario, type Scenario } from '../../workloads/index.js';
import { tempDir } from '../helpers/cli.js';

const dir = tempDir();

async function streamText(file: string): Promise<string> {
  const { trace } = await loadTrace(file);
  const ops = ['r', 'w', '<', '>', 'x'];
  const out: string[] = [];
  for (let i = 0; i < trace.length; i++) {
    const c = trace.codes[i]!;
    const op = ops[c & 7]!;
    out.push(op === 'x' ? `x ${trace.pages[i]!.toString(16)}` : `${op} ${trace.pages[i]!.toString(16)} ${c >> 3 === 1 ? 'a' : 'f'}`);
  }
  return out.join('\n');
}

async function kernelRecords(file: string): Promise<KernelRecord[]> {
  const out: KernelRecord[] = [];
  for await (const r of readKernelRecords(file)) out.push(r);
  return out;
}

const GOLDEN = {
  name: 'golden',
  files: { bin: { path: '/bin/golden', pages: 2, text: 1 } },
  programs: {
    p: {
      binary: 'bin',
      stack: 1,
      heap: 2,
      steps: [
        { touch: { heap: { pattern: 'sequential' } }, references: 2 },
        { touch: { data: { pattern: 'sequential', writes: 1 } }, references: 1 },
        { fork: 1, steps: [{ touch: { heap: { pattern: 'sequential', writes: 1 } }, references: 1 }] },
        { touch: { text: { pattern: 'sequential' } }, references: 1 },
        { read: 'bin', bytes: 8192 },
        { delete: 'bin' },
      ],
    },
  },
  start: [{ program: 'p' }],
};

describe('generator: golden workload', () => {
  it('writes the kernel events and the expected stream derived by hand', async () => {
    const w = await generateWorkload(validateScenario(GOLDEN, 'golden'), { outDir: path.join(dir, 'golden'), filter: false, layout: 'text' });
    // heap pages 0 and 1 read: anonymous pages 0, 1. The write to the private data page breaks
    // copy-on-write: anonymous page 2. The child's write to the shared heap page 0: a new page 3,
    // which dies when the child exits. The text page and the read() of both file pages: file
    // pages 4 (text, index 0) and 5 (index 1: the data page itself, never reached before). The
    // parent's exit: anonymous 0, 1, 2 die at its u; the deleted file, unmapped at last, dies at
    // its - record.
    expect(await streamText(w.files.expected)).toBe(['r 0 a', 'r 1 a', 'w 2 a', 'w 3 a', 'x 3', 'r 4 f', '< 4 f', '< 5 f', 'x 0', 'x 1', 'x 2', 'x 4', 'x 5'].join('\n'));
    const tags = (await kernelRecords(w.files.kernel)).map((r) => r.tag).join('');
    // init: A m; spawn: F A D(stack); the child runs: S, exec A u m M M m X; its steps: C (data),
    // fork F A D×4; child S C u T; parent S, two read() calls of 4 KiB ( < <, ) on delete, exit
    // u - T; init S u T; end e.
    expect(tags).toBe('AmSFADSAumMMmXCFADDDDSCuTS(<<)u-TSuTe');
    const refs: string[] = [];
    for await (const r of readReferenceRecords(w.files.references)) refs.push(r.tag);
    expect(refs).toEqual(['r', 'r', 'w', 'w', 'r']);
    expect(w).toMatchObject({ processes: 3, threads: 3, rawReferences: 5, referenceRecords: 5, requiredWindow: 0 });
    const merged = path.join(dir, 'golden', 'merged.txt');
    await runMerge({ kernel: w.files.kernel, references: w.files.references, output: merged, releases: true });
    expect(await streamText(merged)).toBe(await streamText(w.files.expected));
  });
});

describe('generator: determinism', () => {
  const unzipped = (file: string): Buffer => gunzipSync(fs.readFileSync(file));

  it('the same seed gives the same bytes; another seed, other bytes', async () => {
    const scenario = scaleScenario(presetScenario('mixed'), 0.01);
    const a = await generateWorkload(scenario, { seed: 7, outDir: path.join(dir, 'det-a') });
    const b = await generateWorkload(scenario, { seed: 7, outDir: path.join(dir, 'det-b') });
    const c = await generateWorkload(scenario, { seed: 8, outDir: path.join(dir, 'det-c') });
    for (const k of ['kernel', 'references', 'expected'] as const) {
      expect(unzipped(a.files[k]).equals(unzipped(b.files[k])), k).toBe(true);
    }
    expect(unzipped(a.files.references).equals(unzipped(c.files.references))).toBe(false);
    expect(fs.readFileSync(a.files.scenario, 'utf8')).toBe(fs.readFileSync(b.files.scenario, 'utf8'));
  });
});

describe('generator: presets', () => {
  for (const name of PRESET_NAMES) {
    it(`${name} (scale 0.03) generates and merges without warnings, equal to its truth`, async () => {
      const w = await generateWorkload(presetScenario(name), { seed: 1, scale: 0.03, outDir: path.join(dir, `preset-${name}`) });
      const merged = path.join(dir, `preset-${name}`, 'merged.bin');
      const summary = await runMerge({ kernel: w.files.kernel, references: w.files.references, output: merged, releases: true, strict: true });
      expect(summary.warnings).toEqual({});
      expect(await streamText(merged)).toBe(await streamText(w.files.expected));
      expect(w.requiredWindow).toBe(0); // the default filter (FIFO) emits records in stamp order
      expect(summary.processes).toBe(w.processes);
      expect(summary.threads).toBe(w.threads);
      if (name !== 'web') expect(summary.releases).toBeGreaterThan(0);
      if (name === 'compile' || name === 'mixed') expect(w.processes).toBeGreaterThan(50);
      if (name === 'database' || name === 'mixed') expect(summary.pages.sharedMemory).toBeGreaterThan(0);
      if (name === 'web' || name === 'mixed') expect(w.threads - w.processes).toBeGreaterThanOrEqual(24);
    });
  }

  it('the written scenario.json reads back as the scenario that ran', async () => {
    const w = await generateWorkload(presetScenario('web'), { seed: 1, scale: 0.02, outDir: path.join(dir, 'roundtrip') });
    const again = validateScenario(JSON.parse(fs.readFileSync(w.files.scenario, 'utf8')), w.files.scenario);
    expect(again).toEqual(scaleScenario(presetScenario('web'), 0.02));
    for (const name of PRESET_NAMES) {
      const preset = presetScenario(name);
      expect(validateScenario(JSON.parse(JSON.stringify(scenarioToJson(preset))), name)).toEqual(preset);
    }
  });
});

describe('generator: scale', () => {
  it('multiplies work and sizes, keeps counts of processes and repetitions', () => {
    const s = presetScenario('compile');
    const half = scaleScenario(s, 0.5);
    expect(half.files.cc1!.pages).toBe(450);
    expect(half.programs.cc1!.heap).toBe(64);
    const touch = (sc: Scenario) => sc.programs.make!.steps[0]!;
    expect(touch(half)).toMatchObject({ kind: 'touch', references: 10000 });
    expect(half.programs.make!.steps[1]).toMatchObject({ kind: 'repeat', times: 15 });
    expect(scaleScenario(s, 0.0001).programs.cc1!.heap).toBe(1); // never scaled to nothing
  });

  it('refuses a scale or seed out of range', async () => {
    const s = presetScenario('web');
    await expect(generateWorkload(s, { outDir: path.join(dir, 'bad'), scale: 0 })).rejects.toThrow(/^scale must be a number above 0 and at most 1000, got 0$/);
    await expect(generateWorkload(s, { outDir: path.join(dir, 'bad'), seed: -1 })).rejects.toThrow(/^seed must be a whole number from 0 to 4294967295, got -1$/);
    await expect(generateWorkload(s, { outDir: path.join(dir, 'bad'), filter: { segment0: 0 } })).rejects.toThrow(/segment0/);
    expect(fs.existsSync(path.join(dir, 'bad'))).toBe(false);
  });
});

describe('generator: faults found while running name the step and leave no output', () => {
  const program = (steps: unknown[]) => ({ files: { bin: { path: '/bin/x', pages: 2, text: 1 } }, programs: { p: { binary: 'bin', steps } }, start: [{ program: 'p' }] });
  const cases: [string, unknown[], string, RegExp][] = [
    ['touching a region that is not mapped', [{ touch: { buf: {} }, references: 5 }], 'programs.p.steps[0]', /region "buf" is not mapped/],
    ['munmap of a region never mapped', [{ mmap: 'a', pages: 1 }, { munmap: 'b' }], 'programs.p.steps[1]', /region "b" is not mapped/],
    ['mapping a name twice', [{ mmap: 'a', pages: 1 }, { mmap: 'a', pages: 1 }], 'programs.p.steps[1]', /already mapped/],
    ['mremap of the stack', [{ mremap: 'stack', pages: 9 }], 'programs.p.steps[0]', /only anonymous mappings other than the stack/],
    ['a heap that cannot grow', [{ brk: 1048576 }], 'programs.p.steps[0]', /heap cannot grow/],
    ['an address space that is full', [{ mmap: 'a', pages: 1048576 }], 'programs.p.steps[0]', /no room/],
    ['shmdt of an anonymous mapping', [{ mmap: 'a', pages: 1 }, { shmdt: 'a' }], 'programs.p.steps[1]', /not a shared memory attachment/],
    ['a thread growing its stack', [{ threads: 1, steps: [{ 'grow-stack': 1 }] }], 'programs.p.steps[0].steps[0]', /main stack/],
    ['touching an empty heap', [{ touch: { heap: {} }, references: 5 }], 'programs.p.steps[0]', /no pages/],
  ];
  for (const [what, steps, where, detail] of cases) {
    it(what, async () => {
      const scenario = validateScenario({ ...program(steps), programs: { p: { binary: 'bin', heap: 0, steps } } }, 'bad.json');
      const out = path.join(dir, `fault-${what.replace(/\W+/g, '-')}`);
      const err = await generateWorkload(scenario, { outDir: out, source: 'bad.json' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).location).toBe(where);
      expect((err as InputError).message).toMatch(detail);
      expect((err as InputError).message.startsWith(`bad.json: ${where}: `)).toBe(true);
      expect(fs.existsSync(out)).toBe(false);
    });
  }
});

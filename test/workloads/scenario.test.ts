/**
 * Scenario validation: every mistake is one InputError naming the file and the field's path;
 * defaults are filled in; presets and files load by name.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, OptionError } from '../../traces/index.js';
import { loadScenario, parseScenario, validateScenario } from '../../workloads/index.js';
import { tempDir } from '../helpers/cli.js';

const dir = tempDir();

const base = (): Record<string, unknown> => ({
  files: { bin: { path: '/bin/x', pages: 4, text: 3 }, pipe: { path: 'pipe:[1]', type: 'p' } },
  segments: { pool: { pages: 4 } },
  programs: { p: { binary: 'bin', steps: [{ touch: { heap: { pattern: 'zipf' } }, references: 10 }] } },
  start: [{ program: 'p' }],
});

/** `base()` with `edit` applied. */
function variant(edit: (s: Record<string, any>) => void): Record<string, unknown> {
  const s = base();
  edit(s);
  return s;
}

const steps = (...list: unknown[]) => variant((s) => (s.programs.p.steps = list));

function errorOf(value: unknown): InputError {
  try {
    validateScenario(value, 'my.json');
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('no error');
}

describe('scenario validation', () => {
  it('fills in defaults', () => {
    const s = validateScenario(base(), 'my.json');
    expect(s).toMatchObject({ name: 'scenario', quantum: 5000, description: '' });
    expect(s.files.bin).toEqual({ path: '/bin/x', pages: 4, text: 3, type: 'f', count: 1, perProcess: false });
    expect(s.files.pipe).toMatchObject({ pages: 0, text: 0, type: 'p' });
    expect(s.programs.p).toMatchObject({ libraries: [], stack: 8, heap: 16 });
    expect(s.programs.p!.steps[0]).toEqual({
      kind: 'touch',
      references: 10,
      targets: [{ region: 'heap', pattern: 'zipf', share: 1, writes: 0, run: 1, exponent: 1, hot: 0.1, hotShare: 0.9 }],
    });
    expect(validateScenario(steps({ read: 'bin', bytes: 5 }), 'x').programs.p!.steps[0]).toEqual({ kind: 'read', file: 'bin', pick: 'first', bytes: 5, chunk: 4096, at: 'start' });
    expect(validateScenario(steps({ write: 'bin', bytes: 5 }), 'x').programs.p!.steps[0]).toMatchObject({ at: 'append' });
  });

  const cases: [string, unknown, string, RegExp][] = [
    ['a list at the top', [], '(top level)', /expected an object, found a list/],
    ['no start', variant((s) => delete s.start), 'start', /missing \(required\)/],
    ['an empty start', variant((s) => (s.start = [])), 'start', /at least one program/],
    ['an unknown program to start', variant((s) => (s.start = [{ program: 'q' }])), 'start[0].program', /no program named "q" \(known: p\)/],
    ['a misspelt top-level field', variant((s) => (s.quantm = 5)), 'quantm', /unknown field/],
    ['a quantum of 0', variant((s) => (s.quantum = 0)), 'quantum', /from 1 to/],
    ['a file without a path', variant((s) => delete s.files.bin.path), 'files.bin.path', /missing/],
    ['fractional pages', variant((s) => (s.files.bin.pages = 2.5)), 'files.bin.pages', /whole number, found 2.5/],
    ['more text than pages', variant((s) => (s.files.bin.text = 9)), 'files.bin.text', /from 0 to 4, found 9/],
    ['an unknown file type', variant((s) => (s.files.bin.type = 'x')), 'files.bin.type', /one of f, p, s, d/],
    ['a file key with a space', variant((s) => (s.files['my file'] = { path: '/a' })), 'files.my file', /letters, digits/],
    ['a path with a line break', variant((s) => (s.files.bin.path = '/a\nb')), 'files.bin.path', /line break/],
    ['a segment without pages', variant((s) => (s.segments.pool = {})), 'segments.pool.pages', /missing/],
    ['a program without a binary', variant((s) => delete s.programs.p.binary), 'programs.p.binary', /missing/],
    ['an unknown binary', variant((s) => (s.programs.p.binary = 'nope')), 'programs.p.binary', /no file named "nope"/],
    ['a pipe as a binary', variant((s) => (s.programs.p.binary = 'pipe')), 'programs.p', /must be a regular file/],
    ['a library listed twice', variant((s) => (s.programs.p.libraries = ['bin', 'bin'])), 'programs.p.libraries[1]', /listed twice/],
    ['a library that is not a string', variant((s) => (s.programs.p.libraries = [3])), 'programs.p.libraries[0]', /expected a file key, found 3/],
    ['steps that are not a list', variant((s) => (s.programs.p.steps = {})), 'programs.p.steps', /expected a list, found an object/],
    ['a step with no action', steps({ references: 4 }), 'programs.p.steps[0]', /names one action.*found keys references/],
    ['a step with two actions', steps({ mmap: 'a', munmap: 'b', pages: 1 }), 'programs.p.steps[0]', /found mmap and munmap/],
    ['a step with an unknown option', steps({ mmap: 'a', pages: 1, size: 4 }), 'programs.p.steps[0].size', /unknown field/],
    ['references as a string', steps({ touch: { heap: {} }, references: '10' }), 'programs.p.steps[0].references', /expected a number, found "10"/],
    ['negative references', steps({ touch: { heap: {} }, references: -1 }), 'programs.p.steps[0].references', /from 0 to/],
    ['a touch of nothing', steps({ touch: {}, references: 1 }), 'programs.p.steps[0].touch', /at least one region/],
    ['only zero shares', steps({ touch: { heap: { share: 0 } }, references: 1 }), 'programs.p.steps[0].touch', /share above 0/],
    ['writes above 1', steps({ touch: { heap: { writes: 1.5 } }, references: 1 }), 'programs.p.steps[0].touch.heap.writes', /from 0 to 1, found 1.5/],
    ['an unknown pattern', steps({ touch: { heap: { pattern: 'lru' } }, references: 1 }), 'programs.p.steps[0].touch.heap.pattern', /one of sequential, uniform, zipf, hotcold, found "lru"/],
    ['a run below 1', steps({ touch: { heap: { run: 0 } }, references: 1 }), 'programs.p.steps[0].touch.heap.run', /from 1/],
    ['an unknown file to read', steps({ read: 'x', bytes: 1 }), 'programs.p.steps[0].read', /no file named "x"/],
    ['append on a read', steps({ read: 'bin', bytes: 1, at: 'append' }), 'programs.p.steps[0].at', /one of start, sequential, random, found "append"/],
    ['an unknown pick', steps({ read: 'bin', bytes: 1, pick: 'best' }), 'programs.p.steps[0].pick', /one of first, uniform, zipf, sequential/],
    ['mapping a pipe', steps({ map: 'm', file: 'pipe' }), 'programs.p.steps[0].file', /only regular files/],
    ['an unknown segment', steps({ shmat: 'a', segment: 'nope' }), 'programs.p.steps[0].segment', /no segment named "nope" \(known: pool\)/],
    ['an unknown program to spawn', steps({ spawn: 'q' }), 'programs.p.steps[0].spawn', /no program named "q"/],
    ['an empty region name', steps({ mmap: '', pages: 1 }), 'programs.p.steps[0].mmap', /empty string/],
    ['wait that is not a boolean', steps({ fork: 1, wait: 'yes', steps: [] }), 'programs.p.steps[0].wait', /true or false, found "yes"/],
    ['a bad step inside repeat', steps({ repeat: 2, steps: [{ brk: 'x' }] }), 'programs.p.steps[0].steps[0].brk', /expected a number/],
    ['too many threads', steps({ threads: 5000, steps: [] }), 'programs.p.steps[0].threads', /from 1 to 4096/],
    ['a program that spawns itself', steps({ spawn: 'p' }), 'programs.p', /cycle: p → p/],
    [
      'programs that exec each other',
      variant((s) => {
        s.programs.q = { binary: 'bin', steps: [{ repeat: 1, steps: [{ exec: 'p' }] }] };
        s.programs.p.steps = [{ spawn: 'q' }];
      }),
      'programs.p',
      /cycle: p → q → p/,
    ],
  ];
  for (const [what, value, location, detail] of cases) {
    it(`refuses ${what}`, () => {
      const err = errorOf(value);
      expect(err.file).toBe('my.json');
      expect(err.location).toBe(location);
      expect(err.detail).toMatch(detail);
    });
  }

  it('refuses text that is not JSON, naming the file', () => {
    expect(() => parseScenario('{ "start": [', 'broken.json')).toThrow(/^broken\.json: not valid JSON/);
  });
});

describe('loadScenario', () => {
  it('loads a preset by name and a JSON file by path', () => {
    expect(loadScenario('web').name).toBe('web');
    const file = path.join(dir, 'mine.json');
    fs.writeFileSync(file, JSON.stringify({ ...base(), name: 'mine' }));
    expect(loadScenario(file).name).toBe('mine');
  });

  it('names the presets when neither a preset nor a file matches', () => {
    expect(() => loadScenario('bogus')).toThrow(OptionError);
    expect(() => loadScenario('bogus')).toThrow(/compile, database, web, mixed/);
  });

  it('a bad file names itself and the field', () => {
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, JSON.stringify(variant((s) => (s.quantum = -3))));
    expect(() => loadScenario(file)).toThrow(`${file}: quantum: expected a number from 1 to 1000000000, found -3`);
  });
});

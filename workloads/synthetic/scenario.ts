/**
 * A scenario: what runs in a synthetic workload (files, shared memory segments, programs and the
 * steps they take, the processes at the start). docs/workloads.md describes every field; this
 * module holds the types and `parseScenario`, which checks a scenario read from JSON field by
 * field and names the field of the first mistake.
 */
import { InputError } from '../../traces/index.js';
import { FieldReader, type JsonObject } from './fieldReader.js';

export const PATTERNS = ['sequential', 'uniform', 'zipf', 'hotcold'] as const;
export type PatternName = (typeof PATTERNS)[number];
export const PICKS = ['first', 'uniform', 'zipf', 'sequential'] as const;
/** Which member of a file family a step uses. */
export type Pick = (typeof PICKS)[number];
/** Where read()/write() calls start: offset 0, the process's position, random pages, the end of the file. */
export type IoPosition = 'start' | 'sequential' | 'random' | 'append';
export const FILE_KINDS = ['f', 'p', 's', 'd'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export interface TouchTarget {
  /** A region of the task's address space: text, data, heap, stack, a library's key (its text) or `KEY.data`, or a name given by mmap / map / shmat. */
  region: string;
  pattern: PatternName;
  /** Relative weight among the step's targets. */
  share: number;
  /** Probability that a reference is a write. */
  writes: number;
  /** Mean number of references in a row to one page. */
  run: number;
  /** Zipf exponent. */
  exponent: number;
  /** hotcold: fraction of the pages that are hot, and of the references that go to them. */
  hot: number;
  hotShare: number;
}

export type Step =
  | { kind: 'touch'; targets: TouchTarget[]; references: number }
  | { kind: 'repeat'; times: number; steps: Step[] }
  | { kind: 'brk'; pages: number }
  | { kind: 'grow-stack'; pages: number }
  | { kind: 'mmap'; region: string; pages: number }
  | { kind: 'mremap'; region: string; pages: number }
  | { kind: 'munmap'; region: string }
  | { kind: 'map'; region: string; file: string; pick: Pick; pages: number | undefined; offset: number; private: boolean }
  | { kind: 'read' | 'write'; file: string; pick: Pick; bytes: number; chunk: number; at: IoPosition }
  | { kind: 'truncate'; file: string; pick: Pick; size: number }
  | { kind: 'delete'; file: string; pick: Pick }
  | { kind: 'shmat'; region: string; segment: string }
  | { kind: 'shmdt'; region: string }
  | { kind: 'shmrm'; segment: string }
  | { kind: 'fork'; count: number; wait: boolean; steps: Step[] }
  | { kind: 'spawn'; program: string; count: number; wait: boolean }
  | { kind: 'wait-children' }
  | { kind: 'threads'; count: number; steps: Step[] }
  | { kind: 'exec'; program: string }
  | { kind: 'accept' };

export type StepKind = Step['kind'];

export interface FileSpec {
  path: string;
  /** Size at the start, in pages (0 for files that do not exist yet). */
  pages: number;
  /** Executables and libraries: pages mapped read-only as text; the rest is private data. */
  text: number;
  type: FileKind;
  /** Members of the family: `path` is then `path.N`. */
  count: number;
  /** Each process has its own instances (temporary files). */
  perProcess: boolean;
}

export interface ProgramSpec {
  binary: string;
  libraries: string[];
  stack: number;
  heap: number;
  steps: Step[];
}

export interface Scenario {
  name: string;
  description: string;
  /** References a task runs before the scheduler switches to the next runnable task. */
  quantum: number;
  files: Record<string, FileSpec>;
  segments: Record<string, { pages: number }>;
  programs: Record<string, ProgramSpec>;
  start: { program: string; count: number }[];
}

const STEP_KEYS: Record<StepKind, readonly string[]> = {
  touch: ['references'],
  repeat: ['steps'],
  brk: [],
  'grow-stack': [],
  mmap: ['pages'],
  mremap: ['pages'],
  munmap: [],
  map: ['file', 'pick', 'pages', 'offset', 'private'],
  read: ['pick', 'bytes', 'chunk', 'at'],
  write: ['pick', 'bytes', 'chunk', 'at'],
  truncate: ['pick', 'size'],
  delete: ['pick'],
  shmat: ['segment'],
  shmdt: [],
  shmrm: [],
  fork: ['wait', 'steps'],
  spawn: ['count', 'wait'],
  'wait-children': [],
  threads: ['steps'],
  exec: [],
  accept: [],
};
const STEP_KINDS = Object.keys(STEP_KEYS) as StepKind[];

/** Regions every program has. */
export const RESERVED_REGIONS = ['text', 'data', 'heap', 'stack'];

const MAX_PAGES = 1 << 20;
const MAX_COUNT = 1 << 24;
const MAX_REFERENCES = 2 ** 40;

class ScenarioReader {
  constructor(readonly file: string) {}

  fail(path: string, detail: string): never {
    throw new InputError(this.file, path, detail);
  }

  fields(value: unknown, path: string): FieldReader {
    return new FieldReader(value, path, (p, d) => this.fail(p, d));
  }

  target(value: unknown, region: string, path: string): TouchTarget {
    const f = this.fields(value, path);
    const t: TouchTarget = {
      region,
      pattern: f.oneOf('pattern', PATTERNS, 'uniform'),
      share: f.number('share', { min: 0, max: 1e9, fallback: 1 }),
      writes: f.number('writes', { min: 0, max: 1, fallback: 0 }),
      run: f.number('run', { min: 1, max: 1e6, fallback: 1 }),
      exponent: f.number('exponent', { min: 0, max: 10, fallback: 1 }),
      hot: f.number('hot', { min: 0, max: 1, fallback: 0.1 }),
      hotShare: f.number('hotShare', { min: 0, max: 1, fallback: 0.9 }),
    };
    f.done();
    return t;
  }

  step(value: unknown, path: string): Step {
    const f = this.fields(value, path);
    const kinds = STEP_KINDS.filter((k) => f.has(k));
    if (kinds.length !== 1) {
      this.fail(path, kinds.length === 0
        ? `a step names one action: ${STEP_KINDS.join(', ')}; found keys ${f.keys().join(', ') || 'none'}`
        : `a step names one action, found ${kinds.join(' and ')}`);
    }
    const kind = kinds[0]!;
    f.allow([kind, ...STEP_KEYS[kind]]);
    const step = this.stepOf(kind, f, path);
    f.done();
    return step;
  }

  private stepOf(kind: StepKind, f: FieldReader, path: string): Step {
    const pick = (): Pick => f.oneOf('pick', PICKS, 'first');
    switch (kind) {
      case 'touch': {
        const targets = f.object(kind);
        const names = Object.keys(targets);
        if (names.length === 0) this.fail(`${path}.touch`, 'name at least one region to touch');
        const list = names.map((n) => this.target(targets[n], n, `${path}.touch.${n}`));
        if (!list.some((t) => t.share > 0)) this.fail(`${path}.touch`, 'at least one target needs a share above 0');
        return { kind, targets: list, references: f.integer('references', { min: 0, max: MAX_REFERENCES }) };
      }
      case 'repeat':
        return { kind, times: f.integer(kind, { min: 0, max: MAX_COUNT }), steps: this.steps(f.array('steps'), `${path}.steps`) };
      case 'brk':
      case 'grow-stack':
        return { kind, pages: f.integer(kind, { min: kind === 'brk' ? -MAX_PAGES : 1, max: MAX_PAGES }) };
      case 'mmap':
      case 'mremap':
        return { kind, region: f.name(kind), pages: f.integer('pages', { min: 1, max: MAX_PAGES }) };
      case 'munmap':
      case 'shmdt':
        return { kind, region: f.name(kind) };
      case 'map':
        return {
          kind,
          region: f.name(kind),
          file: f.name('file'),
          pick: pick(),
          pages: f.has('pages') ? f.integer('pages', { min: 1, max: MAX_PAGES }) : undefined,
          offset: f.integer('offset', { min: 0, max: MAX_PAGES, fallback: 0 }),
          private: f.boolean('private', false),
        };
      case 'read':
      case 'write': {
        const bytes = f.integer('bytes', { min: 1, max: MAX_REFERENCES * 4096 });
        return {
          kind,
          file: f.name(kind),
          pick: pick(),
          bytes,
          chunk: f.integer('chunk', { min: 1, max: 1 << 30, fallback: 4096 }),
          at: f.oneOf<IoPosition>('at', kind === 'read' ? ['start', 'sequential', 'random'] : ['start', 'sequential', 'random', 'append'], kind === 'read' ? 'start' : 'append'),
        };
      }
      case 'truncate':
        return { kind, file: f.name(kind), pick: pick(), size: f.integer('size', { min: 0, max: MAX_PAGES * 4096, fallback: 0 }) };
      case 'delete':
        return { kind, file: f.name(kind), pick: pick() };
      case 'shmat':
        return { kind, region: f.name(kind), segment: f.name('segment') };
      case 'shmrm':
        return { kind, segment: f.name(kind) };
      case 'fork':
        return { kind, count: f.integer(kind, { min: 1, max: MAX_COUNT }), wait: f.boolean('wait', true), steps: this.steps(f.array('steps'), `${path}.steps`) };
      case 'spawn':
        return { kind, program: f.name(kind), count: f.integer('count', { min: 1, max: MAX_COUNT, fallback: 1 }), wait: f.boolean('wait', true) };
      case 'threads':
        return { kind, count: f.integer(kind, { min: 1, max: 4096 }), steps: this.steps(f.array('steps'), `${path}.steps`) };
      case 'exec':
        return { kind, program: f.name(kind) };
      case 'accept':
      case 'wait-children':
        f.boolean(kind, true);
        return { kind };
    }
  }

  steps(list: unknown[], path: string): Step[] {
    return list.map((s, i) => this.step(s, `${path}[${i}]`));
  }

  fileSpec(value: unknown, path: string): FileSpec {
    const f = this.fields(value, path);
    const pages = f.integer('pages', { min: 0, max: MAX_PAGES, fallback: 0 });
    const spec: FileSpec = {
      path: f.string('path'),
      pages,
      text: f.integer('text', { min: 0, max: pages, fallback: pages }),
      type: f.oneOf('type', FILE_KINDS, 'f'),
      count: f.integer('count', { min: 1, max: 1 << 20, fallback: 1 }),
      perProcess: f.boolean('perProcess', false),
    };
    if (/[\n\r]/.test(spec.path)) this.fail(`${path}.path`, 'a file name cannot contain a line break');
    f.done();
    return spec;
  }

  program(value: unknown, path: string): ProgramSpec {
    const f = this.fields(value, path);
    const p: ProgramSpec = {
      binary: f.name('binary'),
      libraries: f.array('libraries', []).map((l, i) => (typeof l === 'string' ? l : this.fail(`${path}.libraries[${i}]`, `expected a file key, found ${JSON.stringify(l)}`))),
      stack: f.integer('stack', { min: 1, max: MAX_PAGES, fallback: 8 }),
      heap: f.integer('heap', { min: 0, max: MAX_PAGES, fallback: 16 }),
      steps: this.steps(f.array('steps'), `${path}.steps`),
    };
    f.done();
    return p;
  }

  scenario(value: unknown): Scenario {
    const f = this.fields(value, '');
    const record = <T>(name: string, read: (v: unknown, p: string) => T): Record<string, T> => {
      const obj = f.object(name, {});
      const out: Record<string, T> = {};
      for (const key of Object.keys(obj)) {
        if (!/^[A-Za-z0-9_-]+$/.test(key)) this.fail(`${name}.${key}`, 'keys are letters, digits, "_" and "-"');
        out[key] = read(obj[key], `${name}.${key}`);
      }
      return out;
    };
    const scenario: Scenario = {
      name: f.string('name', 'scenario'),
      description: f.string('description', ''),
      quantum: f.integer('quantum', { min: 1, max: 1e9, fallback: 5000 }),
      files: record('files', (v, p) => this.fileSpec(v, p)),
      segments: record('segments', (v, p) => {
        const s = this.fields(v, p);
        const pages = s.integer('pages', { min: 1, max: MAX_PAGES });
        s.done();
        return { pages };
      }),
      programs: record('programs', (v, p) => this.program(v, p)),
      start: f.array('start').map((v, i) => {
        const s = this.fields(v, `start[${i}]`);
        const entry = { program: s.name('program'), count: s.integer('count', { min: 1, max: 4096, fallback: 1 }) };
        s.done();
        return entry;
      }),
    };
    f.done();
    if (scenario.start.length === 0) this.fail('start', 'name at least one program to run');
    this.checkReferences(scenario);
    return scenario;
  }

  /** Every key a step names exists, and no program spawns or execs itself, directly or not. */
  private checkReferences(s: Scenario): void {
    const need = (table: Record<string, unknown>, what: string, key: string, path: string): void => {
      if (!Object.prototype.hasOwnProperty.call(table, key)) {
        this.fail(path, `no ${what} named ${JSON.stringify(key)} (known: ${Object.keys(table).join(', ') || 'none'})`);
      }
    };
    s.start.forEach((e, i) => need(s.programs, 'program', e.program, `start[${i}].program`));
    const calls = new Map<string, string[]>();
    const visit = (steps: Step[], path: string, program: string): void => {
      steps.forEach((step, i) => {
        const at = `${path}[${i}]`;
        if ('file' in step) need(s.files, 'file', step.file, `${at}.${step.kind === 'map' ? 'file' : step.kind}`);
        if ('segment' in step) need(s.segments, 'segment', step.segment, `${at}.${step.kind === 'shmat' ? 'segment' : step.kind}`);
        if (step.kind === 'spawn' || step.kind === 'exec') {
          need(s.programs, 'program', step.program, `${at}.${step.kind}`);
          calls.get(program)!.push(step.program);
        }
        if (step.kind === 'map' && s.files[step.file]!.type !== 'f') this.fail(`${at}.file`, `only regular files (type f) can be mapped; ${step.file} has type ${s.files[step.file]!.type}`);
        if ('steps' in step) visit(step.steps, `${at}.steps`, program);
      });
    };
    for (const [name, p] of Object.entries(s.programs)) {
      calls.set(name, []);
      need(s.files, 'file', p.binary, `programs.${name}.binary`);
      p.libraries.forEach((l, i) => need(s.files, 'file', l, `programs.${name}.libraries[${i}]`));
      p.libraries.forEach((l, i) => {
        if (p.libraries.indexOf(l) !== i) this.fail(`programs.${name}.libraries[${i}]`, `${l} is listed twice`);
        if (RESERVED_REGIONS.includes(l)) this.fail(`programs.${name}.libraries[${i}]`, `a library's key names its region, so it cannot be ${RESERVED_REGIONS.join(', ')}`);
      });
      for (const key of [p.binary, ...p.libraries]) {
        if (s.files[key]!.type !== 'f') this.fail(`programs.${name}`, `${key} is mapped as a program file, so it must be a regular file (type f)`);
      }
      visit(p.steps, `programs.${name}.steps`, name);
    }
    const state = new Map<string, 'open' | 'done'>();
    const walk = (name: string, chain: string[]): void => {
      if (state.get(name) === 'done') return;
      if (state.get(name) === 'open') this.fail(`programs.${name}`, `programs start each other in a cycle: ${[...chain, name].join(' → ')}`);
      state.set(name, 'open');
      for (const next of calls.get(name)!) walk(next, [...chain, name]);
      state.set(name, 'done');
    };
    for (const name of calls.keys()) walk(name, []);
  }
}

/** Checks a scenario (parsed JSON); errors name `file` and the field. */
export function validateScenario(value: unknown, file: string): Scenario {
  return new ScenarioReader(file).scenario(value);
}

/** Parses and checks a scenario written as JSON text. */
export function parseScenario(text: string, file: string): Scenario {
  let value: unknown;
  try {
    value = JSON.parse(text) as JsonObject;
  } catch (err) {
    throw new InputError(file, '', `not valid JSON: ${(err as Error).message}`);
  }
  return validateScenario(value, file);
}

/** The scenario in its JSON form (what `parseScenario` reads back to the same scenario). */
export function scenarioToJson(s: Scenario): JsonObject {
  const step = (st: Step): JsonObject => {
    const { kind, ...rest } = st as Step & Record<string, unknown>;
    switch (st.kind) {
      case 'touch':
        return { touch: Object.fromEntries(st.targets.map(({ region, ...t }) => [region, t])), references: st.references };
      case 'repeat':
        return { repeat: st.times, steps: st.steps.map(step) };
      case 'fork':
        return { fork: st.count, wait: st.wait, steps: st.steps.map(step) };
      case 'threads':
        return { threads: st.count, steps: st.steps.map(step) };
      case 'brk':
      case 'grow-stack':
        return { [kind]: st.pages };
      case 'accept':
      case 'wait-children':
        return { [kind]: true };
      default: {
        // The action's key holds the step's main name; the other fields keep their names.
        const main = 'region' in st ? 'region' : 'file' in st ? 'file' : 'segment' in st ? 'segment' : 'program';
        const { [main]: value, ...others } = rest;
        return JSON.parse(JSON.stringify({ [kind]: value, ...others })) as JsonObject;
      }
    }
  };
  return {
    name: s.name,
    description: s.description,
    quantum: s.quantum,
    files: s.files as unknown as JsonObject,
    segments: s.segments,
    programs: Object.fromEntries(Object.entries(s.programs).map(([k, p]) => [k, { ...p, steps: p.steps.map(step) }])),
    start: s.start,
  };
}

/** Where every step list of the scenario is (`programs.cc1.steps[2].steps`), for errors at run time. */
export function stepPaths(s: Scenario): Map<readonly Step[], string> {
  const paths = new Map<readonly Step[], string>();
  const visit = (steps: readonly Step[], path: string): void => {
    paths.set(steps, path);
    steps.forEach((st, i) => {
      if ('steps' in st) visit(st.steps, `${path}[${i}].steps`);
    });
  };
  for (const [name, p] of Object.entries(s.programs)) visit(p.steps, `programs.${name}.steps`);
  return paths;
}

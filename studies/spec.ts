/**
 * The study spec: one JSON or YAML file naming the traces, the policies (with parameter grids), the
 * memory sizes and the model options of a study (docs/studies.md shows a complete one). The minimal
 * spec is `{"traces": [...], "policies": [...], "sizes": [...]}`.
 *
 * Both forms are read by the `yaml` package (JSON is YAML 1.2), which keeps every node's position:
 * every error names the spec key (`policies[2].params.k`) and its line. Validation happens here, up
 * front, so a study never fails on its thousandth task because of a typo in the spec.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { InputError, OptionError, UsageError, isUserError } from '../traces/errors.js';
import { getPolicy, listPolicies } from '../policies/registry.js';
import { makePolicySpec, parsePolicySpec, type PolicySpec } from '../policies/policySpec.js';
import type { ParamValue } from '../policies/policy.js';
import { createCostModel } from '../simulators/costModel.js';
import { parseSizes, parseWarmup } from '../simulators/memorySizes.js';
import { allocationInfo, parseAllocationList, type AllocationInfo } from '../simulators/allocation/index.js';
import { checkCurveOptions } from '../simulators/curveOptions.js';

/** How fault curves are computed: as `faultline simulate` chooses, or forced. */
export type CurveMethod = 'auto' | 'one-pass' | 'per-size';

/** One policy configuration of the study, with the seeds it runs under. */
export interface StudyPolicy {
  policy: string;
  /** Every parameter, defaults filled in; unbounded values written "inf" (JSON has no Infinity). */
  params: Record<string, ParamValue>;
  label: string;
  seeds: number[];
}

export interface StudyModel {
  /** Run the unified memory (default true). */
  unified: boolean;
  /** Also run partitioned memory with these anonymous shares (default none). */
  partitions: number[];
  /** Cost model: hdd, ssd, nvme or an expression with units (default ssd). */
  cost: string;
  method: CurveMethod;
  /**
   * Allocations across processes to run on tagged traces (`simulate --allocation`), in the recorded
   * form of results files; empty (the default): no allocation, the memory modes above.
   */
  allocations: AllocationInfo[];
}

export interface StudySummary {
  /** The policy miss-ratio reductions are measured against (default fifo, else lru, else the first). */
  baseline: string;
  /** Memory sizes, as fractions of each trace's footprint, of the cross-trace summary figure. */
  fractions: number[];
}

/** A validated spec, every default filled in. Trace entries and module paths are as written. */
export interface StudySpec {
  name: string;
  traces: string[];
  policies: StudyPolicy[];
  sizes: string[];
  warmup: string;
  model: StudyModel;
  policyModules: string[];
  /** The time one task should take, roughly (tasks of per-size policies are cut to fit). */
  taskSeconds: number;
  summary: StudySummary;
}

const KEYS = ['name', 'traces', 'policies', 'sizes', 'warmup', 'seeds', 'model', 'policyModules', 'taskSeconds', 'summary'];
const MODEL_KEYS = ['unified', 'partitions', 'cost', 'method', 'allocation'];
const SUMMARY_KEYS = ['baseline', 'fractions'];
const POLICY_KEYS = ['policy', 'params', 'seeds'];
export const DEFAULT_TASK_SECONDS = 60;
const DEFAULT_FRACTIONS = [0.01, 0.1];

type Path = (string | number)[];

/** `policies[2].params.k` */
export function keyName(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** Finds where in the spec file a key's value sits, to name its line in errors. */
export class SpecSource {
  constructor(
    readonly file: string,
    private readonly doc: Document | undefined,
    private readonly lines: LineCounter,
  ) {}

  line(path: Path): number | undefined {
    for (let n = path.length; n >= 0 && this.doc; n--) {
      const node = n === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, n), true);
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range) return this.lines.linePos(range[0]).line;
    }
    return undefined;
  }

  fail(path: Path, detail: string): never {
    const line = this.line(path);
    const key = path.length ? `${keyName(path)}: ` : '';
    throw new InputError(this.file, line ? `line ${line}` : '', `${key}${detail}`);
  }
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'a mapping';
  return JSON.stringify(v);
}

/** A list from a list or a single item (`"sizes": "auto"` is `["auto"]`). */
function listOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

function checkKeys(src: SpecSource, path: Path, value: unknown, allowed: string[]): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) src.fail(path, `expected a mapping of ${allowed.join(', ')}, found ${describe(value)}`);
  for (const key of Object.keys(value as object)) {
    if (!allowed.includes(key)) src.fail([...path, key], `unknown key (known: ${allowed.join(', ')})`);
  }
  return value as Record<string, unknown>;
}

function text(src: SpecSource, path: Path, v: unknown): string {
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return src.fail(path, `expected text, found ${describe(v)}`);
}

function seedsOf(src: SpecSource, path: Path, v: unknown): number[] {
  const seeds = listOf(v).map((s, i) => {
    if (!Number.isInteger(s) || (s as number) < 0 || (s as number) > 0xffffffff) src.fail([...path, ...(Array.isArray(v) ? [i] : [])], `a seed is a whole number from 0 to 2^32-1, found ${describe(s)}`);
    return s as number;
  });
  if (seeds.length === 0) src.fail(path, 'give at least one seed');
  return [...new Set(seeds)];
}

/** Runs `check`; a user error it throws is reported at `path` in the spec. */
function at<T>(src: SpecSource, path: Path, check: () => T): T {
  try {
    return check();
  } catch (err) {
    // The spec's key names the option already: an OptionError contributes only its detail.
    if (isUserError(err) && !(err instanceof InputError && err.file === src.file)) return src.fail(path, err instanceof OptionError ? err.detail : err.message);
    throw err;
  }
}

function wireParams(spec: PolicySpec): Record<string, ParamValue> {
  return Object.fromEntries(Object.entries(spec.params).map(([k, v]) => [k, v === Infinity ? 'inf' : v]));
}

function studyPolicy(spec: PolicySpec, seeds: number[]): StudyPolicy {
  return { policy: spec.def.name, params: wireParams(spec), label: spec.label, seeds };
}

/** Every combination of the grid's values, the first key varying slowest. */
function gridOf(src: SpecSource, path: Path, params: Record<string, unknown>): Record<string, ParamValue>[] {
  let combos: Record<string, ParamValue>[] = [{}];
  for (const [name, value] of Object.entries(params)) {
    const values = listOf(value);
    if (values.length === 0) src.fail([...path, name], 'an empty list of values');
    values.forEach((v, i) => {
      if (typeof v !== 'number' && typeof v !== 'string' && typeof v !== 'boolean') src.fail([...path, name, ...(Array.isArray(value) ? [i] : [])], `expected a number, text or true/false, found ${describe(v)}`);
    });
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [name]: v as ParamValue })));
  }
  return combos;
}

function policiesOf(src: SpecSource, raw: unknown, studySeeds: number[]): StudyPolicy[] {
  const out: StudyPolicy[] = [];
  listOf(raw).forEach((entry, i) => {
    const path: Path = Array.isArray(raw) ? ['policies', i] : ['policies'];
    if (typeof entry === 'string') {
      if (entry.trim() === 'all') for (const def of listPolicies()) out.push(studyPolicy(makePolicySpec(def), studySeeds));
      else out.push(studyPolicy(at(src, path, () => parsePolicySpec(entry)), studySeeds));
      return;
    }
    const obj = checkKeys(src, path, entry, POLICY_KEYS);
    const name = text(src, [...path, 'policy'], obj.policy);
    const def = at(src, [...path, 'policy'], () => getPolicy(name));
    const seeds = obj.seeds === undefined ? studySeeds : seedsOf(src, [...path, 'seeds'], obj.seeds);
    const params = obj.params === undefined ? {} : checkKeys(src, [...path, 'params'], obj.params, def.params.map((p) => p.name));
    for (const values of gridOf(src, [...path, 'params'], params)) out.push(studyPolicy(at(src, [...path, 'params'], () => makePolicySpec(def, values)), seeds));
  });
  if (out.length === 0) src.fail(['policies'], 'name at least one policy');
  // The same configuration named twice runs once, with the union of its seeds.
  const byLabel = new Map<string, StudyPolicy>();
  for (const p of out) {
    const seen = byLabel.get(p.label);
    if (seen) seen.seeds = [...new Set([...seen.seeds, ...p.seeds])];
    else byLabel.set(p.label, p);
  }
  return [...byLabel.values()];
}

/** A stand-in trace for checking size syntax before any trace is read. */
const PROBE = { footprint: 1 << 20, pageSize: 4096 };

function sizesOf(src: SpecSource, raw: unknown): string[] {
  const items = listOf(raw).map((s, i) => text(src, Array.isArray(raw) ? ['sizes', i] : ['sizes'], s));
  items.forEach((item, i) => at(src, Array.isArray(raw) ? ['sizes', i] : ['sizes'], () => parseSizes(item, PROBE)));
  if (items.length === 0) src.fail(['sizes'], 'name at least one memory size');
  return items;
}

function fraction(src: SpecSource, path: Path, v: unknown, what: string): number {
  if (typeof v !== 'number' || !(v > 0 && v < 1)) src.fail(path, `${what} is a number between 0 and 1, found ${describe(v)}`);
  return v as number;
}

async function modelOf(src: SpecSource, raw: unknown): Promise<StudyModel> {
  const obj = raw === undefined ? {} : checkKeys(src, ['model'], raw, MODEL_KEYS);
  if (obj.unified !== undefined && typeof obj.unified !== 'boolean') src.fail(['model', 'unified'], `expected true or false, found ${describe(obj.unified)}`);
  const unified = (obj.unified as boolean | undefined) ?? true;
  const partitions = obj.partitions === undefined ? [] : listOf(obj.partitions).map((v, i) => fraction(src, ['model', 'partitions', ...(Array.isArray(obj.partitions) ? [i] : [])], v, 'an anonymous share of memory'));
  if (!unified && partitions.length === 0) src.fail(['model', 'unified'], 'with unified: false, give model.partitions (anonymous shares of memory)');
  const cost = obj.cost === undefined ? 'ssd' : text(src, ['model', 'cost'], obj.cost);
  try {
    await createCostModel(cost);
  } catch (err) {
    if (isUserError(err)) src.fail(['model', 'cost'], err.message);
    throw err;
  }
  const method = obj.method ?? 'auto';
  if (method !== 'auto' && method !== 'one-pass' && method !== 'per-size') src.fail(['model', 'method'], `expected auto, one-pass or per-size, found ${describe(method)}`);
  const allocations = allocationsOf(src, obj.allocation, partitions);
  return { unified, partitions: [...new Set(partitions)], cost, method, allocations };
}

/**
 * `model.allocation`: one value or a list, each as `simulate --allocation` takes it (several
 * comma-separated allowed), read by the library's allocation parser. The same allocation twice runs once.
 */
function allocationsOf(src: SpecSource, raw: unknown, partitions: number[]): AllocationInfo[] {
  if (raw === undefined) return [];
  const path: Path = ['model', 'allocation'];
  const specs = listOf(raw).flatMap((v, i) => {
    const item: Path = Array.isArray(raw) ? [...path, i] : path;
    return at(src, item, () => parseAllocationList([text(src, item, v)]));
  });
  if (specs.length === 0) src.fail(path, 'name at least one allocation (global, equal, proportional, ws, pff)');
  at(src, path, () => checkCurveOptions({ allocations: specs, partitions }));
  const byLabel = new Map(specs.map((a) => [a.label, allocationInfo(a)]));
  return [...byLabel.values()];
}

function summaryOf(src: SpecSource, raw: unknown, policies: StudyPolicy[]): StudySummary {
  const obj = raw === undefined ? {} : checkKeys(src, ['summary'], raw, SUMMARY_KEYS);
  const fractions = obj.fractions === undefined ? DEFAULT_FRACTIONS : listOf(obj.fractions).map((v, i) => fraction(src, ['summary', 'fractions', ...(Array.isArray(obj.fractions) ? [i] : [])], v, 'a size fraction'));
  const labels = policies.map((p) => p.label);
  let baseline: string;
  if (obj.baseline === undefined) baseline = ['fifo', 'lru'].find((b) => labels.includes(b)) ?? labels[0]!;
  else {
    baseline = text(src, ['summary', 'baseline'], obj.baseline);
    if (!labels.includes(baseline)) src.fail(['summary', 'baseline'], `${JSON.stringify(baseline)} is not one of the study's policies (${labels.join(', ')})`);
  }
  return { baseline, fractions: [...new Set(fractions)].sort((a, b) => a - b) };
}

/** Parses the text of a spec file (JSON or YAML; `file` names it in errors). */
export function parseSpecText(file: string, source: string): { value: unknown; src: SpecSource } {
  const lines = new LineCounter();
  if (/\.json$/i.test(file)) {
    try {
      JSON.parse(source);
    } catch (err) {
      // V8 names the offending position: turn it into a line.
      const pos = /position (\d+)/.exec((err as Error).message);
      const line = pos ? source.slice(0, Number(pos[1])).split('\n').length : undefined;
      throw new InputError(file, line ? `line ${line}` : '', `not valid JSON: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  const doc = parseDocument(source, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const problem = doc.errors[0];
  if (problem) {
    const line = problem.linePos?.[0]?.line ?? lines.linePos(problem.pos[0]).line;
    throw new InputError(file, line ? `line ${line}` : '', `not a valid spec: ${problem.message.split('\n')[0]}`);
  }
  return { value: doc.toJS({ maxAliasCount: 1000 }) as unknown, src: new SpecSource(file, doc, lines) };
}

/** Validates a parsed spec and fills in every default. */
export async function validateSpec(value: unknown, src: SpecSource): Promise<StudySpec> {
  const obj = checkKeys(src, [], value, KEYS);
  for (const required of ['traces', 'policies', 'sizes']) {
    if (obj[required] === undefined) src.fail([], `the spec needs "${required}" (the minimal spec is {"traces": [...], "policies": [...], "sizes": [...]})`);
  }
  const name = obj.name === undefined ? '' : text(src, ['name'], obj.name);
  const traces = listOf(obj.traces).map((t, i) => text(src, Array.isArray(obj.traces) ? ['traces', i] : ['traces'], t));
  if (traces.length === 0) src.fail(['traces'], 'name at least one trace');
  const policyModules = obj.policyModules === undefined ? [] : listOf(obj.policyModules).map((m, i) => text(src, ['policyModules', i], m));
  const seeds = obj.seeds === undefined ? [1] : seedsOf(src, ['seeds'], obj.seeds);
  const policies = policiesOf(src, obj.policies, seeds);
  const sizes = sizesOf(src, obj.sizes);
  const warmup = obj.warmup === undefined ? '0' : text(src, ['warmup'], obj.warmup);
  at(src, ['warmup'], () => parseWarmup(warmup, 1e12));
  const model = await modelOf(src, obj.model);
  const taskSeconds = obj.taskSeconds ?? DEFAULT_TASK_SECONDS;
  if (typeof taskSeconds !== 'number' || !(taskSeconds > 0)) src.fail(['taskSeconds'], `expected a positive number of seconds, found ${describe(taskSeconds)}`);
  const summary = summaryOf(src, obj.summary, policies);
  return { name, traces, policies, sizes, warmup, model, policyModules, taskSeconds: taskSeconds as number, summary };
}

/**
 * Reads and validates a spec file. Policy modules the spec names must be loaded first (their
 * policies are checked like the built-in ones): `loadModules` receives their paths, resolved against the spec's folder.
 */
export async function readSpec(file: string, loadModules: (paths: string[]) => Promise<void> = async () => {}): Promise<{ spec: StudySpec; source: SpecSource }> {
  let source: string;
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${file}: cannot read the study spec: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const { value, src } = parseSpecText(file, source);
  const modules = (value as { policyModules?: unknown } | null)?.policyModules;
  if (modules !== undefined) {
    try {
      await loadModules(listOf(modules).map((m) => path.resolve(path.dirname(file), String(m))));
    } catch (err) {
      if (isUserError(err)) src.fail(['policyModules'], err.message);
      throw err;
    }
  }
  return { spec: await validateSpec(value, src), source: src };
}

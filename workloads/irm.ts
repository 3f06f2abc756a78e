/**
 * Independent Reference Model streams: every reference picks page i with a fixed probability p_i,
 * independently of all others — the model under which A0, LRU (Che's approximation), FIFO and
 * LRU-K have closed forms (docs/policies.md, "IRM streams"), so generated streams check simulators
 * against analysis. Four distributions, written `NAME[:KEY=VALUE…]`:
 *
 *   uniform[:n=1000]                   p_i = 1/n
 *   two-pool[:hot=100:cold=10000]      half the references to `hot` pages, half to `cold` pages,
 *                                      uniformly within each pool (O'Neil, O'Neil & Weikum 1993, §4.1)
 *   80-20[:n=1000:a=0.8:b=0.2]         Knuth's "80-20" law used by the LRU-K paper (§4.2): a fraction
 *                                      a of references go to a fraction b of pages, recursively;
 *                                      P(rank ≤ i) = (i/n)^θ with θ = ln a / ln b
 *   zipf[:n=10000:s=0.9]               p_i ∝ i^−s
 *
 * Ranks are 1-based by decreasing probability; streams are basic (VM reads), with pages renumbered
 * densely in first-appearance order as every basic stream is.
 */
import { PAGE_SIZE, TraceBuffer, UsageError, type LoadedTrace } from '../traces/index.js';
import { mulberry32 } from '../traces/seededRandom.js';

export type IrmSpec =
  | { kind: 'uniform'; n: number }
  | { kind: 'two-pool'; hot: number; cold: number }
  | { kind: '80-20'; n: number; a: number; b: number }
  | { kind: 'zipf'; n: number; s: number };

interface ParamRule {
  default: number;
  valid: (v: number) => boolean;
  expected: string;
}

const pages = (value: number): ParamRule => ({ default: value, valid: (v) => Number.isInteger(v) && v >= 1 && v < 2 ** 31, expected: 'a whole number ≥ 1' });
const fraction = (value: number): ParamRule => ({ default: value, valid: (v) => v > 0 && v < 1, expected: 'a number between 0 and 1' });

const kinds: Record<IrmSpec['kind'], Record<string, ParamRule>> = {
  uniform: { n: pages(1000) },
  'two-pool': { hot: pages(100), cold: pages(10000) },
  '80-20': { n: pages(1000), a: fraction(0.8), b: fraction(0.2) },
  zipf: { n: pages(10000), s: { default: 0.9, valid: (v) => v >= 0 && v <= 100, expected: 'a number in 0…100' } },
};

/** Parses `zipf:n=10000:s=0.9` and the like (see the file comment); bad input is a UsageError. */
export function parseIrmSpec(text: string): IrmSpec {
  const [name = '', ...assignments] = text.trim().split(':');
  const kind = name.toLowerCase() as IrmSpec['kind'];
  const rules = kinds[kind];
  if (!rules) throw new UsageError(`unknown IRM distribution ${JSON.stringify(name)}: expected ${Object.keys(kinds).join(', ')}`);
  const values: Record<string, number> = Object.fromEntries(Object.entries(rules).map(([k, r]) => [k, r.default]));
  for (const a of assignments) {
    const eq = a.indexOf('=');
    const key = a.slice(0, eq).toLowerCase();
    const rule = rules[key];
    if (eq <= 0 || !rule) {
      throw new UsageError(`${kind}: expected KEY=VALUE with KEY one of ${Object.keys(rules).join(', ')}, got ${JSON.stringify(a)}`);
    }
    const text = a.slice(eq + 1);
    const v = text.trim() === '' ? NaN : Number(text);
    if (!rule.valid(v)) throw new UsageError(`${kind}: ${key}=${text} is invalid: expected ${rule.expected}`);
    values[key] = v;
  }
  if (kind === '80-20' && values.a! <= values.b!) throw new UsageError(`80-20: a=${values.a} must be greater than b=${values.b}`);
  return { kind, ...values } as IrmSpec;
}

/** The spec written back in its canonical form, every parameter included. */
export function irmLabel(spec: IrmSpec): string {
  const { kind, ...values } = spec;
  return [kind, ...Object.entries(values).map(([k, v]) => `${k}=${v}`)].join(':');
}

/** Knuth's exponent for an a–b law: a of the references go to b of the pages. */
function knuthTheta(a: number, b: number): number {
  return Math.log(a) / Math.log(b);
}

/** p_i for ranks 1…N (index i − 1), in decreasing order. */
export function irmProbabilities(spec: IrmSpec): Float64Array {
  switch (spec.kind) {
    case 'uniform':
      return new Float64Array(spec.n).fill(1 / spec.n);
    case 'two-pool': {
      const p = new Float64Array(spec.hot + spec.cold).fill(0.5 / spec.cold);
      return p.fill(0.5 / spec.hot, 0, spec.hot);
    }
    case '80-20': {
      const theta = knuthTheta(spec.a, spec.b);
      const p = new Float64Array(spec.n);
      for (let i = 1; i <= spec.n; i++) p[i - 1] = Math.pow(i / spec.n, theta) - Math.pow((i - 1) / spec.n, theta);
      return p;
    }
    case 'zipf': {
      const p = new Float64Array(spec.n);
      let sum = 0;
      for (let i = 1; i <= spec.n; i++) sum += p[i - 1] = Math.pow(i, -spec.s);
      for (let i = 0; i < spec.n; i++) p[i]! /= sum;
      return p;
    }
  }
}

/** Walker's alias table: one uniform number draws a rank (0-based) from any distribution. */
function aliasSampler(p: Float64Array): (u: number) => number {
  const n = p.length;
  const keep = new Float64Array(n);
  const alias = new Int32Array(n);
  const small: number[] = [];
  const large: number[] = [];
  for (let i = 0; i < n; i++) {
    keep[i] = p[i]! * n;
    (keep[i]! < 1 ? small : large).push(i);
  }
  while (small.length > 0 && large.length > 0) {
    const s = small.pop()!;
    const l = large[large.length - 1]!;
    alias[s] = l;
    keep[l] = keep[l]! + keep[s]! - 1;
    if (keep[l]! < 1) small.push(large.pop()!);
  }
  for (const i of [...small, ...large]) keep[i] = 1;
  return (u) => {
    const x = u * n;
    const i = Math.min(n - 1, Math.floor(x));
    return x - i < keep[i]! ? i : alias[i]!;
  };
}

/** Draws ranks (0-based) for a spec, one uniform number each. */
function rankSampler(spec: IrmSpec): (u: number) => number {
  switch (spec.kind) {
    case 'uniform':
      return (u) => Math.floor(u * spec.n);
    case 'two-pool':
      return (u) => (u < 0.5 ? Math.floor(2 * u * spec.hot) : spec.hot + Math.floor((2 * u - 1) * spec.cold));
    case '80-20': {
      // Inverse of P(rank ≤ i) = (i/n)^θ.
      const inverse = 1 / knuthTheta(spec.a, spec.b);
      return (u) => Math.max(0, Math.ceil(spec.n * Math.pow(u, inverse)) - 1);
    }
    case 'zipf':
      return aliasSampler(irmProbabilities(spec));
  }
}

/** `length` references drawn from the spec with a seeded generator, as a basic in-memory stream. */
export function generateIrmTrace(spec: IrmSpec, length: number, seed: number): LoadedTrace {
  if (!(Number.isInteger(length) && length >= 0)) throw new UsageError(`IRM stream length must be a whole number ≥ 0, got ${length}`);
  const next = mulberry32(seed);
  const rank = rankSampler(spec);
  const buf = new TraceBuffer(length);
  for (let i = 0; i < length; i++) buf.push(0, rank(next()));
  return buf.finish({ name: `irm-${irmLabel(spec)}`, format: 'basic', pageSize: PAGE_SIZE });
}

/**
 * Reads a results file (`results.json`, schema `simulators/results.ts`) and checks every field a
 * report uses, so that a foreign or damaged file fails with one line naming the field, before any
 * output is written.
 */
import * as fs from 'node:fs';
import { COUNTER_NAMES, RESULTS_SCHEMA, type Results } from '../simulators/results.js';
import { InputError } from '../traces/index.js';
import { findMismatch, jsonSyntaxError, type Shape } from './resultsShape.js';

const count: Shape = { kind: 'number', min: 0 };
const str: Shape = { kind: 'string' };
const seconds: Shape = { kind: 'number', min: 0 };

const RUN: Shape = {
  kind: 'object',
  fields: {
    policy: str,
    label: str,
    params: { kind: 'record', of: { kind: 'scalar' } },
    mode: { kind: 'oneOf', values: ['unified', 'partitioned'] },
    partition: { kind: 'object', fields: { anonShare: { kind: 'number', min: 0 }, anonFrames: count, fileFrames: count }, optional: ['anonShare'] },
    frames: { kind: 'number', positive: true },
    window: count,
    method: { kind: 'oneOf', values: ['one-pass', 'per-size', 'sampled'] },
    sampleRate: { kind: 'number', positive: true },
    counters: { kind: 'object', fields: Object.fromEntries(COUNTER_NAMES.map((name) => [name, count])) },
    missRatio: count,
    cost: { kind: 'object', fields: { seconds, parts: { kind: 'record', of: seconds } } },
  },
  optional: ['partition', 'window', 'sampleRate'],
};

const RESULTS: Shape = {
  kind: 'object',
  fields: {
    tool: { kind: 'object', fields: { name: { kind: 'oneOf', values: ['faultline'] }, version: str } },
    command: str,
    trace: {
      kind: 'object',
      fields: {
        name: str,
        file: str,
        format: { kind: 'oneOf', values: ['basic', 'basic-named'] },
        pageSize: { kind: 'number', integer: true, positive: true },
        records: count,
        references: count,
        releases: count,
        pages: count,
        anonPages: count,
        filePages: count,
        footprintBytes: count,
      },
    },
    warmup: count,
    costModel: {
      kind: 'object',
      fields: { name: str, unitCosts: { kind: 'record', of: seconds }, expression: str },
      optional: ['unitCosts', 'expression'],
    },
    sizes: { kind: 'array', of: { kind: 'number', positive: true } },
    compulsoryFloor: count,
    runs: { kind: 'array', of: RUN, nonEmpty: true },
  },
};

/** Checks that `value`, read from `file`, is a faultline results file, and returns it typed. */
export function validateResults(value: unknown, file: string): Results {
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  const schema = isObject ? (value as Record<string, unknown>).schema : undefined;
  if (schema !== RESULTS_SCHEMA) {
    const found = schema === undefined ? 'no "schema" field' : `schema ${JSON.stringify(schema)}`;
    throw new InputError(file, '', `not a faultline results file: expected schema "${RESULTS_SCHEMA}", found ${found}`);
  }
  const mismatch = findMismatch(value, RESULTS);
  if (mismatch) throw new InputError(file, mismatch.path, mismatch.detail);
  return value as Results;
}

/** Reads and validates a results file; any problem is an `InputError` naming the file and the field. */
export function readResults(file: string): Results {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(file, '', 'no such file');
    if (code === 'EISDIR') throw new InputError(file, '', 'is a directory, expected a results file');
    throw new InputError(file, '', `cannot read (${code ?? (err as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw jsonSyntaxError(file, text, err as Error, 'results file');
  }
  return validateResults(value, file);
}

/**
 * A small structural checker for JSON read from disk: describes the expected shape, and reports the
 * first mismatch by its path (`runs[3].counters.faults`) and what was found there.
 */
import { InputError } from '../traces/index.js';

/**
 * JSON.parse's message as a one-line InputError ("not a JSON WHAT (…)"), located at the line of the
 * offending character when V8 gives its position.
 */
export function jsonSyntaxError(file: string, text: string, err: Error, what: string): InputError {
  const position = /position (\d+)/.exec(err.message);
  const line = position ? text.slice(0, Number(position[1])).split('\n').length : undefined;
  const message = err.message.replace(/\s+/g, ' ');
  const shown = message.length > 80 ? `${message.slice(0, 80)}…` : message;
  return new InputError(file, line === undefined ? '' : `line ${line}`, `not a JSON ${what} (${shown})`);
}

export type Shape =
  | { kind: 'number'; min?: number; positive?: boolean; integer?: boolean }
  | { kind: 'string' }
  | { kind: 'boolean' }
  | { kind: 'oneOf'; values: readonly string[] }
  | { kind: 'scalar' }
  | { kind: 'array'; of: Shape; nonEmpty?: boolean }
  | { kind: 'record'; of: Shape }
  | { kind: 'object'; fields: Record<string, Shape>; optional?: readonly string[] };

export interface ShapeMismatch {
  path: string;
  detail: string;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function expected(shape: Shape): string {
  switch (shape.kind) {
    case 'number': {
      const what = shape.integer ? 'an integer' : 'a number';
      if (shape.positive) return `${what} > 0`;
      return shape.min === undefined ? what : `${what} ≥ ${shape.min}`;
    }
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true or false';
    case 'oneOf':
      return shape.values.map((v) => JSON.stringify(v)).join(' or ');
    case 'scalar':
      return 'a number, string or boolean';
    case 'array':
      return shape.nonEmpty ? 'a non-empty array' : 'an array';
    case 'record':
    case 'object':
      return 'an object';
  }
}

function matchesScalar(shape: Shape, value: unknown): boolean {
  switch (shape.kind) {
    case 'number':
      return (
        typeof value === 'number' &&
        Number.isFinite(value) &&
        (!shape.integer || Number.isInteger(value)) &&
        (shape.min === undefined || value >= shape.min) &&
        (!shape.positive || value > 0)
      );
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'oneOf':
      return typeof value === 'string' && shape.values.includes(value);
    case 'scalar':
      return typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean';
    case 'array':
      return Array.isArray(value) && (!shape.nonEmpty || value.length > 0);
    case 'record':
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
  }
}

/** The first place where `value` does not have `shape`, or undefined when it does. */
export function findMismatch(value: unknown, shape: Shape, path = ''): ShapeMismatch | undefined {
  if (!matchesScalar(shape, value)) return { path, detail: `expected ${expected(shape)}, found ${describe(value)}` };
  if (shape.kind === 'array') {
    const items = value as unknown[];
    for (let i = 0; i < items.length; i++) {
      const m = findMismatch(items[i], shape.of, `${path}[${i}]`);
      if (m) return m;
    }
  } else if (shape.kind === 'record') {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const m = findMismatch(item, shape.of, path ? `${path}.${key}` : key);
      if (m) return m;
    }
  } else if (shape.kind === 'object') {
    const obj = value as Record<string, unknown>;
    for (const [key, fieldShape] of Object.entries(shape.fields)) {
      const fieldPath = path ? `${path}.${key}` : key;
      if (!(key in obj)) {
        if (shape.optional?.includes(key)) continue;
        return { path: fieldPath, detail: `missing (expected ${expected(fieldShape)})` };
      }
      const m = findMismatch(obj[key], fieldShape, fieldPath);
      if (m) return m;
    }
  }
  return undefined;
}

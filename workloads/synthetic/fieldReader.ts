/**
 * Reads the fields of one JSON object with checks, reporting the first mistake with the field's
 * path (`programs.cc1.steps[2].references`): a missing required field, a value of the wrong type
 * or out of range, an unknown key (a misspelt option should not be silently ignored).
 */
export type JsonObject = Record<string, unknown>;

interface Range {
  min: number;
  max: number;
  /** The value when the field is absent; absent and no fallback: the field is required. */
  fallback?: number;
}

const MISSING = Symbol('missing');

export class FieldReader {
  private readonly obj: JsonObject;
  private readonly seen = new Set<string>();

  constructor(
    value: unknown,
    private readonly path: string,
    private readonly fail: (path: string, detail: string) => never,
  ) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      fail(path || '(top level)', `expected an object, found ${describe(value)}`);
    }
    this.obj = value as JsonObject;
  }

  private at(name: string): string {
    return this.path ? `${this.path}.${name}` : name;
  }

  has(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.obj, name);
  }

  keys(): string[] {
    return Object.keys(this.obj);
  }

  /** Accepts these keys without reading them here. */
  allow(names: readonly string[]): void {
    for (const n of names) this.seen.add(n);
  }

  private get(name: string): unknown {
    this.seen.add(name);
    return this.has(name) ? this.obj[name] : MISSING;
  }

  private missing(name: string): never {
    return this.fail(this.at(name), 'missing (required)');
  }

  number(name: string, range: Range): number {
    const v = this.get(name);
    if (v === MISSING) return range.fallback ?? this.missing(name);
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(this.at(name), `expected a number, found ${describe(v)}`);
    if (v < range.min || v > range.max) this.fail(this.at(name), `expected a number from ${range.min} to ${range.max}, found ${v}`);
    return v;
  }

  integer(name: string, range: Range): number {
    const v = this.number(name, range);
    if (!Number.isInteger(v)) this.fail(this.at(name), `expected a whole number, found ${v}`);
    return v;
  }

  string(name: string, fallback?: string): string {
    const v = this.get(name);
    if (v === MISSING) return fallback ?? this.missing(name);
    if (typeof v !== 'string') this.fail(this.at(name), `expected a string, found ${describe(v)}`);
    return v;
  }

  /** A non-empty string naming something (a region, a file key, a program). */
  name(name: string): string {
    const v = this.string(name);
    if (v === '') this.fail(this.at(name), 'expected a name, found an empty string');
    return v;
  }

  boolean(name: string, fallback: boolean): boolean {
    const v = this.get(name);
    if (v === MISSING) return fallback;
    if (typeof v !== 'boolean') this.fail(this.at(name), `expected true or false, found ${describe(v)}`);
    return v;
  }

  oneOf<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const v = this.get(name);
    if (v === MISSING) return fallback;
    if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) {
      this.fail(this.at(name), `expected one of ${choices.join(', ')}, found ${describe(v)}`);
    }
    return v as T;
  }

  object(name: string, fallback?: JsonObject): JsonObject {
    const v = this.get(name);
    if (v === MISSING) return fallback ?? this.missing(name);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(this.at(name), `expected an object, found ${describe(v)}`);
    return v as JsonObject;
  }

  array(name: string, fallback?: unknown[]): unknown[] {
    const v = this.get(name);
    if (v === MISSING) return fallback ?? this.missing(name);
    if (!Array.isArray(v)) this.fail(this.at(name), `expected a list, found ${describe(v)}`);
    return v;
  }

  /** Every key must have been read or allowed. */
  done(): void {
    const unknown = this.keys().filter((k) => !this.seen.has(k));
    if (unknown.length) this.fail(this.at(unknown[0]!), `unknown field (expected ${[...this.seen].join(', ') || 'none'})`);
  }
}

function describe(v: unknown): string {
  if (v === MISSING) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  const text = JSON.stringify(v);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/**
 * Importer settings, one definition for both ways of giving them: command-line options
 * (`--page-size 512`) and the bracket of a prefixed stream name (`spc[page-size=512]:FILE`).
 * Bracket syntax: `NAME=VALUE` items separated by commas; a bare `NAME` sets a switch and
 * `no-NAME` clears it. Values cannot contain `,` or `]`, hence named delimiters (`comma`, `tab`…).
 */
import { UsageError } from '../errors.js';
import { KIND_ANON, KIND_FILE } from '../operations.js';
import { DEFAULT_PAGE_SIZE } from '../textFormat.js';

/** Split a csv line at runs of spaces and tabs instead of at one delimiter byte. */
export const WHITESPACE = -1;
export const MAX_COLUMN = 1024;
const MAX_SIZE = 1 << 30;

export interface ImportSettings {
  /** Bytes per page: a power of two. */
  pageSize: number;
  /** Bytes per block of a block trace (0 until resolved: each importer has its own default). */
  blockSize: number;
  kind: typeof KIND_ANON | typeof KIND_FILE;
  /** lackey: keep instruction fetches. */
  instructions: boolean;
  /** csv: 1-based columns; opCol 0 when there is none. */
  objIdCol: number;
  opCol: number;
  /** csv: the delimiter byte, or WHITESPACE. */
  delimiter: number;
  hasHeader: boolean;
  /** The most pages one request (one line) may span; a longer one is refused before allocating. */
  maxRequestPages: number;
}

/** 2²⁰ pages: 4 GiB at 4 KiB pages, far above any real request (docs/formats.md, "Limits"). */
export const DEFAULT_MAX_REQUEST_PAGES = 1 << 20;

export type SettingName = 'page-size' | 'block-size' | 'kind' | 'instructions' | 'obj-id-col' | 'op-col' | 'delimiter' | 'has-header' | 'max-request-pages';
/** Settings as given (strings from a bracket; strings, numbers or booleans from the CLI). */
export type GivenSettings = Partial<Record<SettingName, string | number | boolean>>;

interface SettingSpec {
  /** A yes/no switch (`NAME`, `no-NAME`, `NAME=true`). */
  flag: boolean;
  describe: string;
  apply(s: ImportSettings, value: string): void;
}

function bad(name: string, value: string, expected: string): never {
  throw new UsageError(`${name}=${value}: expected ${expected}`);
}

function integerIn(name: string, value: string, min: number, max: number): number {
  const n = /^[0-9]+$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) bad(name, value, `an integer from ${min} to ${max}`);
  return n;
}

function yesNo(name: string, value: string): boolean {
  const v = value.toLowerCase();
  if (['true', 'yes', '1'].includes(v)) return true;
  if (['false', 'no', '0'].includes(v)) return false;
  return bad(name, value, 'true or false');
}

const DELIMITERS: Record<string, number> = { comma: 0x2c, semicolon: 0x3b, pipe: 0x7c, colon: 0x3a, tab: WHITESPACE, space: WHITESPACE, whitespace: WHITESPACE };

export const SETTINGS: Record<SettingName, SettingSpec> = {
  'page-size': {
    flag: false,
    describe: `bytes per page, a power of two (default ${DEFAULT_PAGE_SIZE})`,
    apply(s, v) {
      const n = integerIn('page-size', v, 1, MAX_SIZE);
      if ((n & (n - 1)) !== 0) bad('page-size', v, 'a power of two');
      s.pageSize = n;
    },
  },
  'block-size': {
    flag: false,
    describe: 'bytes per block of a block trace (default 512 for spc and arc, the page size for lirs)',
    apply: (s, v) => (s.blockSize = integerIn('block-size', v, 1, MAX_SIZE)),
  },
  kind: {
    flag: false,
    describe: 'page kind of every reference: anon or file (default file for block and object traces, anon for lackey and hex)',
    apply(s, v) {
      if (['anon', 'anonymous', 'a'].includes(v)) s.kind = KIND_ANON;
      else if (['file', 'f'].includes(v)) s.kind = KIND_FILE;
      else bad('kind', v, 'anon or file');
    },
  },
  instructions: {
    flag: true,
    describe: 'lackey: keep instruction fetches (I lines) as reads (default true; --no-instructions drops them)',
    apply: (s, v) => (s.instructions = yesNo('instructions', v)),
  },
  'obj-id-col': {
    flag: false,
    describe: 'csv: the column (from 1) holding the object id (required)',
    apply: (s, v) => (s.objIdCol = integerIn('obj-id-col', v, 1, MAX_COLUMN)),
  },
  'op-col': {
    flag: false,
    describe: 'csv: the column (from 1) holding the operation, read or write (default: none, all reads)',
    apply: (s, v) => (s.opCol = integerIn('op-col', v, 1, MAX_COLUMN)),
  },
  delimiter: {
    flag: false,
    describe: 'csv: one character, or comma, semicolon, pipe, colon, or tab/space/whitespace (runs of blanks) (default comma)',
    apply(s, v) {
      const named = v === ' ' || v === '\t' ? WHITESPACE : DELIMITERS[v];
      if (named !== undefined) s.delimiter = named;
      else if (v.length === 1 && v.charCodeAt(0) > 0x20 && v.charCodeAt(0) < 0x7f) s.delimiter = v.charCodeAt(0);
      else bad('delimiter', v, `one ASCII character or one of ${Object.keys(DELIMITERS).join(', ')}`);
    },
  },
  'max-request-pages': {
    flag: false,
    describe: `the most pages one request may span; a longer one is refused as corrupt (default ${DEFAULT_MAX_REQUEST_PAGES})`,
    apply: (s, v) => (s.maxRequestPages = integerIn('max-request-pages', v, 1, Number.MAX_SAFE_INTEGER)),
  },
  'has-header': {
    flag: true,
    describe: 'csv: the first line is a header, skipped (default false)',
    apply: (s, v) => (s.hasHeader = yesNo('has-header', v)),
  },
};

export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

function isSettingName(name: string): name is SettingName {
  return Object.hasOwn(SETTINGS, name);
}

function unknownSetting(name: string): never {
  throw new UsageError(`unknown import setting ${JSON.stringify(name)} (settings: ${SETTING_NAMES.join(', ')})`);
}

/** Parses the text between the brackets of `NAME[SETTINGS]:FILE`. */
export function parseSettingsText(text: string): GivenSettings {
  const given: GivenSettings = {};
  if (text.trim() === '') return given;
  for (const raw of text.split(',')) {
    const item = raw.trim();
    const eq = item.indexOf('=');
    const key = eq < 0 ? item : item.slice(0, eq).trim();
    if (eq >= 0) {
      if (!isSettingName(key)) unknownSetting(key);
      given[key] = item.slice(eq + 1).trim();
    } else if (isSettingName(key) && SETTINGS[key].flag) {
      given[key] = true;
    } else if (key.startsWith('no-') && isSettingName(key.slice(3)) && SETTINGS[key.slice(3) as SettingName].flag) {
      given[key.slice(3) as SettingName] = false;
    } else if (isSettingName(key)) {
      throw new UsageError(`import setting ${key} needs a value: ${key}=VALUE`);
    } else {
      unknownSetting(key);
    }
  }
  return given;
}

/** What an importer accepts and assumes: `settings` beyond page-size and kind, which all take. */
export interface SettingsProfile {
  name: string;
  settings: readonly SettingName[];
  defaultKind: ImportSettings['kind'];
  /** The block size when none is given; undefined: the page size. */
  defaultBlockSize?: number;
}

/** Applies `given` over the importer's defaults, refusing settings it does not take. */
export function resolveSettings(profile: SettingsProfile, given: GivenSettings): ImportSettings {
  const s: ImportSettings = {
    pageSize: DEFAULT_PAGE_SIZE,
    blockSize: 0,
    kind: profile.defaultKind,
    instructions: true,
    objIdCol: 0,
    opCol: 0,
    delimiter: DELIMITERS.comma!,
    hasHeader: false,
    maxRequestPages: DEFAULT_MAX_REQUEST_PAGES,
  };
  const accepted: SettingName[] = ['page-size', 'kind', ...profile.settings];
  for (const [name, value] of Object.entries(given)) {
    if (value === undefined) continue;
    if (!isSettingName(name)) unknownSetting(name);
    if (!accepted.includes(name)) throw new UsageError(`${profile.name} takes no ${name} setting (it takes ${accepted.join(', ')})`);
    SETTINGS[name].apply(s, String(value));
  }
  if (s.blockSize === 0) s.blockSize = profile.defaultBlockSize ?? s.pageSize;
  return s;
}

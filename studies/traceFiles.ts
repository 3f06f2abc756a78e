/**
 * The traces of a study, from the spec's entries: a file, a glob (`traces/*.bin.gz`, `**` for any
 * depth), a directory (every stream in it: the per-process output of `faultline merge`, one trace
 * per process), each optionally behind an importer's `FORMAT:` or `FORMAT[options]:` prefix.
 * Relative paths are relative to the spec's folder. Expansion is sorted, so a plan is the same
 * on every machine that sees the same files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { traceNameOf } from '../traces/loadTrace.js';

export interface TraceFile {
  /** The spec entry it came from (index into `traces`). */
  entry: number;
  /** The absolute file, with the entry's importer prefix if it had one. */
  file: string;
  /** Unique within the study: the file's name without extensions, or its path where names clash. */
  name: string;
}

const PREFIX = /^([A-Za-z][\w-]+(?:\[[^\]]*\])?:)(.+)$/s;

/** An entry's importer prefix (`oracleGeneral:`, with its colon; empty when none) and its path. */
export function splitPrefix(entry: string): { prefix: string; file: string } {
  const m = PREFIX.exec(entry);
  return m ? { prefix: m[1]!, file: m[2]! } : { prefix: '', file: entry };
}
const GLOB_CHARS = /[*?[]/;

function globRegExp(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = segment.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        const body = segment.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function entriesOf(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).filter((d) => !d.name.startsWith('.'));
  } catch {
    return [];
  }
}

/** Paths under `base` matching the glob segments, sorted. */
function expandGlob(base: string, segments: string[]): string[] {
  if (segments.length === 0) return [base];
  const [head, ...rest] = segments as [string, ...string[]];
  if (head === '**') {
    const here = expandGlob(base, rest);
    const deeper = entriesOf(base).filter((d) => d.isDirectory()).flatMap((d) => expandGlob(path.join(base, d.name), segments));
    return [...here, ...deeper];
  }
  if (!GLOB_CHARS.test(head)) return expandGlob(path.join(base, head), rest);
  const re = globRegExp(head);
  return entriesOf(base)
    .filter((d) => re.test(d.name))
    .map((d) => d.name)
    .sort()
    .flatMap((name) => expandGlob(path.join(base, name), rest));
}

/** Manifests and notes beside the streams of a directory output (merge's `processes.json`). */
const NOT_STREAMS = /\.(json|md)$/i;

/**
 * A directory stands for every stream in it and its subfolders (sorted; hidden files, manifests
 * and notes skipped): per-process output is one file per process, per-thread one folder per process.
 */
function streamsIn(file: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return [];
  }
  if (stat.isFile()) return [file];
  if (!stat.isDirectory()) return [];
  return entriesOf(file)
    .map((d) => d.name)
    .sort()
    .flatMap((name) => {
      const inner = path.join(file, name);
      return fs.statSync(inner).isDirectory() ? streamsIn(inner) : NOT_STREAMS.test(name) ? [] : [inner];
    });
}

/** The files one entry names (absolute, prefix kept); empty when it names none. */
export function expandTraceEntry(entry: string, baseDir: string): string[] {
  const { prefix, file: pattern } = splitPrefix(entry);
  const absolute = path.resolve(baseDir, pattern);
  const root = path.parse(absolute).root;
  const matches = GLOB_CHARS.test(pattern) ? expandGlob(root, absolute.slice(root.length).split(path.sep).filter(Boolean)) : [absolute];
  return [...new Set(matches.flatMap(streamsIn))].map((f) => prefix + f);
}

/** Every trace of the study, in entry order; a file named by two entries is studied once. */
export function expandTraces(entries: string[], baseDir: string, onEmpty: (entry: number) => never): TraceFile[] {
  const seen = new Set<string>();
  const files: { entry: number; file: string }[] = [];
  entries.forEach((entry, i) => {
    const found = expandTraceEntry(entry, baseDir);
    if (found.length === 0) onEmpty(i);
    for (const file of found) if (!seen.has(file)) (seen.add(file), files.push({ entry: i, file }));
  });
  const names = files.map((f) => traceNameOf(f.file));
  const clashing = new Set(names.filter((n, i) => names.indexOf(n) !== i));
  return files.map((f, i) => {
    const bare = splitPrefix(f.file).file;
    const name = clashing.has(names[i]!) ? path.relative(baseDir, bare).split(path.sep).join('/').replace(/(\.(bin|txt))?(\.gz)?$/, '') : names[i]!;
    return { ...f, name };
  });
}

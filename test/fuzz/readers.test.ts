/**
 * Fuzzing every reader (issue #15): the stream forms (binary, text, each gzipped; tagged binary and
 * text), every importer, the raw kVMTrace kernel and reference traces through the merger, and
 * results.json for `report`.
 * Each reader gets seeded mutations of a valid input for its share of FAULTLINE_FUZZ_SECONDS; the
 * outcome must be success or a one-line user error (fuzz.ts states the hang and memory bounds).
 * A few CLI runs at the end check the same through the real command: exit 0 or 2, one line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  ReferenceTraceWriter,
  loadTrace,
  mergeTraces,
  readReferenceRecords,
  readResults,
  withTraceWriter,
  writeReport,
} from '../../index.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { randomInt, rng } from '../helpers/random.js';
import { randomTaggedTrace } from '../helpers/randomTagged.js';
import { FUZZ_SECONDS, fuzz, mutateBytes, type Mutator, type Target } from './fuzz.js';

const here = path.dirname(new URL(import.meta.url).pathname);
const fixtures = path.join(here, '../fixtures');
const dir = tempDir('faultline-fuzz-');
const read = (p: string): Uint8Array => new Uint8Array(fs.readFileSync(p));

/** A stream of a few hundred records with releases, in the form `name` says. */
async function streamInput(name: string): Promise<Uint8Array> {
  const file = path.join(dir, `seed-${name}`);
  await withTraceWriter(file, { format: 'basic-named', pageSize: 4096, releases: true }, (w) => {
    const r = rng(3);
    let pages = 0;
    for (let i = 0; i < 300; i++) {
      if (pages > 2 && r() < 0.05) w.append(4, randomInt(r, pages));
      else {
        const p = randomInt(r, pages + 1);
        if (p === pages) pages++;
        w.append(randomInt(r, 4) | ((1 + randomInt(r, 2)) << 3), p);
      }
    }
  });
  return read(file);
}

/** A tagged stream of a few hundred records of four processes, with releases and its process table. */
async function taggedInput(name: string): Promise<Uint8Array> {
  const file = path.join(dir, `seed-${name}`);
  const { trace, table } = randomTaggedTrace(4, { length: 300, processes: 4, releaseRate: 0.05 });
  await withTraceWriter(file, { format: 'basic-named', pageSize: 4096, releases: true, tagged: true }, (w) => {
    w.appendChunk(trace.pages, trace.codes, trace.length, trace.tags!.processes, trace.tags!.threads);
    w.setProcessTable(table);
  });
  return read(file);
}

const loadTarget = (name: string, input: Uint8Array, fileName: string, prefix = ''): Target => ({
  name,
  input,
  fileName,
  read: (file) => loadTrace(`${prefix}${file}`),
});

const IMPORTERS: [string, string][] = [
  ['oracleGeneral', 'small.oracleGeneral.bin'],
  ['txt', 'small.txt'],
  ['csv[obj-id-col=2,op-col=4,delimiter=semicolon,has-header]', 'small.csv'],
  ['hex', 'small.hex'],
  ['lirs', 'small.trc'],
  ['spc', 'small.spc'],
  ['arc', 'small.arc'],
  ['msr', 'small.msr.csv'],
  ['lackey', 'small.lackey'],
];

/** results.json mutations that keep it JSON: values replaced by extremes and wrong types, fields dropped. */
const mutateJson: Mutator = (r, input) => {
  if (r() < 0.3) return mutateBytes(r, input);
  const value = JSON.parse(Buffer.from(input).toString('utf8')) as unknown;
  const nodes: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (v: unknown): void => {
    if (v && typeof v === 'object') {
      for (const [k, c] of Object.entries(v)) {
        nodes.push({ parent: v as Record<string, unknown>, key: Array.isArray(v) ? Number(k) : k });
        walk(c);
      }
    }
  };
  walk(value);
  const extremes: unknown[] = [-1, 0, 1e308, -1e308, 2 ** 53, 0.5, '', 'x', null, true, [], {}, 'inf', Number.MAX_SAFE_INTEGER];
  for (let e = 1 + randomInt(r, 3); e > 0 && nodes.length; e--) {
    const { parent, key } = nodes[randomInt(r, nodes.length)]!;
    if (r() < 0.2 && !Array.isArray(parent)) delete (parent as Record<string, unknown>)[key as string];
    else (parent as Record<string | number, unknown>)[key] = extremes[randomInt(r, extremes.length)];
  }
  return Buffer.from(JSON.stringify(value));
};

describe('fuzzing every reader (seeded, time-bounded)', async () => {
  const binary = await streamInput('s.bin');
  const text = await streamInput('s.txt');
  const kernel = read(path.join(fixtures, 'merger/threads.kernel.txt'));
  const refsText = read(path.join(fixtures, 'merger/threads.refs.txt'));
  const refsBinary = path.join(dir, 'seed-refs.bin');
  const writer = new ReferenceTraceWriter(refsBinary, { layout: 'i386' });
  for await (const rec of readReferenceRecords(path.join(fixtures, 'merger/threads.refs.txt'))) writer.write(rec.tag, rec.cycle, rec.reftime, rec.context, rec.vpn);
  writer.close();
  const kernelFile = path.join(dir, 'seed.kernel.txt');
  const refsFile = path.join(dir, 'seed.refs.txt');
  fs.writeFileSync(kernelFile, kernel);
  fs.writeFileSync(refsFile, refsText);
  const results = read(path.join(fixtures, 'reports/realistic.results.json'));

  const targets: Target[] = [
    loadTarget('binary stream', binary, 'f.bin'),
    loadTarget('binary stream, gzip', zlib.gzipSync(binary), 'f.bin.gz'),
    loadTarget('text stream', text, 'f.txt'),
    loadTarget('text stream, gzip', zlib.gzipSync(text), 'f.txt.gz'),
    loadTarget('tagged binary stream', await taggedInput('t.bin'), 't.bin'),
    loadTarget('tagged text stream', await taggedInput('t.txt'), 't.txt'),
    ...IMPORTERS.map(([format, fixture]) => loadTarget(`importer ${format}`, read(path.join(fixtures, 'importers', fixture)), `i-${fixture}`, `${format}:`)),
    { name: 'raw kernel trace (merge)', input: kernel, fileName: 'k.kernel.txt', read: (file) => mergeTraces(file, refsFile) },
    { name: 'raw reference trace, text (merge)', input: refsText, fileName: 'r.refs.txt', read: (file) => mergeTraces(kernelFile, file) },
    { name: 'raw reference trace, i386 (merge)', input: read(refsBinary), fileName: 'r.refs.bin', read: (file) => mergeTraces(kernelFile, file) },
    { name: 'results.json (report)', input: results, fileName: 'results.json', mutate: mutateJson, read: async (file) => readResults(file) },
  ];
  const share = FUZZ_SECONDS / targets.length;

  it.each(targets.map((t) => [t.name, t] as const))('%s', async (_, target) => {
    const { cases, refused } = await fuzz(target, dir, share);
    // The mutations must reach the reader's checks, not just pass through untouched.
    expect(cases).toBeGreaterThan(1);
    expect(refused, `${target.name}: ${refused} of ${cases} refused`).toBeGreaterThan(0);
  }, share * 1000 + 60_000);

  it('results that pass validation draw a report or are refused in one line', async () => {
    const r = rng(5);
    for (let i = 0; i < 3; i++) {
      const file = path.join(dir, `report-${i}.json`);
      fs.writeFileSync(file, mutateJson(r, results));
      let parsed;
      try {
        parsed = readResults(file);
      } catch {
        continue;
      }
      try {
        writeReport(parsed, path.join(dir, `report-${i}`));
      } catch (err) {
        expect((err as Error).name, (err as Error).stack).toMatch(/UsageError|InputError|OptionError/);
      }
    }
  }, 120_000);
});

describe('mutated inputs through the real CLI: exit 0 or 2, one line, never a stack', () => {
  it.each([
    ['stats', 'f.bin', 'binary'],
    ['simulate', 'f.txt', 'text'],
    ['stats', 'spc:f.spc', 'spc'],
  ] as const)('%s %s', async (command, name, kind) => {
    const seedInput = kind === 'spc' ? read(path.join(fixtures, 'importers/small.spc')) : await streamInput(`cli-${name}`);
    const r = rng(11 + name.length);
    for (let i = 0; i < 2; i++) {
      const file = path.join(dir, `cli-${i}-${name.replace(/^spc:/, '')}`);
      fs.writeFileSync(file, mutateBytes(r, seedInput));
      const arg = name.startsWith('spc:') ? `spc:${file}` : file;
      const out = runCli(command === 'simulate' ? ['simulate', arg, '-p', 'lru,opt', '-s', '4,8', '-q', '-j', '1'] : [command, arg]);
      expect([0, 2], out.stderr).toContain(out.status);
      if (out.status === 2) {
        expect(out.stderr.trim().split('\n'), out.stderr).toHaveLength(1);
        expect(out.stderr).not.toMatch(/internal error|\bat .*:\d+:\d+/);
      }
    }
  }, 120_000);
});

/** End-to-end: the built `faultline merge` and `run-merger` as a user runs them. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readKernelRecords, readReferenceRecords, withKernelTraceWriter, withReferenceTraceWriter, type MergeSummary } from '../../merger/index.js';
import { listFiles, runCli, tempDir } from '../helpers/cli.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/merger');
const fixture = (name: string, part: 'kernel' | 'refs'): string => path.join(FIXTURES, `${name}.${part}.txt`);
const HEADER = '#faultline basic-named page-size=4096';

describe('faultline merge', () => {
  const dir = tempDir();

  it('writes basic-named text and prints the summary table', () => {
    const out = path.join(dir, 'fork.txt');
    const r = runCli(['merge', fixture('fork-child-write', 'kernel'), fixture('fork-child-write', 'refs'), '-o', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toBe(`${HEADER}\nw 0 a\nr 1 a\nr 1 a\nw 2 a\nr 0 a\n`);
    expect(r.stdout).toMatch(/^VM read\s+3\s+0\s+0\s+3$/m);
    expect(r.stdout).toMatch(/^VM write\s+2\s+0\s+0\s+2$/m);
    expect(r.stdout).toMatch(/^canonical pages\s+3\s+0\s+0\s+3$/m);
    expect(r.stdout).toMatch(/^processes\s+2$/m);
    expect(r.stdout).toContain('warnings: none');
  });

  it('--json prints the summary as JSON; basic drops the kinds', () => {
    const out = path.join(dir, 'file.bin');
    const r = runCli(['merge', fixture('file-read-mmap', 'kernel'), fixture('file-read-mmap', 'refs'), '--format', 'basic', '-o', out, '--json']);
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout) as MergeSummary;
    expect(s.references.total).toBe(7);
    expect(s.references.fsRead).toEqual({ anonymous: 0, file: 2, sharedMemory: 0 });
    expect(s.references.fsWrite).toEqual({ anonymous: 0, file: 1, sharedMemory: 0 });
    expect(s.pages).toEqual({ total: 3, anonymous: 0, file: 3, sharedMemory: 0 });
    expect(s.layout).toBe('text');
    const text = runCli(['cat', out]);
    expect(text.stdout).toBe('#faultline basic page-size=4096\n< 0\n< 1\nr 0\nr 2\nw 1\n> 2\nr 1\n');
  });

  it('run-merger takes kVMTrace\'s argument order (references first)', () => {
    const out = path.join(dir, 'rm.txt');
    const r = runCli(['run-merger', 'basic-named', 'v0.5', fixture('parent-write', 'refs'), fixture('parent-write', 'kernel'), out, '--releases', '--quiet']);
    expect(r.status).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toBe(`${HEADER} releases\nw 0 a\nw 1 a\nr 0 a\nx 0\n`);
    const bad = runCli(['run-merger', 'basic', 'v0.6', fixture('parent-write', 'refs'), fixture('parent-write', 'kernel'), out]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('faultline: version "v0.6": faultline reads kVMTrace v0.5 traces (give v0.5)\n');
  });

  it('per-process: one stream per process, releases to every open stream that showed the page', () => {
    const out = path.join(dir, 'byprocess');
    const r = runCli(['merge', fixture('parent-write', 'kernel'), fixture('parent-write', 'refs'), '--format', 'per-process', '-o', `${out}/`, '--releases', '--suffix', '.txt']);
    expect(r.status).toBe(0);
    expect(listFiles(out)).toEqual(['process-1.txt', 'process-2.txt', 'processes.json']);
    // page 0 dies at u c2: both processes showed it and both are alive then
    expect(fs.readFileSync(path.join(out, 'process-1.txt'), 'utf8')).toBe(`${HEADER} releases\nw 0 a\nw 1 a\nx 0\n`);
    expect(fs.readFileSync(path.join(out, 'process-2.txt'), 'utf8')).toBe(`${HEADER} releases\nr 0 a\nx 0\n`);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'processes.json'), 'utf8'));
    expect(manifest.format).toBe('per-process');
    expect(manifest.streams.map((s: { file: string; process: { pid: number; parent: string | null; exitCycle: number | null }; references: number; releases: number }) => [s.file, s.process.pid, s.process.parent, s.process.exitCycle, s.references, s.releases])).toEqual([
      ['process-1.txt', 1, null, null, 2, 1],
      ['process-2.txt', 2, '1', 0x41, 1, 1],
    ]);
  });

  it('per-thread: a directory per process, a stream per task attributed through S', () => {
    const out = path.join(dir, 'bythread');
    const r = runCli(['run-merger', 'per-thread', 'v0.5', fixture('threads', 'refs'), fixture('threads', 'kernel'), `${out}/`, '--suffix', '.txt.gz']);
    expect(r.status).toBe(0);
    expect(listFiles(out)).toEqual(['process-1', 'process-1/thread-1.txt.gz', 'process-1/thread-2.txt.gz', 'processes.json']);
    expect(runCli(['cat', path.join(out, 'process-1/thread-1.txt.gz'), '--no-header']).stdout).toBe('w 0 a\nr 1 a\n');
    expect(runCli(['cat', path.join(out, 'process-1/thread-2.txt.gz'), '--no-header']).stdout).toBe('w 1 a\nr 0 a\n');
  });

  it('reads gzip and binary inputs (i386 and x86_64) exactly as their text forms', async () => {
    const text = runCli(['merge', fixture('truncate-delete', 'kernel'), fixture('truncate-delete', 'refs'), '-o', path.join(dir, 'td.txt'), '--releases']);
    expect(text.status).toBe(0);
    const kernelGz = path.join(dir, 'td.kernel.gz');
    await withKernelTraceWriter(kernelGz, {}, async (w) => {
      for await (const rec of readKernelRecords(fixture('truncate-delete', 'kernel'))) w.write(rec);
    });
    for (const layout of ['i386', 'x86_64'] as const) {
      const refs = path.join(dir, `td.${layout}.gz`);
      await withReferenceTraceWriter(refs, { layout }, async (w) => {
        for await (const rec of readReferenceRecords(fixture('truncate-delete', 'refs'))) w.writeRecord(rec);
      });
      const out = path.join(dir, `td-${layout}.txt`);
      const r = runCli(['merge', kernelGz, refs, '-o', out, '--releases', '--json']);
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout).layout).toBe(layout);
      expect(fs.readFileSync(out, 'utf8')).toBe(fs.readFileSync(path.join(dir, 'td.txt'), 'utf8'));
    }
  });

  it('without -o it only prints the summary; warnings are counted, --strict makes them errors', () => {
    const r = runCli(['merge', fixture('mremap', 'kernel'), fixture('mremap', 'refs'), '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).warnings).toEqual({ 'unmapped-page': 1 });
    const strict = runCli(['merge', fixture('mremap', 'kernel'), fixture('mremap', 'refs'), '--strict']);
    expect(strict.status).toBe(2);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toBe(
      `faultline: ${fixture('mremap', 'refs')}: line 8: page 0x10 is not mapped in context 0xc1 (warning unmapped-page; strict mode makes it an error)\n`,
    );
  });

  it('runs the example consumer of docs/merger.md', () => {
    const doc = fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/merger.md'), 'utf8');
    const code = /```js\n(\/\/ refsPerFile\.js[\s\S]*?)```/.exec(doc)![1]!;
    const module = path.join(dir, 'refsPerFile.js');
    fs.writeFileSync(module, code);
    const r = runCli(['merge', fixture('file-read-mmap', 'kernel'), fixture('file-read-mmap', 'refs'), '--consumer', module, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // all 7 references are to "data file.txt"; pages 0, 1, 2
    expect(r.stdout.startsWith('references  pages  file\n         7      3  data file.txt\n')).toBe(true);
  });
});

describe('bad input: one line naming the file and place, exit 2, no output left', () => {
  const dir = tempDir();

  function expectRejected(kernel: string, refs: string, pattern: RegExp, extra: string[] = []): void {
    const outDir = path.join(dir, 'out');
    fs.mkdirSync(outDir, { recursive: true });
    const before = listFiles(dir);
    for (const [format, out] of [['basic-named', path.join(outDir, 'x.bin')], ['per-process', `${outDir}/pp/`]]) {
      const r = runCli(['merge', kernel, refs, '--format', format!, '-o', out!, ...extra]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(pattern);
      expect(listFiles(dir)).toEqual(before);
    }
  }

  const write = (name: string, content: string | Uint8Array): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };
  const kernelOk = 'A 1 0 1 c1\nm 2 0 1 10000 1000\nS 3 0 1\n';
  const refsOk = 'w 10 0 c1 10\nr 11 0 c1 10\nr 12 0 c1 10\n';

  it('unknown tag in the kernel trace', () => {
    const k = write('tag.kernel', kernelOk + 'Q 4 0 1\n');
    expectRejected(k, write('ok.refs', refsOk), new RegExp(`^faultline: ${k}: line 4: unknown record tag`));
  });

  it('wrong field count in the kernel trace', () => {
    const k = write('count.kernel', kernelOk.replace('m 2 0 1 10000 1000', 'm 2 0 1 10000'));
    expectRejected(k, write('ok.refs', refsOk), new RegExp(`^faultline: ${k}: line 2: wrong number of fields: expected "m cycle reftime pid address length" \\(6 fields\\); found "m 2 0 1 10000"$`));
  });

  it('non-hex field in the reference trace', () => {
    const r = write('hex.refs', refsOk.replace('r 12 0 c1 10', 'r 12 0 c1 1z'));
    expectRejected(write('ok.kernel', kernelOk), r, new RegExp(`^faultline: ${r}: line 3: field vpn is not a hexadecimal number; found "r 12 0 c1 1z"$`));
  });

  it('truncated binary reference record', async () => {
    const file = path.join(dir, 'cut.i386');
    await withReferenceTraceWriter(file, { layout: 'i386' }, (w) => {
      for (let i = 0; i < 300; i++) w.write('r', 16 + i, 0, 0xc1, 0x10);
    });
    fs.truncateSync(file, 300 * 28 - 9);
    expectRejected(write('ok.kernel', kernelOk), file, new RegExp(`^faultline: ${file}: record 300 \\(byte 8372\\): truncated record: expected 28 bytes, found 19$`));
  });

  it('a reference beyond the window', () => {
    const r = write('late.refs', 'w 30 0 c1 10\nr 31 0 c1 10\nr 20 0 c1 10\n');
    expectRejected(write('ok.kernel', kernelOk), r, new RegExp(`^faultline: ${r}: line 3: record arrives too late`), ['--window', '1']);
  });

  it('a reference to an unknown context with --strict', () => {
    const r = write('ctx.refs', 'w 10 0 c2 10\n');
    expectRejected(write('ok.kernel', kernelOk), r, new RegExp(`^faultline: ${r}: line 1: context 0xc2 is not a live address space \\(warning unknown-context`), ['--strict']);
  });

  it('usage errors: a directory output without -o, a bad window, a missing file', () => {
    const k = write('ok.kernel', kernelOk);
    const r = write('ok.refs', refsOk);
    expect(runCli(['merge', k, r, '--format', 'per-thread']).stderr).toBe('faultline: -o is missing: the per-thread output is a directory (DIR/)\n');
    expect(runCli(['merge', k, r, '--window', '-3']).stderr).toBe('faultline: --window must be a whole number ≥ 0, got -3\n');
    const missing = runCli(['merge', path.join(dir, 'nope'), r]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`faultline: ${path.join(dir, 'nope')}: no such file\n`);
    expect(runCli(['merge', k, r, '--consumer', path.join(dir, 'none.js')]).stderr).toBe(`faultline: --consumer ${path.join(dir, 'none.js')}: no such file\n`);
  });
});

/**
 * End-to-end: `faultline collect` traces a tiny C program (test/fixtures/collector/pages.c, built
 * with gcc at test time) under valgrind, `faultline merge` reads the result without a warning, and
 * the merged stream shows the pages the program shares: the file page written by write() and read
 * back through the mapping is one page; the child's write through the MAP_SHARED mapping reaches
 * the parent's page; the child reads the parent's anonymous page until it writes its own copy.
 * Needs valgrind and gcc (installed on the machines the suite runs on).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mergeTraces, type Consumer, type MergeSummary } from '../../merger/index.js';
import { KIND_LETTERS, OP_FS_READ, OP_FS_WRITE, OP_LETTERS, OP_VM_READ, OP_VM_WRITE } from '../../traces/index.js';
import type { CollectSummary } from '../../collector/index.js';
import { runCli, tempDir } from '../helpers/cli.js';

const SOURCE = path.resolve(import.meta.dirname, '../fixtures/collector/pages.c');
const PAGE = 4096;

interface Seen {
  op: number;
  page: number;
  kind: number;
  first: boolean;
  /** 'parent' | 'child' (by process), or '' for FS references of unknown tasks. */
  who: string;
  vpn: number;
  file: string;
  filePage: number;
}

interface Traced {
  summary: CollectSummary;
  merge: MergeSummary;
  seen: Seen[];
  addresses: { map: number; anon: number; inherited: number };
  dataFile: string;
  stream: string;
}

/** Collects the program with `options`, merges the result both ways (CLI stream, consumer). */
async function traceProgram(dir: string, exe: string, name: string, options: string[]): Promise<Traced> {
  const out = path.join(dir, name);
  const dataFile = path.join(dir, `${name}.data`);
  const r = runCli(['collect', '-o', out, '--json', ...options, '--', exe, dataFile]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const pagesLine = /^PAGES map=0x([0-9a-f]+) anon=0x([0-9a-f]+) inherited=0x([0-9a-f]+)$/m.exec(r.stdout)!;
  const summary = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as CollectSummary;
  const kernel = path.join(out, 'kernel.gz');
  const refs = path.join(out, 'refs.gz');
  const merged = path.join(dir, `${name}.txt`);
  const m = runCli(['merge', kernel, refs, '-o', merged, '--strict', '--quiet']);
  expect(m.stderr).toBe('');
  expect(m.status).toBe(0);
  expect(m.stdout).toContain('warnings: none');
  const seen: Seen[] = [];
  let root: unknown;
  const recorder: Consumer = {
    processStart(p) {
      root ??= p;
    },
    reference(e) {
      const who = e.process === undefined ? '' : e.process === root ? 'parent' : 'child';
      seen.push({ op: e.op, page: e.page, kind: e.kind, first: e.first, who, vpn: e.vpn, file: e.file?.name ?? '', filePage: e.filePage });
    },
  };
  const merge = await mergeTraces(kernel, refs, { consumers: [recorder], strict: true });
  return {
    summary,
    merge,
    seen,
    addresses: { map: parseInt(pagesLine[1]!, 16), anon: parseInt(pagesLine[2]!, 16), inherited: parseInt(pagesLine[3]!, 16) },
    dataFile,
    stream: fs.readFileSync(merged, 'utf8'),
  };
}

describe('faultline collect on a real program', () => {
  const dir = tempDir('faultline-collect-');
  const exe = path.join(dir, 'pages');
  let all: Traced;
  let filtered: Traced;

  beforeAll(async () => {
    try {
      execFileSync('gcc', ['-O1', '-o', exe, SOURCE], { stdio: 'pipe' });
    } catch (err) {
      throw new Error(`this test compiles ${SOURCE} with gcc, which failed: ${(err as Error).message}`);
    }
    all = await traceProgram(dir, exe, 'all', ['--no-filter', '--no-instructions', '--quiet']);
    filtered = await traceProgram(dir, exe, 'filtered', ['--quiet']);
  });

  it('traces both processes, leaves out only valgrind pages, and says how it was made', () => {
    for (const t of [all, filtered]) {
      expect(t.summary.exitCode).toBe(0);
      expect(t.summary.processes).toBe(2);
      expect(t.summary.threads).toBe(2);
      expect(t.summary.leftOut.outsideMappings).toBe(0);
      expect(t.summary.unknownLogLines).toBe(0);
      expect(t.summary.unknownDescriptors).toBe(0);
      expect(t.merge.processes).toBe(2);
      expect(t.merge.referenceRecords).toBe(t.summary.referenceRecords);
      expect(JSON.parse(fs.readFileSync(path.join(t.summary.output, 'collect.json'), 'utf8'))).toEqual(t.summary);
      expect(fs.readdirSync(t.summary.output).sort()).toEqual(['collect.json', 'kernel.gz', 'refs.gz']);
    }
    // Without the filter every traced reference is a record; with it, far fewer.
    expect(all.summary.referenceRecords).toBe(all.summary.tracedReferences);
    expect(all.summary.filter).toBeNull();
    expect(all.summary.instructions).toBe(false);
    expect(filtered.summary.referenceRecords).toBeLessThan(filtered.summary.tracedReferences / 100);
    expect(filtered.summary.filter).toEqual({ segment0: 16, segment1: 496, policy: 'fifo' });
  });

  it('the basic-named stream is the merge the consumer saw', () => {
    for (const t of [all, filtered]) {
      const lines = t.seen.map((s) => `${OP_LETTERS[s.op]} ${s.page.toString(16)} ${KIND_LETTERS[s.kind]}`);
      expect(t.stream).toBe(`#faultline basic-named page-size=4096\n${lines.join('\n')}\n`);
    }
  });

  it('write(), pread() and the shared mapping reach one canonical page per file page', () => {
    for (const t of [all, filtered]) {
      const fileRefs = t.seen.filter((s) => s.file === t.dataFile);
      const written = fileRefs.filter((s) => s.op === OP_FS_WRITE);
      expect(written.map((s) => s.filePage)).toEqual([0, 1]);
      const page1 = written[1]!.page;
      const read = fileRefs.filter((s) => s.op === OP_FS_READ);
      expect(read.map((s) => [s.filePage, s.page])).toEqual([[1, page1]]);
      const mapVpn = t.addresses.map / PAGE + 1;
      const viaMap = fileRefs.filter((s) => s.op === OP_VM_READ || s.op === OP_VM_WRITE);
      expect(viaMap.length).toBeGreaterThan(0);
      for (const s of viaMap) {
        expect(s.vpn).toBe(mapVpn);
        expect(s.page).toBe(page1);
      }
      // The parent reads page 1 through the mapping; the child writes it (same page, no copy).
      expect(viaMap.some((s) => s.who === 'parent' && s.op === OP_VM_READ)).toBe(true);
      expect(viaMap.filter((s) => s.who === 'child').map((s) => s.op)).toEqual([OP_VM_WRITE]);
    }
  });

  /** References to `vpn` by `who` once the program's main began (ld.so used those addresses before). */
  const at = (t: Traced, vpn: number, who: string): Seen[] => {
    const start = t.seen.findIndex((s) => s.file === t.dataFile);
    return t.seen.slice(start).filter((s) => s.vpn === vpn && s.who === who);
  };

  it("the child shares the parent's anonymous pages until it writes: then it has a new page", () => {
    for (const t of [all, filtered]) {
      const anonVpn = t.addresses.anon / PAGE;
      const parentAnon = at(t, anonVpn, 'parent');
      const childAnon = at(t, anonVpn, 'child');
      expect(parentAnon[0]!.op).toBe(OP_VM_WRITE);
      expect(childAnon.map((s) => s.op)).toEqual([OP_VM_WRITE]);
      // The child's write made a page of its own, never seen before; the parent keeps its page.
      expect(childAnon[0]!.first).toBe(true);
      expect(childAnon[0]!.page).not.toBe(parentAnon[0]!.page);
      for (const s of parentAnon) expect(s.page).toBe(parentAnon[0]!.page);
      // A page written before the fork and only read by the child is the parent's page.
      const inheritedVpn = t.addresses.inherited / PAGE;
      const parentInherited = at(t, inheritedVpn, 'parent');
      const childInherited = at(t, inheritedVpn, 'child');
      expect(childInherited.map((s) => s.op)).toEqual([OP_VM_READ]);
      expect(childInherited[0]!.page).toBe(parentInherited[0]!.page);
      expect(childInherited[0]!.first).toBe(false);
    }
  });

  it('without the filter, the parent reads the same pages again after the child exits', () => {
    const mapRefs = at(all, all.addresses.map / PAGE + 1, 'parent');
    expect(mapRefs.map((s) => s.op)).toEqual([OP_VM_READ, OP_VM_READ]);
    const anonRefs = at(all, all.addresses.anon / PAGE, 'parent');
    expect(anonRefs.map((s) => s.op)).toEqual([OP_VM_WRITE, OP_VM_READ]);
    expect(new Set(anonRefs.map((s) => s.page)).size).toBe(1);
  });

  it('a relative -o still reaches processes that change directory; an exec chain is one process', () => {
    const r = runCli(['collect', '-o', 'relative', '--json', '--quiet', '--', 'sh', '-c', 'cd / && exec /bin/true'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout) as CollectSummary;
    expect(summary.output).toBe(path.join(dir, 'relative'));
    // sh execs true in place: one process, two programs
    expect(summary.processes).toBe(1);
    expect(summary.leftOut.outsideMappings).toBe(0);
    const merged = runCli(['merge', path.join(dir, 'relative', 'kernel.gz'), path.join(dir, 'relative', 'refs.gz'), '--strict', '--json']);
    expect(merged.status).toBe(0);
    expect((JSON.parse(merged.stdout) as MergeSummary).processes).toBe(1);
  });

  it("programs whose stderr goes elsewhere (their startup table with it) still have their first mappings", () => {
    const r = runCli(['collect', '-o', path.join(dir, 'redirected'), '--json', '--quiet', '--', 'sh', '-c', 'cat /etc/hostname 2>/dev/null; ls / >/dev/null 2>&1'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as CollectSummary;
    expect(summary.processes).toBe(3);
    expect(summary.leftOut.outsideMappings).toBe(0);
    const merged = runCli(['merge', path.join(dir, 'redirected', 'kernel.gz'), path.join(dir, 'redirected', 'refs.gz'), '--strict', '--quiet']);
    expect(merged.status).toBe(0);
    expect(merged.stdout).toContain('warnings: none');
  });
});

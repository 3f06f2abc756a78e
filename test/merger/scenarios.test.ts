/**
 * One hand-written scenario per mechanism of the merge (fixtures in test/fixtures/merger), each
 * checked against the exact basic-named text worked out by hand in the comments.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMerge, type MergeRequest, type MergeSummary } from '../../merger/index.js';
import { tempDir } from '../helpers/cli.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/merger');
const dir = tempDir();
let counter = 0;

interface Merged {
  text: string;
  summary: MergeSummary;
}

/** Merges fixture `name` to basic-named text (header line dropped). */
async function merge(name: string, options: Partial<MergeRequest> & { kernelName?: string } = {}): Promise<Merged> {
  const output = path.join(dir, `out-${++counter}.txt`);
  const summary = await runMerge({
    kernel: path.join(FIXTURES, `${options.kernelName ?? name}.kernel.txt`),
    references: path.join(FIXTURES, `${name}.refs.txt`),
    format: 'basic-named',
    output,
    ...options,
  });
  const text = fs.readFileSync(output, 'utf8');
  return { text: text.slice(text.indexOf('\n') + 1), summary };
}

const lines = (...l: string[]): string => l.map((x) => x + '\n').join('');

describe('merge scenarios (basic-named, exact)', () => {
  it('fork, then the child writes: the child gets a new page, the rest stays shared', async () => {
    const { text, summary } = await merge('fork-child-write', { releases: true });
    // parent writes 0x10 (page 0), reads 0x11 (page 1); the child reads 0x11 through D (page 1),
    // writes 0x10 after its C (new page 2); the parent still sees page 0. Nothing dies.
    expect(text).toBe(lines('w 0 a', 'r 1 a', 'r 1 a', 'w 2 a', 'r 0 a'));
    expect(summary.processes).toBe(2);
    expect(summary.threads).toBe(2);
    expect(summary.warnings).toEqual({});
  });

  it('the same fork with A and D logged before F gives the same stream', async () => {
    const a = await merge('fork-child-write', { kernelName: 'fork-a-first', releases: true });
    expect(a.text).toBe(lines('w 0 a', 'r 1 a', 'r 1 a', 'w 2 a', 'r 0 a'));
    expect(a.summary.processes).toBe(2);
    expect(a.summary.warnings).toEqual({});
  });

  it('the parent writes after fork: the parent gets the new page; the original dies with the child', async () => {
    const { text } = await merge('parent-write', { releases: true });
    // page 0 written before fork; the parent's C gives it page 1; the child reads page 0;
    // u c2 drops the child's entry, the last one for page 0: x 0.
    expect(text).toBe(lines('w 0 a', 'w 1 a', 'r 0 a', 'x 0'));
  });

  it('threads share one address space and one process', async () => {
    const { text, summary } = await merge('threads');
    expect(text).toBe(lines('w 0 a', 'w 1 a', 'r 0 a', 'r 1 a'));
    expect(summary.processes).toBe(1);
    expect(summary.threads).toBe(2);
  });

  it('exec keeps the process and replaces its space: the same address is a new page', async () => {
    const { text, summary } = await merge('exec', { releases: true });
    // w page 0 in c1; u c1 kills it; after exec, 0x10 in c2 is a new page 1.
    expect(text).toBe(lines('w 0 a', 'x 0', 'r 1 a'));
    expect(summary.processes).toBe(1);
  });

  it('a file page read with read() is the same page through any mapping, in any process', async () => {
    const { text, summary } = await merge('file-read-mmap');
    // read() of [0x1800, 0x2800): file pages 1, 2 → 0, 1. Through the mapping at 0x40000000:
    // vpn 40001 = file page 1 → 0; 40000 = page 0 → 2 (new); 40002 = page 2 → 1. write() of
    // [0, 0x10) → page 0 → 2. Process 2 maps from file page 2: vpn 50000 → 1.
    expect(text).toBe(lines('< 0 f', '< 1 f', 'r 0 f', 'r 2 f', 'w 1 f', '> 2 f', 'r 1 f'));
    expect(summary.pages).toEqual({ total: 3, anonymous: 0, file: 3, sharedMemory: 0 });
    expect(summary.references.fsRead.file).toBe(2);
  });

  it('System V shared memory is shared by two processes and dies with its segment', async () => {
    const { text, summary } = await merge('shm', { releases: true });
    // segment page 1 (0 in c1's view at 0x60001, c2's at 0x70001) → 0; segment page 0 → 1.
    // Detaching kills nothing; / kills both, in ascending order.
    expect(text).toBe(lines('w 0 a', 'r 0 a', 'r 1 a', 'x 0', 'x 1'));
    expect(summary.pages).toEqual({ total: 2, anonymous: 0, file: 0, sharedMemory: 2 });
  });

  it('mremap moves pages with their identity; a grown part is new; the old address is unmapped', async () => {
    const { text, summary } = await merge('mremap');
    // before: 0x10 → 0, 0x11 → 1, 0x20 (lib.so page 5) → 2. After the moves: 0x50 → 0,
    // 0x51 → 1, 0x52 (grown) → 3, 0x30 → lib.so page 5 → 2, 0x10 → unmapped, new page 4.
    expect(text).toBe(lines('w 0 a', 'w 1 a', 'r 2 f', 'r 0 a', 'r 1 a', 'r 3 a', 'r 2 f', 'r 4 a'));
    expect(summary.warnings).toEqual({ 'unmapped-page': 1 });
  });

  it('munmap, then a new anonymous mapping at the same address: a new page', async () => {
    const { text } = await merge('munmap-remap', { releases: true });
    expect(text).toBe(lines('w 0 a', 'x 0', 'r 1 a'));
  });

  it('truncate and delete release file pages; a page past a truncation is new', async () => {
    const { text, summary } = await merge('truncate-delete', { releases: true });
    // write() of [0, 0x3000): pages 0-2 → 0, 1, 2; mapped page 3 → 3. Truncating to 0x1001 keeps
    // pages 0 and 1: x 2, x 3. Page 2 again → 4. Delete: x 0, x 1, x 4 (munmap kills no file page).
    expect(text).toBe(lines('> 0 f', '> 1 f', '> 2 f', 'r 3 f', 'x 2', 'x 3', 'r 4 f', 'x 0', 'x 1', 'x 4'));
    expect(summary.releases).toBe(5);
  });

  it('references out of cycle order within the window are merged in cycle order', async () => {
    // Arrival: cycles 10, 30, 20, 40. Merged: 10 (0x10 → 0), 20 (0x12 → 1), U of 0x12 at 25 (x 1),
    // 30 (0x11 → 2), 40 (0x12, now unmapped → 3).
    const expected = lines('w 0 a', 'w 1 a', 'x 1', 'w 2 a', 'r 3 a');
    for (const window of [1, 2, undefined]) {
      const { text, summary } = await merge('reorder', { releases: true, window });
      expect(text).toBe(expected);
      expect(summary.reorderedRecords).toBe(1);
    }
  });

  it('a reference beyond the window is an error naming the record, and leaves no output', async () => {
    const output = path.join(dir, 'late.txt');
    await expect(
      runMerge({ kernel: path.join(FIXTURES, 'reorder.kernel.txt'), references: path.join(FIXTURES, 'reorder.refs.txt'), output, window: 0 }),
    ).rejects.toThrow(/reorder\.refs\.txt: line 3: record arrives too late: its cycle 0x20 is earlier than the cycle 0x30 of a reference already merged, more than the window of 0 records allows/);
    expect(fs.existsSync(output)).toBe(false);
  });
});

describe('edge cases', () => {
  /** Merges inline traces; returns the basic-named text and the summary. */
  async function mergeInline(kernel: string, refs: string, options: Partial<MergeRequest> = {}): Promise<Merged> {
    const n = ++counter;
    const k = path.join(dir, `inline-${n}.kernel.txt`);
    const r = path.join(dir, `inline-${n}.refs.txt`);
    fs.writeFileSync(k, kernel);
    fs.writeFileSync(r, refs);
    const output = path.join(dir, `inline-${n}.out.txt`);
    const summary = await runMerge({ kernel: k, references: r, output, ...options });
    const text = fs.readFileSync(output, 'utf8');
    return { text: text.slice(text.indexOf('\n') + 1), summary };
  }

  it('a reference in one space while a task of another runs: attributed to its own space\'s task, counted', async () => {
    const kernel = 'A 1 0 1 c1\nm 2 0 1 10000 1000\nA 3 0 2 c2\nm 4 0 2 10000 1000\nS 5 0 1\nS 20 0 2\n';
    const owners: string[] = [];
    const { summary } = await mergeInline(kernel, 'w 10 0 c1 10\nr 21 0 c1 10\nr 22 0 c2 10\n', {
      consumers: [{ reference: (ev) => void owners.push(`${ev.process?.label}/${ev.task?.label}`) }],
    });
    expect(owners).toEqual(['1/1', '1/1', '2/2']);
    expect(summary.warnings).toEqual({ 'task-mismatch': 1 });
  });

  it('a device mapping is anonymous memory; read() of a pipe makes no references', async () => {
    const kernel = 'A 1 0 1 c1\nS 2 0 1\nM 3 0 1 10000 1000 5 1 3 0 d /dev/zero\n( 4 0 1 9 0 7 0 p pipe:[9]\n< 5 0 1 9 0 7 0 200\n';
    const { text, summary } = await mergeInline(kernel, 'w 10 0 c1 10\n');
    expect(text).toBe(lines('w 0 a'));
    expect(summary.nonFileIo).toBe(1);
    expect(summary.pages).toEqual({ total: 1, anonymous: 1, file: 0, sharedMemory: 0 });
  });

  it('a reused context or pid without u or T is repaired and counted', async () => {
    // c1 is assigned again to pid 2 while pid 1 still has it: the old space goes (x 0)
    const kernel = 'A 1 0 1 c1\nm 2 0 1 10000 1000\nS 3 0 1\nA 20 0 2 c1\nm 21 0 2 10000 1000\nF 30 0 2 2\n';
    const { text, summary } = await mergeInline(kernel, 'w 10 0 c1 10\nr 25 0 c1 10\n', { releases: true });
    expect(text).toBe(lines('w 0 a', 'x 0', 'r 1 a'));
    // pid 1 still runs (S 3) but c1 is now pid 2's space: task-mismatch as well
    expect(summary.warnings).toEqual({ 'context-reused': 1, 'task-mismatch': 1, 'pid-reused': 1 });
  });
});

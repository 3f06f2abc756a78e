import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { formatTextHeader, formatTextRecords } from '../../traces/index.js';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/examples');

interface Run {
  label: string;
  frames: number;
  window?: number;
  counters: { faults: number; hits: number; softFaults: number };
}

describe('policies through the real CLI', () => {
  const dir = tempDir();
  // The classic Belady string: 1,2,3,4,1,2,5,1,2,3,4,5 (pages 0…4 once renumbered).
  const belady = [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5].map((p) => p - 1);
  const trace = path.join(dir, 'belady.txt');
  fs.writeFileSync(trace, formatTextHeader({ format: 'basic', pageSize: 4096, releases: false }) + formatTextRecords(Uint32Array.from(belady), new Uint8Array(belady.length), 0, belady.length, 'basic'));

  const runs = (args: string[]): Run[] => {
    const r = runCli(['simulate', trace, '--json', '-q', ...args]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return JSON.parse(r.stdout).runs as Run[];
  };
  const faults = (list: Run[], label: string, frames: number): number => list.find((r) => r.label === label && r.frames === frames)!.counters.faults;

  it('loads the full-interface example (docs/examples/lifoPolicy.js) and replays it in worker threads', () => {
    const list = runs(['--policy-module', path.join(examples, 'lifoPolicy.js'), '-p', 'lifo,fifo', '-s', '3,4', '-j', '2']);
    // Hand-checked: LIFO keeps 1 and 2 and cycles the last frame: 8 faults at 3 frames, 7 at 4.
    expect([faults(list, 'lifo', 3), faults(list, 'lifo', 4)]).toEqual([8, 7]);
    expect([faults(list, 'fifo', 3), faults(list, 'fifo', 4)]).toEqual([9, 10]);
  });

  it('loads the hook-style example (docs/examples/mfuHooks.js) with a parameter', () => {
    const list = runs(['--policy-module', path.join(examples, 'mfuHooks.js'), '-p', 'mfu,mfu:halfLife=4', '-s', '3']);
    // Hand-checked: every count is 1 until 4 and 5 are hit at the end, so MFU evicts the lowest page.
    expect(faults(list, 'mfu', 3)).toBe(10);
    expect(list.map((r) => r.label).sort()).toEqual(['mfu', 'mfu(halfLife=4)']);
  });

  it('lists every built-in policy with its parameters and defaults', () => {
    const r = runCli(['simulate', '--list-policies']);
    expect(r.status).toBe(0);
    for (const name of ['lru-k', 'segq', 'arc', '2q', 'lirs', 's3-fifo', 'sieve', 'clock-pro', 'linux', 'mglru', 'eelru', 'gclock', 'lfu', 'mru', 'random', 'ws', 'vmin']) {
      expect(r.stdout).toMatch(new RegExp(`^${name}\\s`, 'm'));
    }
    expect(r.stdout).toMatch(/lru-k\s+k=2 crp=0 rip=inf/);
    expect(r.stdout).toMatch(/segq\s+inactive=0\.333\d* active=clock/);
    expect(r.stdout).toMatch(/clock-pro\s+variant=adaptive cold=0\.05 startup=hot repeats=ignore/);
    expect(r.stdout).toMatch(/linux\s+swappiness=60 refaults=true/);
  });

  it('runs parameterised policies, soft faults and variable-space windows', () => {
    const list = runs(['-p', 'lru-k:k=2:crp=1,segq:active=fifo,ws,vmin', '-s', '3', '--windows', '1,3,12']);
    expect(list.find((r) => r.label === 'lru-k(crp=1)')!.counters.faults).toBeGreaterThan(0);
    // SEGQ FIFO+LRU with I = 1 on the Belady string: the soft faults are the references to the inactive page.
    const segq = list.find((r) => r.label === 'segq(active=fifo)')!;
    expect(segq.counters.softFaults).toBeGreaterThan(0);
    expect(segq.counters.faults + segq.counters.hits).toBe(12);
    const ws = list.filter((r) => r.label === 'ws').sort((a, b) => a.window! - b.window!);
    expect(ws.map((r) => r.window)).toEqual([1, 3, 12]);
    // τ = 1: every reference faults (no page repeats immediately), one page resident.
    expect(ws[0]!.counters.faults).toBe(12);
    expect(ws[0]!.frames).toBe(1);
    // τ = 12 ≥ the stream: only the 5 compulsory faults.
    expect(ws[2]!.counters.faults).toBe(5);
    const vmin = list.filter((r) => r.label === 'vmin').sort((a, b) => a.window! - b.window!);
    expect(vmin.map((r) => r.counters.faults)).toEqual(ws.map((r) => r.counters.faults));
  });

  it("prints the variable-space runs in a table of their own, a row per window (they have no memory size of the fixed runs' table)", () => {
    const r = runCli(['simulate', trace, '-q', '-p', 'lru,ws', '-s', '3', '--windows', '1,12']);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines).toContain('variable-space runs (faults, and the mean resident pages each window gave)');
    // τ = 1: 12 faults, one page resident; τ = 12: the 5 compulsory faults (as the JSON runs above).
    expect(lines.find((l) => l.startsWith('1 '))).toMatch(/^1\s+12\s+1\.0$/);
    expect(lines.find((l) => l.startsWith('12 '))).toMatch(/^12\s+5\s+\d+\.\d$/);
    // The fixed-size table still has LRU at 3 frames.
    expect(lines.find((l) => l.startsWith('3 '))).toMatch(/^3\s+\d+$/);
  });

  it.each([
    [['-p', 'lru-k:k=0'], /lru-k: parameter k=0 is invalid: expected a value in 1…16/],
    [['-p', 'segq:active=lru'], /segq: parameter active=lru is invalid: expected one of clock, fifo/],
    [['-p', 'lru-k:crp=inf'], /lru-k: parameter crp=inf is invalid/],
    [['--policy-module', 'nowhere.js', '-p', 'lru'], /nowhere\.js: policy module not found/],
  ])('rejects %j with one line and status 2', (args, message) => {
    const r = runCli(['simulate', trace, '-s', '3', '-q', ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('rejects a module that exports no policy', () => {
    const empty = path.join(dir, 'empty.js');
    fs.writeFileSync(empty, 'export const x = 1;\n');
    const r = runCli(['simulate', trace, '-s', '3', '-q', '--policy-module', empty]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/exports no policy/);
  });
});

describe('policy modules run under the checker (real CLI)', () => {
  const dir = tempDir();
  const trace = path.join(dir, 'cycle.txt');
  // Pages 0,1,2,3 twice: at 2 frames a policy that never evicts is caught at the third record.
  const pages = [0, 1, 2, 3, 0, 1, 2, 3];
  fs.writeFileSync(trace, formatTextHeader({ format: 'basic', pageSize: 4096, releases: false }) + formatTextRecords(Uint32Array.from(pages), new Uint8Array(pages.length), 0, pages.length, 'basic'));
  const neverEvict = path.join(dir, 'neverEvict.js');
  fs.writeFileSync(neverEvict, `export default {
  name: 'never-evict', summary: 'keeps everything', source: 'none', params: [],
  create(setup) {
    const resident = new Set();
    return {
      replay(view, from, to, events) {
        for (let i = from; i < to; i++) {
          const p = view.pages[i], c = view.codes[i];
          if (resident.has(p)) events.hit(c, p); else { resident.add(p); events.fault(c, p); }
        }
      },
      residentPages: () => [...resident],
    };
  },
};
`);

  it.each([['1'], ['2']])('a policy that never evicts stops the run with exit 2 and one line (-j %s)', (jobs) => {
    const out = path.join(dir, `out-${jobs}`);
    const r = runCli(['simulate', trace, '-q', '--policy-module', neverEvict, '-p', 'never-evict,lru', '-s', '2,3', '-j', jobs, '-o', out]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    // Workers run both sizes at once: whichever fails first is reported (2 frames: record 3; 3: record 4).
    expect(r.stderr).toMatch(/^faultline: .*neverEvict\.js: policy never-evict: record (3: memory holds 3 pages in 2|4: memory holds 4 pages in 3) frames/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('a name that is not a policy name is refused with the module named', () => {
    const bad = path.join(dir, 'badName.js');
    fs.writeFileSync(bad, 'export default { name: "Bad Name", createHooks: () => ({}) };\n');
    const r = runCli(['simulate', trace, '-q', '--policy-module', bad, '-p', 'lru', '-s', '2']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/badName\.js: policy name "Bad Name" must be a string of lower-case letters/);
  });
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles, runCli, tempDir } from '../helpers/cli.js';
import { randomStream } from '../helpers/randomStreams.js';
import { TraceWriter, formatTextHeader, formatTextRecords } from '../../traces/index.js';

describe('faultline simulate end to end', () => {
  const dir = tempDir();
  const s = randomStream(3, { length: 3000, universe: 200, named: true, releaseRate: 0.005 });
  const trace = path.join(dir, 'trace.txt');
  fs.writeFileSync(trace, formatTextHeader({ format: 'basic-named', pageSize: 4096, releases: true }) + formatTextRecords(Uint32Array.from(s.pages), Uint8Array.from(s.codes), 0, s.pages.length, 'basic-named'));

  it('writes results.json and results.csv with every run and the exact command', () => {
    const out = path.join(dir, 'out');
    const r = runCli(['simulate', trace, '-p', 'lru,fifo', '-p', 'clock:refOnInsert=0,opt', '-s', '10,50%,64KiB', '--warmup', '100', '--partition', '0.5', '-o', out, '-q']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));
    expect(results.schema).toBe('faultline-results/1');
    const pages = Math.max(...s.pages) + 1;
    expect(results.sizes).toEqual([10, 16, Math.round(pages / 2)]);
    expect(results.warmup).toBe(100);
    expect(results.command).toContain("simulate");
    expect(results.command).toContain('clock:refOnInsert=0,opt');
    expect(results.trace).toMatchObject({ name: 'trace', format: 'basic-named', references: s.codes.filter((c) => !(c & 4)).length, pages });
    expect(results.runs).toHaveLength(4 * 3 * 2);
    expect(new Set(results.runs.map((run: { label: string }) => run.label))).toEqual(new Set(['lru', 'fifo', 'clock(refOnInsert=0)', 'opt']));
    const csv = fs.readFileSync(path.join(out, 'results.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(1 + results.runs.length);
    expect(csv[0]).toMatch(/^trace,policy,label,mode,frames,/);
    expect(r.stdout).toMatch(/frames\s+lru\s+lru \[50% anon\]\s+fifo\s+fifo \[50% anon\]\s+clock\(refOnInsert=0\)/);
  });

  it('--json prints the results; --stream gives the same runs for streamable policies', () => {
    const loaded = JSON.parse(runCli(['simulate', trace, '-p', 'lru,clock', '-s', '5,20', '--json', '-q', '--per-size']).stdout);
    const streamed = JSON.parse(runCli(['simulate', trace, '-p', 'lru,clock', '-s', '5,20', '--json', '-q', '--stream', '--per-size']).stdout);
    expect(streamed.runs).toEqual(loaded.runs);
    // LRU's and OPT's one-pass curves are fed by the stream too (releases and a warm-up included; OPT's after a look-ahead pass).
    const onePass = (stream: string[]): unknown => JSON.parse(runCli(['simulate', trace, '-p', 'lru,opt', '-s', '5,20,40', '--warmup', '300', '--json', '-q', '--one-pass', ...stream]).stdout).runs;
    expect(onePass(['--stream'])).toEqual(onePass([]));
  });

  it('streams a single replay of a binary stream with declared counts, with the loaded text stream\'s results', () => {
    const bin = path.join(dir, 'trace.bin');
    const w = new TraceWriter(bin, { format: 'basic-named', pageSize: 4096, releases: true });
    s.pages.forEach((p, i) => w.append(s.codes[i]!, p));
    w.close();
    const run = (file: string, policy: string): { command: string; trace: { file: string } } => JSON.parse(runCli(['simulate', file, '-p', policy, '-s', '30', '--warmup', '100', '--partition', '0.4', '--no-unified', '--json', '-q']).stdout);
    for (const policy of ['fifo', 'lru', 'arc']) {
      const streamed = run(bin, policy);
      const loaded = run(trace, policy);
      expect({ ...streamed, command: '', trace: { ...streamed.trace, file: '' } }).toEqual({ ...loaded, command: '', trace: { ...loaded.trace, file: '' } });
    }
  });

  it('a streamed run that meets a bad record fails like a load: one line, exit 2, nothing written', () => {
    const bad = path.join(dir, 'bad.bin');
    const w = new TraceWriter(bad, { format: 'basic', pageSize: 4096 });
    for (let i = 0; i < 500; i++) w.append(0, i % 50);
    w.close();
    const bytes = fs.readFileSync(bad);
    bytes[32 + 5 * 321] = 0x7f;
    fs.writeFileSync(bad, bytes);
    const out = path.join(dir, 'bad-out');
    const r = runCli(['simulate', bad, '-p', 'fifo', '-s', '10', '-o', out, '-q']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/bad\.bin: record 322 \(byte 1637\): invalid record code 0x7f/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('--list-policies shows every policy with its parameters', () => {
    const r = runCli(['simulate', '--list-policies']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/clock\s+refOnInsert=1\s+Second-chance/);
    expect(r.stdout).toMatch(/\nopt\s/);
  });

  const userErrors: [string, string[], RegExp][] = [
    ['an unknown policy (listing the available ones)', ['-p', 'lru,nosuch'], /unknown policy "nosuch"; available: lru, fifo, clock, opt/],
    ['a bad size', ['-s', '10,abc'], /bad memory size "abc"/],
    ['a zero size', ['-s', '0'], /bad memory size "0": memory needs at least one frame/],
    ['a bad parameter value', ['-p', 'clock:refOnInsert=2'], /clock: parameter refOnInsert=2 is invalid/],
    ['an unknown parameter', ['-p', 'clock:hand=2'], /clock: unknown parameter "hand" \(parameters: refOnInsert\)/],
    ['a cost expression without time units', ['--cost', 'faults * 3'], /must give a time/],
    ['an unknown cost preset', ['--cost', 'tape'], /unknown cost model "tape"/],
    ['a bad warm-up', ['--warmup', 'lots'], /--warmup lots: give a number of references or a fraction/],
    ['OPT replayed per size on a streamed trace', ['-p', 'opt', '--stream', '--per-size'], /--stream cannot run opt: it needs the whole trace in advance/],
    ['a bad partition share', ['--partition', '1.5'], /--partition 1\.5: an anonymous share lies strictly between 0 and 1/],
  ];
  for (const [what, args, message] of userErrors) {
    it(`${what}: one line, exit 2, nothing written`, () => {
      const out = path.join(dir, `bad-${what.replace(/\W+/g, '-')}`);
      const r = runCli(['simulate', trace, ...args, '-o', out, '-q']);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(fs.existsSync(out)).toBe(false);
    });
  }

  it('a missing trace file', () => {
    const r = runCli(['simulate', path.join(dir, 'absent.bin')]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(`faultline: ${path.join(dir, 'absent.bin')}: no such file`);
  });

  it('leaves no temporary files behind', () => {
    expect(listFiles(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});

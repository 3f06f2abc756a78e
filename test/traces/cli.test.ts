import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

describe('faultline cat / convert / stats on real files', () => {
  const dir = tempDir();
  const text = '#faultline basic-named page-size=4096 releases\nr 0 a\nw 1 f\n< 1 f\n> 2 f\nr 0 a\nx 0\n';
  fs.writeFileSync(path.join(dir, 't.txt'), text);

  it('convert then cat gives the text back, through every form', () => {
    for (const out of ['t.bin', 't.bin.gz', 't.txt.gz']) {
      const c = runCli(['convert', path.join(dir, 't.txt'), path.join(dir, out), '--quiet']);
      expect(c.status).toBe(0);
      const r = runCli(['cat', path.join(dir, out)]);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(text);
    }
  });

  it('cat --no-header prints only records', () => {
    const r = runCli(['cat', '--no-header', path.join(dir, 't.bin.gz')]);
    expect(r.stdout).toBe(text.split('\n').slice(1).join('\n'));
  });

  it('stats --json', () => {
    const r = runCli(['stats', '--json', path.join(dir, 't.bin.gz')]);
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ references: 5, distinctPages: 3, releases: 1, vmReads: 2, vmWrites: 1, fsReads: 1, fsWrites: 1, anonPages: 1, filePages: 2, footprintKiB: 12, gzip: true, form: 'binary' });
  });

  it('stats prints a table for people', () => {
    const r = runCli(['stats', path.join(dir, 't.txt')]);
    expect(r.stdout).toMatch(/references\s+5\n/);
    expect(r.stdout).toMatch(/footprint\s+12 KiB\n/);
  });

  it('an unknown command or option is a usage error (exit 2)', () => {
    expect(runCli(['frobnicate']).status).toBe(2);
    const r = runCli(['stats', path.join(dir, 't.txt'), '--bogus']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Unknown argument/);
  });

  it('--help lists the commands', () => {
    const r = runCli(['--help']);
    expect(r.status).toBe(0);
    for (const c of ['cat', 'convert', 'stats']) expect(r.stdout).toContain(`faultline ${c}`);
  });
});

/**
 * Studies under allocations across processes (`model.allocation`), end to end through the built
 * CLI: a study comparing global and local allocation on a tagged trace gathers the counters that
 * single `faultline simulate --allocation` runs give; an untagged trace is refused at planning.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withTraceWriter, type Results } from '../../index.js';
import type { StudyTable } from '../../studies/index.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { randomTaggedTrace } from '../helpers/randomTagged.js';

const dir = tempDir('faultline-study-alloc-');
const SIZES = [6, 12, 24];

async function writeTagged(file: string): Promise<void> {
  const { trace, table } = randomTaggedTrace(11, { length: 6000, processes: 4, privatePages: 10, releaseRate: 0.01 });
  await withTraceWriter(file, { format: 'basic-named', pageSize: 4096, releases: true, tagged: true }, (w) => {
    w.appendChunk(trace.pages, trace.codes, trace.length, trace.tags!.processes, trace.tags!.threads);
    w.setProcessTable(table);
  });
}

function spec(name: string, traces: string[]): string {
  const file = path.join(dir, name);
  const lines = [`traces: ${JSON.stringify(traces)}`, 'policies: [lru, fifo]', `sizes: ${JSON.stringify(SIZES)}`, 'warmup: 5%', 'summary: {fractions: [0.5]}', 'model:', '  allocation: [global, "equal:charge=first"]'];
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

describe('a study under model.allocation', () => {
  it('gathers, per allocation, the counters of single simulate --allocation runs', async () => {
    const tagged = path.join(dir, 'tagged.bin');
    await writeTagged(tagged);
    const out = path.join(dir, 'study');
    const plan = runCli(['study', 'plan', spec('study.yaml', ['tagged.bin']), '-o', out]);
    expect(plan.stderr).toBe('');
    expect(plan.status).toBe(0);
    const run = runCli(['study', 'run', out, '-j', '1', '-q']);
    expect(run.status, run.stderr).toBe(0);
    expect(runCli(['study', 'gather', out, '-q']).status).toBe(0);
    const table = JSON.parse(fs.readFileSync(path.join(out, 'study.json'), 'utf8')) as StudyTable;
    const header = fs.readFileSync(path.join(out, 'study.csv'), 'utf8').split('\n')[0]!.split(',');
    expect(header.slice(header.indexOf('mode'), header.indexOf('mode') + 2)).toEqual(['mode', 'allocation']);

    const fromStudy = new Map(table.rows.map((r) => [`${r.label} ${r.allocation} ${r.frames}`, r.counters]));
    let compared = 0;
    for (const allocation of ['global', 'equal:charge=first']) {
      // The study's sizes: the spec's frames plus half the footprint (the summary fraction).
      const half = Math.round(table.traces[0]!.pages * 0.5);
      const single = runCli(['simulate', tagged, '-p', 'lru,fifo', '--allocation', allocation, '-s', [...SIZES, half].join(','), '--warmup', '5%', '--json', '-q', '-j', '1']);
      expect(single.status, single.stderr).toBe(0);
      for (const r of (JSON.parse(single.stdout) as Results).runs) {
        expect(fromStudy.get(`${r.label} ${r.allocation!.label} ${r.frames}`), `${r.label} ${r.allocation!.label} ${r.frames}`).toEqual(r.counters);
        compared++;
      }
    }
    // 2 policies × 2 allocations × 4 sizes, and nothing else in the table.
    expect(compared).toBe(16);
    expect(table.rows).toHaveLength(16);
    expect(new Set(table.rows.map((r) => r.allocation))).toEqual(new Set(['global', 'equal(charge=first)']));
    // Local and global allocation differ somewhere, or the comparison would prove nothing.
    expect(table.rows.some((r) => r.allocation === 'global' && fromStudy.get(`${r.label} equal(charge=first) ${r.frames}`)!.faults !== r.counters.faults)).toBe(true);
  });

  it('refuses an untagged trace at planning, naming the spec file, line and key (one line, exit 2)', () => {
    const plain = path.join(dir, 'plain.bin');
    expect(runCli(['synth', '--irm', 'zipf', '--length', '2000', '--seed', '1', '-o', plain, '-q']).status).toBe(0);
    const file = spec('untagged.yaml', ['plain.bin']);
    const out = path.join(dir, 'never');
    const r = runCli(['study', 'plan', file, '-o', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`faultline: ${file}: line 7: model.allocation: trace plain (${plain}) is not a tagged stream (no process for each reference), which allocations need: the merger writes one with format tagged\n`);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('refuses, at planning, partitions over a basic trace (pages without a kind), which every task would otherwise fail on', () => {
    const plain = path.join(dir, 'plain-basic.bin');
    expect(runCli(['synth', '--irm', 'zipf', '--length', '2000', '--seed', '1', '-o', plain, '-q']).status).toBe(0);
    const file = path.join(dir, 'partitions.yaml');
    fs.writeFileSync(file, ['traces: [plain-basic.bin]', 'policies: [lru]', 'sizes: [8]', 'model:', '  partitions: [0.5]'].join('\n') + '\n');
    const out = path.join(dir, 'never-partitioned');
    const r = runCli(['study', 'plan', file, '-o', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`faultline: ${file}: line 5: model.partitions: trace plain-basic (${plain}) is a basic stream (pages without a kind), and partitioned runs need basic-named pages (anonymous or file)\n`);
    expect(fs.existsSync(out)).toBe(false);
  });
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { InputError } from '../../traces/index.js';
import { readSpec } from '../../studies/index.js';

const dir = tempDir('faultline-spec-');

function writeSpec(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

async function specError(name: string, text: string): Promise<string> {
  try {
    await readSpec(writeSpec(name, text));
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('the spec was accepted');
}

describe('study specs', () => {
  it('fills in every default for the minimal spec', async () => {
    const { spec } = await readSpec(writeSpec('min.json', '{"traces": ["t.bin"], "policies": ["lru", "fifo"], "sizes": ["auto"]}'));
    expect(spec).toEqual({
      name: '',
      traces: ['t.bin'],
      policies: [
        { policy: 'lru', params: {}, label: 'lru', seeds: [1] },
        { policy: 'fifo', params: {}, label: 'fifo', seeds: [1] },
      ],
      sizes: ['auto'],
      warmup: '0',
      model: { unified: true, partitions: [], cost: 'ssd', method: 'auto', allocations: [] },
      policyModules: [],
      taskSeconds: 60,
      // FIFO is the baseline when the study has it (the comparison modern cache papers draw).
      summary: { baseline: 'fifo', fractions: [0.01, 0.1] },
    });
  });

  it('expands parameter grids (first key slowest), merges duplicate configurations and their seeds', async () => {
    const yaml = [
      'traces: t.bin',
      'sizes: [100, 10%]',
      'seeds: [1, 2]',
      'policies:',
      '  - policy: lru-k',
      '    params: {k: [2, 3], crp: [0, 10]}',
      '  - lru-k:k=2',
      '  - policy: random',
      '    seeds: [7]',
      '  - policy: random',
      '    seeds: [8, 7]',
    ].join('\n');
    const { spec } = await readSpec(writeSpec('grid.yaml', yaml));
    expect(spec.policies.map((p) => [p.label, p.seeds])).toEqual([
      ['lru-k', [1, 2]],
      ['lru-k(crp=10)', [1, 2]],
      ['lru-k(k=3)', [1, 2]],
      ['lru-k(k=3,crp=10)', [1, 2]],
      ['random', [7, 8]],
    ]);
    expect(spec.policies[2]!.params).toEqual({ k: 3, crp: 0, rip: 'inf' });
    expect(spec.sizes).toEqual(['100', '10%']);
    expect(spec.summary.baseline).toBe('lru-k');
  });

  it('names the key and the line of every mistake, in JSON and in YAML', async () => {
    const json = '{\n  "traces": ["t.bin"],\n  "policies": [\n    "lru",\n    {"policy": "lru-k", "params": {"k": [2, -1]}}\n  ],\n  "sizes": ["auto"]\n}\n';
    expect(await specError('a.json', json)).toMatch(/a\.json: line 5: policies\[1\]\.params: lru-k: parameter k=-1 is invalid/);
    expect(await specError('b.yaml', 'traces: [t.bin]\npolicies: [lru]\nsizes:\n  - auto\n  - -5\n')).toMatch(/b\.yaml: line 5: sizes\[1\]: bad memory size "-5"/);
    expect(await specError('c.yaml', 'traces: [t.bin]\npolicies: [lru, nosuch]\nsizes: [auto]\n')).toMatch(/c\.yaml: line 2: policies\[1\]: .*nosuch/);
    expect(await specError('d.yaml', 'traces: [t.bin]\npolicies: [lru]\nsizes: [auto]\nmodel:\n  partition: [0.5]\n')).toMatch(/d\.yaml: line 5: model\.partition: unknown key \(known: unified, partitions, cost, method, allocation\)/);
    expect(await specError('e.yaml', 'traces: [t.bin]\npolicies: [lru]\nsizes: [auto]\nmodel: {cost: "faults * 4 parsecs"}\n')).toMatch(/e\.yaml: line 4: model\.cost: /);
    expect(await specError('f.yaml', 'traces: [t.bin]\npolicies: [lru]\nsizes: [auto]\nsummary:\n  baseline: fifo\n')).toMatch(/f\.yaml: line 5: summary\.baseline: "fifo" is not one of the study's policies \(lru\)/);
    expect(await specError('g.json', '{"traces": ["t.bin"],\n "policies": ["lru"]}')).toMatch(/g\.json: line 1: the spec needs "sizes"/);
    expect(await specError('h.json', '{"traces": ["t.bin"],\n "policies": ["lru"],,\n}')).toMatch(/h\.json: line 2: not valid JSON/);
    expect(await specError('i.yaml', 'traces: [t.bin]\npolicies: [lru]\nsizes: [auto]\nwarmup: 150%\n')).toMatch(/i\.yaml: line 4: warmup: 150%: a fraction must be below 1/);
    expect(await specError('j.yaml', 'traces: [t.bin]\npolicies: [lru]\nsizes: [auto]\nseeds: [1, 1.5]\n')).toMatch(/j\.yaml: line 4: seeds\[1\]: a seed is a whole number/);
    expect(await specError('k.yaml', 'traces: [t.bin]\ntraces: [u.bin]\n')).toMatch(/k\.yaml: line 2: not a valid spec: .*unique/i);
  });
});

describe('model.allocation', () => {
  it('takes a value or a list, in simulate --allocation syntax, read by the library parser; duplicates run once', async () => {
    const { spec } = await readSpec(writeSpec('alloc.yaml', 'traces: [t.bin]\npolicies: [lru]\nsizes: [auto]\nmodel:\n  allocation: [global, "equal,ws:window=500", global]\n'));
    expect(spec.model.allocations).toEqual([
      { name: 'global', label: 'global', params: { charge: 'loader' } },
      { name: 'equal', label: 'equal', params: { charge: 'loader' } },
      { name: 'ws', label: 'ws(window=500)', params: { charge: 'loader', window: 500 } },
    ]);
    const one = await readSpec(writeSpec('alloc1.yaml', 'traces: [t.bin]\npolicies: [lru]\nsizes: [auto]\nmodel: {allocation: "pff:charge=first"}\n'));
    expect(one.spec.model.allocations.map((a) => a.label)).toEqual(['pff(threshold=1000,charge=first)']);
  });

  it('names the spec file, line and key of a bad allocation, and of one that cannot combine with partitions', async () => {
    expect(await specError('l.yaml', 'traces: [t.bin]\npolicies: [lru]\nsizes: [auto]\nmodel:\n  allocation:\n    - global\n    - equal:window=3\n')).toBe(
      `${path.join(dir, 'l.yaml')}: line 7: model.allocation[1]: "equal:window=3": equal takes no parameter "window" (it takes charge)`,
    );
    expect(await specError('m.yaml', 'traces: [t.bin]\npolicies: [lru]\nsizes: [auto]\nmodel:\n  allocation: fair\n')).toMatch(/m\.yaml: line 5: model\.allocation: "fair": unknown allocation "fair"/);
    expect(await specError('n.yaml', 'traces: [t.bin]\npolicies: [lru]\nsizes: [auto]\nmodel:\n  partitions: [0.5]\n  allocation: global\n')).toMatch(/n\.yaml: line 6: model\.allocation: cannot be combined with `partitions`/);
  });
});

describe('the spec in docs/studies.md', () => {
  it('is valid, and means what the page says', async () => {
    const page = fs.readFileSync(path.join(import.meta.dirname, '../../docs/studies.md'), 'utf8');
    const yaml = /```yaml\n([\s\S]*?)```/.exec(page)![1]!;
    // Its policy module is the reader's own file: leave it out.
    const { parseSpecText, validateSpec } = await import('../../studies/spec.js');
    const { value, src } = parseSpecText('studies.md.yaml', yaml.replace(/^policyModules:.*$/m, ''));
    const spec = await validateSpec(value, src);
    expect(spec.traces).toHaveLength(4);
    expect(spec.policies.map((p) => p.label)).toEqual(['lru', 'fifo', 'clock(refOnInsert=0)', 'lru-k', 'lru-k(crp=100)', 'lru-k(crp=1000)', 'lru-k(k=3)', 'lru-k(k=3,crp=100)', 'lru-k(k=3,crp=1000)', 'random', 'arc', 'opt']);
    expect(spec.policies.find((p) => p.policy === 'random')!.seeds).toEqual([1, 2, 3, 4, 5]);
    expect(spec.model).toEqual({ unified: true, partitions: [0.25, 0.5], cost: 'ssd', method: 'auto', allocations: [] });
    expect(spec.summary).toEqual({ baseline: 'fifo', fractions: [0.001, 0.1] });
  });
});

/** The Consumer API: every callback, in merged time order, with the right tasks, processes and pages. */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OP_LETTERS } from '../../traces/index.js';
import { runMerge, type Consumer, type MergeSummary } from '../../merger/index.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/merger');

/** Merges a fixture into a consumer that writes each event as one line. */
async function record(name: string): Promise<{ events: string[]; summary: MergeSummary }> {
  const events: string[] = [];
  const hex = (n: number): string => n.toString(16);
  const consumer: Consumer = {
    begin: (s) => void events.push(`begin ${s.layout} ${s.pageSize}`),
    processStart: (p) => void events.push(`process+ ${p.label} parent=${p.parent?.label ?? '-'} name=${p.name}`),
    processExit: (p) => void events.push(`process- ${p.label} @${hex(p.exitCycle!)}`),
    taskStart: (t) => void events.push(`task+ ${t.process.label}/${t.label} @${hex(t.startCycle)}`),
    taskExit: (t) => void events.push(`task- ${t.process.label}/${t.label} @${hex(t.exitCycle!)}`),
    exec: (t, program, cycle) => void events.push(`exec ${t.label} ${program} @${hex(cycle)}`),
    mapping: (m) =>
      void events.push(`${m.change} c${hex(m.context)} ${m.process?.label ?? '-'} ${hex(m.address)}+${hex(m.length)}${m.change === 'move' ? ` from ${hex(m.oldAddress)}+${hex(m.oldLength)}` : ''}${m.backing ? ` ${m.backing}` : ''}${m.file ? ` ${m.file.name}@${m.pageOffset}` : ''}`),
    file: (f) => void events.push(`file ${f.change} ${f.file.name || f.file.inode} size=${hex(f.size)} by=${f.task?.label ?? '-'}`),
    reference: (r) =>
      void events.push(
        `${OP_LETTERS[r.op]} ${hex(r.page)} ${r.pageClass}${r.first ? ' first' : ''} ${r.process?.label ?? '-'}/${r.task?.label ?? '-'} @${hex(r.cycle)}${r.vpn >= 0 ? ` vpn=${hex(r.vpn)}` : ''}${r.file ? ` ${r.file.name}[${r.filePage}]` : ''}${r.multiple ? ' multiple' : ''}`,
      ),
    release: (r) => void events.push(`x ${hex(r.page)} ${r.pageClass} ${r.cause}`),
    end: (s) => void events.push(`end ${s.references.total}`),
  };
  const summary = await runMerge({ kernel: path.join(FIXTURES, `${name}.kernel.txt`), references: path.join(FIXTURES, `${name}.refs.txt`), consumers: [consumer] });
  return { events, summary };
}

describe('consumer events', () => {
  it('fork: process and task starts, mappings, COW, references attributed to each process', async () => {
    const { events } = await record('fork-child-write');
    expect(events).toEqual([
      'begin text 4096',
      'process+ 1 parent=- name=',
      'task+ 1/1 @1',
      'map cc1 1 10000+2000 anonymous',
      'w 0 anonymous first 1/1 @5 vpn=10',
      'r 1 anonymous first 1/1 @6 vpn=11',
      'process+ 2 parent=1 name=',
      'task+ 2/2 @10',
      'r 1 anonymous 2/2 @21 vpn=11',
      'cow cc2 2 10000+1000',
      'w 2 anonymous first 2/2 @23 vpn=10',
      'r 0 anonymous 1/1 @31 vpn=10',
      'end 5',
    ]);
  });

  it('exec: the same process, a new space, the program name, teardown and release', async () => {
    const { events } = await record('exec');
    expect(events).toEqual([
      'begin text 4096',
      'process+ 1 parent=- name=',
      'task+ 1/1 @1',
      'map cc1 1 10000+1000 anonymous',
      'w 0 anonymous first 1/1 @5 vpn=10',
      'x 0 anonymous teardown',
      'teardown cc1 1 0+0',
      'exec 1 /bin/prog @12',
      'map cc2 1 10000+1000 anonymous',
      'r 1 anonymous first 1/1 @20 vpn=10',
      'end 2',
    ]);
  });

  it('files: open, FS references per page, mapping of a file, truncate, close, delete', async () => {
    const { events } = await record('truncate-delete');
    expect(events).toEqual([
      'begin text 4096',
      'process+ 1 parent=- name=',
      'task+ 1/1 @1',
      'file open log size=0 by=1',
      '> 0 file first 1/1 @4 log[0]',
      '> 1 file first 1/1 @4 log[1]',
      '> 2 file first 1/1 @4 log[2]',
      'map cc1 1 40000000+4000 file log@0',
      'r 3 file first 1/1 @6 vpn=40003 log[3]',
      'file truncate log size=1001 by=-',
      'x 2 file truncate',
      'x 3 file truncate',
      'r 4 file first 1/1 @20 vpn=40002 log[2]',
      'unmap cc1 1 40000000+4000',
      'file close log size=0 by=1',
      'file delete log size=0 by=-',
      'x 0 file delete',
      'x 1 file delete',
      'x 4 file delete',
      'end 5',
    ]);
  });

  it('threads and exits: task and process ends in order', async () => {
    const { events } = await record('parent-write');
    expect(events.filter((e) => /^(process|task)/.test(e))).toEqual(['process+ 1 parent=- name=', 'task+ 1/1 @1', 'process+ 2 parent=1 name=', 'task+ 2/2 @10', 'task- 2/2 @41', 'process- 2 @41']);
  });
});

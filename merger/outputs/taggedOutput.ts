/**
 * The `tagged` output: one basic-named stream of the whole merge in which every record also carries
 * its process and thread, ending with the process table (traces/taggedFormat.ts). Stream ids are
 * given in order of first appearance (process start, or a first reference before it); 0 stands for
 * "unattributed". A release record carries process 0: a release is a page's death, not any one
 * process's reference (the simulators free the frame from whichever pool holds it).
 */
import { OP_RELEASE, OptionError, TraceWriter, emptyProcessTable, formOfPath, type ProcessTable } from '../../traces/index.js';
import type { Consumer, ConsumerOptions, MergeProcess, MergeTask } from '../consumer.js';

export function taggedOutput(options: ConsumerOptions): Consumer {
  const output = options.output;
  if (!output) throw new OptionError('output', 'is required by the tagged format: one file (.bin or .txt, optionally .gz)');
  formOfPath(output);
  let writer: TraceWriter | undefined;
  const table: ProcessTable = emptyProcessTable();
  const processIds = new Map<MergeProcess, number>();
  const taskIds = new Map<MergeTask, number>();

  const processId = (p: MergeProcess): number => {
    let id = processIds.get(p);
    if (id === undefined) {
      id = table.processes.length;
      processIds.set(p, id);
      const parent = p.parent ? processIds.get(p.parent) ?? null : null;
      table.processes.push({ id, label: p.label, pid: p.pid, parent, command: p.name, start: writer!.records, end: null });
    }
    return id;
  };
  const taskId = (t: MergeTask): number => {
    let id = taskIds.get(t);
    if (id === undefined) {
      id = table.threads.length;
      taskIds.set(t, id);
      table.threads.push({ id, process: processId(t.process), label: t.label, pid: t.pid });
    }
    return id;
  };

  return {
    begin(start) {
      writer = new TraceWriter(output, { format: 'basic-named', tagged: true, pageSize: start.pageSize, releases: options.releases, source: start.referenceFile });
    },
    processStart(p) {
      processId(p);
    },
    processExit(p) {
      table.processes[processId(p)]!.end = writer!.records;
    },
    reference(ev) {
      writer!.append(ev.code, ev.page, ev.process ? processId(ev.process) : 0, ev.task ? taskId(ev.task) : 0);
    },
    release(ev) {
      if (options.releases) writer!.append(OP_RELEASE, ev.page, 0, 0);
    },
    end() {
      // Programs change with exec: the table keeps the last one each process ran.
      for (const [p, id] of processIds) table.processes[id]!.command = p.name;
      writer!.setProcessTable(table);
      writer!.close();
    },
    abort() {
      writer?.abort();
    },
  };
}

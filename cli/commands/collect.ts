import { UsageError } from '../../traces/index.js';
import { DEFAULT_QUANTUM, collectTrace, type CollectSummary, type TracingControl } from '../../collector/index.js';
import { DEFAULT_FILTER } from '../../workloads/synthetic/index.js';
import { formatNumber, formatTable, writeOut } from '../stdout.js';
import type { Command } from '../command.js';

interface CollectArgs {
  output: string;
  instructions: boolean;
  filter: boolean;
  segment0: number;
  segment1: number;
  'filter-policy': 'fifo' | 'clock';
  quantum: number;
  valgrind: string;
  level: number;
  json: boolean;
  quiet: boolean;
  references: 'on' | 'off';
  'start-after'?: number;
  'start-after-exec'?: string;
  control?: string;
  menu: boolean;
  '--'?: string[];
}

const MENU = 'activator: 1 start references, 2 stop references, q finish';

/**
 * kVMTrace's activator menu on the terminal: 1 switches references on, 2 off, q ends the traced
 * programs. Returns the function that restores the terminal.
 */
function startMenu(control: TracingControl): () => void {
  const stdin = process.stdin;
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  process.stderr.write(`${MENU}\n`);
  const onKey = (key: string): void => {
    if (key === '1' || key === '2') {
      const s = control.command(key === '1' ? 'start' : 'stop');
      process.stderr.write(`\rreferences ${s.references}${s.changed ? '' : ' (already)'}\x1b[K\n`);
    } else if (key === 'q' || key === '\u0003') {
      process.stderr.write('\rfinishing: ending the traced programs\x1b[K\n');
      control.finish();
    }
  };
  stdin.on('data', onKey);
  return () => {
    stdin.off('data', onKey);
    stdin.setRawMode(false);
    stdin.pause();
  };
}

function formatCollect(s: CollectSummary): string {
  const filter = s.filter ? `${s.filter.segment0} + ${s.filter.segment1} entries, segment 1 ${s.filter.policy}` : 'off (every reference is a record)';
  const ended = s.signal ? `killed by ${s.signal}` : `exit status ${s.exitCode}`;
  let out = `collected ${s.command.join(' ')} (${ended}) in ${s.output} (${formatNumber(Math.round(s.seconds * 10) / 10)} s)\n\n`;
  out += formatTable([
    ['processes', s.processes],
    ['threads (tasks)', s.threads],
    ['page references', s.references],
    ['  in the trace', s.tracedReferences],
    ["  left out: valgrind's pages", s.leftOut.valgrindPages],
    ['  left out: outside any mapping', s.leftOut.outsideMappings + s.leftOut.beyondUserSpace],
    ['copy-on-write breaks', s.copyOnWrite],
    ['kernel events', s.kernelRecords],
    ['reference records', s.referenceRecords],
    ['reference filter', filter],
    ['order', `round robin, ${formatNumber(s.order.quantum)} page references per turn`],
  ]);
  if (s.tracing.switches.length) {
    out += '\n' + formatTable([
      ['references', 'window', 'at cycle', 'by'],
      ...s.tracing.switches.map((w) => [w.on ? 'on' : 'off', String(w.window), w.cycle.toString(16), w.cause]),
    ]);
    out += `${formatNumber(s.tracing.skippedLines)} loads and instruction fetches skipped while off\n`;
  }
  out += `\nmerge: faultline merge ${s.output}/${s.files.kernel} ${s.output}/${s.files.references} -o merged.bin.gz${s.mergeWindow > 4096 ? ` --window ${s.mergeWindow}` : ''}\n`;
  return out;
}

export const collectCommand: Command<CollectArgs> = {
  usage: 'faultline collect -o DIR [options] -- COMMAND [ARGS…]',
  // The traced command's arguments after -- are passed on exactly as given.
  passThrough: true,
  options: {
    output: { type: 'string', alias: 'o', required: true, describe: 'directory for kernel.gz, refs.gz and collect.json (replaced only by a new collect output)' },
    instructions: { type: 'boolean', default: true, describe: 'record instruction fetches (--no-instructions: data references only)' },
    filter: { type: 'boolean', default: true, describe: "emulate kVMTrace's reference filter (--no-filter: every reference is a record)" },
    segment0: { type: 'number', default: DEFAULT_FILTER.segment0, describe: "entries of the filter's FIFO segment 0" },
    segment1: { type: 'number', default: DEFAULT_FILTER.segment1, describe: "entries of the filter's segment 1" },
    'filter-policy': { type: 'string', choices: ['fifo', 'clock'], default: DEFAULT_FILTER.policy, describe: 'segment 1 replacement (clock emits records out of order: see the merge window)' },
    quantum: { type: 'number', default: DEFAULT_QUANTUM, describe: 'page references each process runs per turn of the round robin between processes' },
    valgrind: { type: 'string', default: 'valgrind', describe: 'the valgrind executable' },
    level: { type: 'number', default: 6, describe: 'gzip level of the outputs (1 fast … 9 small)' },
    json: { type: 'boolean', default: false, describe: 'print the summary as JSON' },
    quiet: { type: 'boolean', alias: 'q', default: false, describe: 'no progress on stderr' },
    references: { type: 'string', choices: ['on', 'off'], default: 'on', describe: 'reference tracing at the start (kernel events are always traced); switch it with --menu, SIGUSR1 or faultline activator' },
    'start-after': { type: 'number', describe: 'switch reference tracing on after N page references (starts off)' },
    'start-after-exec': { type: 'string', describe: 'switch reference tracing on when a program of this name starts (starts off)' },
    control: { type: 'string', describe: 'directory for the activator socket: faultline activator DIR start|stop|status' },
    menu: { type: 'boolean', default: false, describe: "kVMTrace's activator menu on this terminal: 1 start references, 2 stop, q finish (the command's stdin is /dev/null)" },
  },
  examples: [
    ['faultline collect -o srv/ --references off --control /tmp/act -- ./server', 'warm up untraced, then: faultline activator /tmp/act start'],
    ['faultline collect -o sort-trace/ -- sort data.txt', 'trace sort: sort-trace/kernel.gz, sort-trace/refs.gz, sort-trace/collect.json'],
    ["faultline collect -o pipe/ --no-instructions -- sh -c 'sort data.txt | gzip > out.gz'", 'a pipeline (every process is traced), data references only'],
    ['faultline merge sort-trace/kernel.gz sort-trace/refs.gz -o sort.bin.gz', 'then merge it into a reference stream'],
  ],
  run: async (args) => {
    const progress = !args.quiet && process.stderr.isTTY === true;
    if (args.menu && !process.stdin.isTTY) throw new UsageError('--menu reads keys from a terminal, and stdin is not one');
    let control: TracingControl | undefined;
    let stopMenu: (() => void) | undefined;
    // SIGUSR1 toggles reference tracing (kill -USR1 PID from anywhere).
    const onSignal = (): void => void control?.toggle();
    process.on('SIGUSR1', onSignal);
    try {
      const summary = await collectTrace({
        output: args.output,
        command: args['--'] ?? [],
        instructions: args.instructions,
        filter: args.filter ? { segment0: args.segment0, segment1: args.segment1, policy: args['filter-policy'] } : false,
        quantum: args.quantum,
        valgrind: args.valgrind,
        level: args.level,
        tracing: { on: args.references === 'on', afterReferences: args['start-after'], afterExec: args['start-after-exec'] },
        controlDir: args.control,
        stdin: args.menu ? 'ignore' : 'inherit',
        onControl: (c) => {
          control = c;
          if (args.menu) stopMenu = startMenu(c);
        },
        onProgress: progress ? (p) => process.stderr.write(`\rcollecting: ${formatNumber(p.references)} page references, ${formatNumber(p.processes)} processes\x1b[K`) : undefined,
      });
      if (progress) process.stderr.write('\r\x1b[K');
      await writeOut(args.json ? JSON.stringify(summary, null, 2) + '\n' : formatCollect(summary));
    } finally {
      process.off('SIGUSR1', onSignal);
      stopMenu?.();
    }
  },
};

/** The `basic` and `basic-named` outputs: every reference (and release) of the merge in one stream file. */
import { OP_RELEASE, TraceWriter, OptionError, formOfPath, type StreamFormat } from '../../traces/index.js';
import type { Consumer, ConsumerOptions } from '../consumer.js';

export function streamOutput(format: StreamFormat, options: ConsumerOptions): Consumer {
  const output = options.output;
  if (!output) throw new OptionError('output', `is missing: the ${format} output is a file (.bin or .txt, optionally .gz)`);
  formOfPath(output);
  let writer: TraceWriter | undefined;
  const named = format === 'basic-named';
  return {
    begin(start) {
      writer = new TraceWriter(output, { format, pageSize: start.pageSize, releases: options.releases, source: start.referenceFile });
    },
    reference(ev) {
      writer!.append(named ? ev.code : ev.op, ev.page);
    },
    release(ev) {
      if (options.releases) writer!.append(OP_RELEASE, ev.page);
    },
    end() {
      writer!.close();
    },
    abort() {
      writer?.abort();
    },
  };
}

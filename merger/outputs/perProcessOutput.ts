/**
 * The `per-process` output: one basic-named stream per process (its threads interleaved, in
 * merged order), `DIR/process-<label><suffix>`; references that could not be attributed go to
 * `DIR/unattributed<suffix>`. A release goes to every live process's stream that showed the page.
 */
import type { Consumer, ConsumerOptions } from '../consumer.js';
import { DirectoryStreams } from './directoryStreams.js';

export function perProcessOutput(options: ConsumerOptions): Consumer {
  const streams = new DirectoryStreams(options, 'per-process');
  return streams.consumer(({ process: p }) =>
    p && !streams.finished(p) ? streams.streamOf(p, () => `process-${p.label}`, p, undefined) : streams.unattributed(),
  );
}

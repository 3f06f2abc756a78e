/**
 * The `per-process` output: one basic-named stream per process (its threads interleaved, in
 * merged order), `DIR/process-<label><suffix>`; references that could not be attributed go to
 * `DIR/unattributed<suffix>`. A release goes to every live process's stream that showed the page.
 */
import type { Consumer, ConsumerOptions, MergeProcess } from '../consumer.js';
import { DirectoryStreams } from './directoryStreams.js';

const UNATTRIBUTED = {};

export function perProcessOutput(options: ConsumerOptions): Consumer {
  const streams = new DirectoryStreams<object>(options, 'per-process');
  const streamFor = (p: MergeProcess | undefined) =>
    p && !streams.finished(p) ? streams.streamOf(p, () => `process-${p.label}`, p, undefined) : streams.streamOf(UNATTRIBUTED, () => 'unattributed', undefined, undefined);
  return {
    begin() {
      streams.begin();
    },
    reference(ev) {
      streams.reference(streamFor(ev.process), ev);
    },
    release(ev) {
      streams.release(ev);
    },
    processExit(p) {
      streams.close(p);
    },
    end() {
      streams.commit();
    },
    abort() {
      streams.abort();
    },
  };
}

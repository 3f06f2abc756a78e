/**
 * The `per-thread` output: one directory per process, one basic-named stream per task in it,
 * `DIR/process-<label>/thread-<label><suffix>`; references of a process that no task of it can
 * take go to `DIR/process-<label>/unattributed<suffix>`, others to `DIR/unattributed<suffix>`.
 */
import type { Consumer, ConsumerOptions } from '../consumer.js';
import { DirectoryStreams } from './directoryStreams.js';

export function perThreadOutput(options: ConsumerOptions): Consumer {
  const streams = new DirectoryStreams(options, 'per-thread');
  return streams.consumer(({ task: t, process: p }) => {
    if (t && !streams.finished(t)) return streams.streamOf(t, () => `process-${t.process.label}/thread-${t.label}`, t.process, t);
    if (p && !streams.finished(p)) return streams.streamOf(p, () => `process-${p.label}/unattributed`, p, undefined);
    return streams.unattributed();
  });
}

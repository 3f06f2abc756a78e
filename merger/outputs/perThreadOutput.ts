/**
 * The `per-thread` output: one directory per process, one basic-named stream per task in it,
 * `DIR/process-<label>/thread-<label><suffix>`; references of a process that no task of it can
 * take go to `DIR/process-<label>/unattributed<suffix>`, others to `DIR/unattributed<suffix>`.
 */
import type { Consumer, ConsumerOptions, MergeProcess, MergeTask } from '../consumer.js';
import { DirectoryStreams } from './directoryStreams.js';

const UNATTRIBUTED = {};

export function perThreadOutput(options: ConsumerOptions): Consumer {
  const streams = new DirectoryStreams<object>(options, 'per-thread');
  const streamFor = (t: MergeTask | undefined, p: MergeProcess | undefined) => {
    if (t && !streams.finished(t)) return streams.streamOf(t, () => `process-${t.process.label}/thread-${t.label}`, t.process, t);
    if (p && !streams.finished(p)) return streams.streamOf(p, () => `process-${p.label}/unattributed`, p, undefined);
    return streams.streamOf(UNATTRIBUTED, () => 'unattributed', undefined, undefined);
  };
  return {
    begin() {
      streams.begin();
    },
    reference(ev) {
      streams.reference(streamFor(ev.task, ev.process), ev);
    },
    release(ev) {
      streams.release(ev);
    },
    taskExit(t) {
      streams.close(t);
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

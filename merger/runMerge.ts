/**
 * A merge as the command line asks for it: the raw traces, an output by name (`--format`, `-o`),
 * user consumer modules (`--consumer`), and the merge options.
 */
import type { Consumer, ConsumerOptions } from './consumer.js';
import { mergeTraces, type MergeOptions } from './merge.js';
import { createOutput, loadConsumer } from './outputs/index.js';
import type { MergeSummary } from './summary.js';

export interface MergeRequest extends Omit<MergeOptions, 'consumers'> {
  kernel: string;
  references: string;
  /** Output name (basic, basic-named, per-process, per-thread…); basic-named when only `output` is given. */
  format?: string;
  /** `-o`: for the `format` output; for the consumer modules when no format is named. */
  output?: string;
  releases?: boolean;
  /** File name ending of directory outputs' streams (default `.bin`). */
  suffix?: string;
  /** Paths of consumer modules (`--consumer`). */
  consumerModules?: string[];
  /** Further consumers (library use). */
  consumers?: Consumer[];
}

export async function runMerge(request: MergeRequest): Promise<MergeSummary> {
  const modules = request.consumerModules ?? [];
  const options: ConsumerOptions = { output: request.output, releases: request.releases ?? false, suffix: request.suffix ?? '.bin' };
  const consumers: Consumer[] = [];
  const writesFormat = request.format !== undefined || (request.output !== undefined && modules.length === 0);
  if (writesFormat) consumers.push(await createOutput(request.format ?? 'basic-named', options));
  const moduleOptions = writesFormat ? { ...options, output: undefined } : options;
  for (const m of modules) consumers.push(await loadConsumer(m, moduleOptions));
  consumers.push(...(request.consumers ?? []));
  return mergeTraces(request.kernel, request.references, { ...request, consumers });
}

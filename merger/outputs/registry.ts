/**
 * Outputs by name (`--format NAME`): each builds a Consumer from the command line's options.
 * `registerOutput` lets a library user add one.
 */
import { UsageError } from '../../traces/index.js';
import type { Consumer, ConsumerFactory, ConsumerOptions } from '../consumer.js';
import { perProcessOutput } from './perProcessOutput.js';
import { perThreadOutput } from './perThreadOutput.js';
import { streamOutput } from './streamOutput.js';
import { taggedOutput } from './taggedOutput.js';

export interface OutputDefinition {
  name: string;
  description: string;
  /** Writes a directory (`-o DIR/`) rather than one file. */
  directory: boolean;
  create: ConsumerFactory;
}

const outputs = new Map<string, OutputDefinition>();

export function registerOutput(definition: OutputDefinition): void {
  outputs.set(definition.name, definition);
}

export function outputNames(): string[] {
  return [...outputs.keys()];
}

export function outputDefinition(name: string): OutputDefinition {
  const d = outputs.get(name);
  if (!d) throw new UsageError(`unknown output format ${JSON.stringify(name)} (expected one of ${outputNames().join(', ')})`);
  return d;
}

export function createOutput(name: string, options: ConsumerOptions): Consumer | Promise<Consumer> {
  return outputDefinition(name).create(options);
}

registerOutput({ name: 'basic', description: 'one stream: operation and canonical page per reference', directory: false, create: (o) => streamOutput('basic', o) });
registerOutput({ name: 'basic-named', description: 'one stream: basic plus anonymous/file per reference', directory: false, create: (o) => streamOutput('basic-named', o) });
registerOutput({ name: 'per-process', description: 'a directory: one basic-named stream per process', directory: true, create: perProcessOutput });
registerOutput({ name: 'per-thread', description: 'a directory per process: one basic-named stream per thread', directory: true, create: perThreadOutput });
registerOutput({ name: 'tagged', description: 'one stream: basic-named plus process and thread per reference, and the process table', directory: false, create: taggedOutput });

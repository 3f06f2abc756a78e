/** Loads a user's consumer (`--consumer ./mine.js`): an ES module whose default export is a ConsumerFactory. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { OptionError } from '../../traces/index.js';
import type { Consumer, ConsumerOptions } from '../consumer.js';

export async function loadConsumer(modulePath: string, options: ConsumerOptions): Promise<Consumer> {
  const file = path.resolve(modulePath);
  if (!fs.existsSync(file)) throw new OptionError('consumer', `${modulePath}: no such file`);
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (err) {
    throw new OptionError('consumer', `${modulePath}: the module does not load: ${(err as Error).message.split('\n')[0]}`);
  }
  const factory = module.default;
  if (typeof factory !== 'function') {
    throw new OptionError('consumer', `${modulePath}: the module's default export must be a function (options) => Consumer`);
  }
  const consumer = (await factory(options)) as unknown;
  if (typeof consumer !== 'object' || consumer === null) {
    throw new OptionError('consumer', `${modulePath}: the default export returned ${String(consumer)}, not a consumer object`);
  }
  return consumer as Consumer;
}

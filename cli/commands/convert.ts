import type { CommandModule } from 'yargs';
import { UsageError, convertStream } from '../../traces/index.js';

interface ConvertArgs {
  input: string;
  output?: string;
  renumber: boolean;
  level: number;
  'drop-tags': boolean;
  quiet: boolean;
}

export const convertCommand: CommandModule<object, ConvertArgs> = {
  command: 'convert <input> [output]',
  describe: 'Convert a stream between forms (chosen by extension: .bin, .txt, optionally .gz)',
  builder: (y) =>
    y
      .positional('input', { type: 'string', demandOption: true, describe: 'stream to read (any form), or FORMAT:FILE' })
      .positional('output', { alias: 'o', type: 'string', describe: 'file to write: NAME.bin, NAME.txt, NAME.bin.gz or NAME.txt.gz (positional, or -o/--output as for every command that writes)' })
      .option('renumber', { type: 'boolean', default: false, describe: 'renumber pages densely in first-appearance order instead of refusing a stream whose pages are not' })
      .option('level', { type: 'number', default: 6, describe: 'gzip level (1 fastest … 9 smallest)' })
      .option('drop-tags', { type: 'boolean', default: false, describe: 'write a tagged input as a plain basic-named stream (without process and thread)' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'print nothing on success' })
      .example('$0 convert trace.txt trace.bin.gz', 'text to compressed binary')
      .example('$0 convert tagged.bin plain.bin --drop-tags', 'a tagged stream without its process and thread tags'),
  handler: async (args) => {
    if (!args.output) throw new UsageError('name the stream to write: faultline convert INPUT OUTPUT, or -o OUTPUT');
    const r = await convertStream(args.input, args.output, { renumber: args.renumber, level: args.level, dropTags: args['drop-tags'] });
    if (!args.quiet) process.stderr.write(`${args.output}: ${r.records} records, ${r.pages} pages (${r.info.tagged && !args['drop-tags'] ? 'tagged' : r.info.format})\n`);
  },
};

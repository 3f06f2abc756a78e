import { UsageError, convertStream } from '../../traces/index.js';
import type { Command } from '../command.js';

interface ConvertArgs {
  input: string;
  output?: string;
  renumber: boolean;
  level: number;
  'drop-tags': boolean;
  quiet: boolean;
}

const OUTPUT = 'file to write: NAME.bin, NAME.txt, NAME.bin.gz or NAME.txt.gz';

export const convertCommand: Command<ConvertArgs> = {
  positionals: [
    { name: 'input', required: true, describe: 'stream to read (any form), or FORMAT:FILE' },
    { name: 'output', describe: `${OUTPUT} (or -o/--output, as for every command that writes)` },
  ],
  options: {
    output: { type: 'string', alias: 'o', describe: `${OUTPUT} (or the second positional)` },
    renumber: { type: 'boolean', default: false, describe: 'renumber pages densely in first-appearance order instead of refusing a stream whose pages are not' },
    level: { type: 'number', default: 6, describe: 'gzip level (1 fastest … 9 smallest)' },
    'drop-tags': { type: 'boolean', default: false, describe: 'write a tagged input as a plain basic-named stream (without process and thread)' },
    quiet: { type: 'boolean', alias: 'q', default: false, describe: 'print nothing on success' },
  },
  examples: [
    ['faultline convert trace.txt trace.bin.gz', 'text to compressed binary'],
    ['faultline convert tagged.bin plain.bin --drop-tags', 'a tagged stream without its process and thread tags'],
  ],
  run: async (args) => {
    if (!args.output) throw new UsageError('name the stream to write: faultline convert INPUT OUTPUT, or -o OUTPUT');
    const r = await convertStream(args.input, args.output, { renumber: args.renumber, level: args.level, dropTags: args['drop-tags'] });
    if (!args.quiet) process.stderr.write(`${args.output}: ${r.records} records, ${r.pages} pages (${r.info.tagged && !args['drop-tags'] ? 'tagged' : r.info.format})\n`);
  },
};

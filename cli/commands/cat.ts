import type { CommandModule } from 'yargs';
import { streamAsText } from '../../traces/index.js';
import { stdoutClosed, writeOut } from '../stdout.js';

interface CatArgs {
  stream: string;
  header: boolean;
}

export const catCommand: CommandModule<object, CatArgs> = {
  command: 'cat <stream>',
  describe: 'Print a reference stream (any form) as text',
  builder: (y) =>
    y
      .positional('stream', { type: 'string', demandOption: true, describe: 'stream file (.bin/.txt, optionally .gz), or FORMAT:FILE' })
      .option('header', { type: 'boolean', default: true, describe: 'print the #faultline header line (--no-header to omit)' })
      .example('$0 cat trace.bin.gz | head', 'the first records of a compressed binary stream'),
  handler: async (args) => {
    for await (const text of streamAsText(args.stream, { header: args.header })) {
      await writeOut(text);
      if (stdoutClosed()) break;
    }
  },
};

import { streamAsText } from '../../traces/index.js';
import { stdoutClosed, writeOut } from '../stdout.js';
import type { Command } from '../command.js';

interface CatArgs {
  stream: string;
  header: boolean;
}

export const catCommand: Command<CatArgs> = {
  positionals: [{ name: 'stream', required: true, describe: 'stream file (.bin/.txt, optionally .gz), or FORMAT:FILE' }],
  options: {
    header: { type: 'boolean', default: true, describe: 'print the #faultline header line (--no-header to omit)' },
  },
  examples: [['faultline cat trace.bin.gz | head', 'the first records of a compressed binary stream']],
  run: async (args) => {
    for await (const text of streamAsText(args.stream, { header: args.header })) {
      await writeOut(text);
      if (stdoutClosed()) break;
    }
  },
};

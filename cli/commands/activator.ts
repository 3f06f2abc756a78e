import type { CommandModule } from 'yargs';
import { ACTIVATOR_COMMANDS, activatorRequest, type ActivatorCommand } from '../../collector/index.js';
import { writeOut } from '../stdout.js';

interface ActivatorArgs {
  dir: string;
  command: ActivatorCommand;
  json: boolean;
}

export const activatorCommand: CommandModule<object, ActivatorArgs> = {
  command: 'activator <dir> <command>',
  describe: 'Switch reference tracing of a running faultline collect --control DIR: start, stop, status',
  builder: (y) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'the directory given to collect --control' })
      .positional('command', { choices: ACTIVATOR_COMMANDS, demandOption: true, describe: 'start or stop references, or show the status' })
      .option('json', { type: 'boolean', default: false, describe: 'print the answer as JSON' })
      .example('$0 activator /tmp/act start', 'references on from now (kernel events are traced throughout)')
      .example('$0 activator /tmp/act stop', 'references off'),
  handler: async (args) => {
    const s = await activatorRequest(args.dir, args.command);
    const changed = args.command === 'status' ? '' : s.changed ? ' (switched)' : ' (already)';
    await writeOut(args.json ? JSON.stringify(s) + '\n' : `references ${s.references}${changed}; ${s.switches} switches, ${s.windows} windows, ${s.tracedReferences} page references traced so far\n`);
  },
};

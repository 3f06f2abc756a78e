import { ACTIVATOR_COMMANDS, activatorRequest, type ActivatorCommand } from '../../collector/index.js';
import { writeOut } from '../stdout.js';
import type { Command } from '../command.js';

interface ActivatorArgs {
  dir: string;
  command: ActivatorCommand;
  json: boolean;
}

export const activatorCommand: Command<ActivatorArgs> = {
  positionals: [
    { name: 'dir', required: true, describe: 'the directory given to collect --control' },
    { name: 'command', required: true, choices: ACTIVATOR_COMMANDS, describe: 'start or stop references, or show the status' },
  ],
  options: {
    json: { type: 'boolean', default: false, describe: 'print the answer as JSON' },
  },
  examples: [
    ['faultline activator /tmp/act start', 'references on from now (kernel events are traced throughout)'],
    ['faultline activator /tmp/act stop', 'references off'],
  ],
  run: async (args) => {
    const s = await activatorRequest(args.dir, args.command);
    const changed = args.command === 'status' ? '' : s.changed ? ' (switched)' : ' (already)';
    await writeOut(args.json ? JSON.stringify(s) + '\n' : `references ${s.references}${changed}; ${s.switches} switches, ${s.windows} windows, ${s.tracedReferences} page references traced so far\n`);
  },
};

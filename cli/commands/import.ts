import { IMPORTERS, SETTINGS, SETTING_NAMES, importTrace, type GivenSettings } from '../../traces/importers/index.js';
import { writeOut } from '../stdout.js';
import type { Command, OptionSpec } from '../command.js';

interface ImportArgs {
  format: string;
  file: string;
  output: string;
  level: number;
  quiet: boolean;
  json: boolean;
}

const FORMATS = IMPORTERS.map((i) => `  ${i.name.padEnd(14)}${i.describe}`).join('\n');

/** Every importer setting as an option of the same name (the bracket form takes the same names). */
const SETTING_OPTIONS: Record<string, OptionSpec> = Object.fromEntries(
  SETTING_NAMES.map((name) => [name, { type: SETTINGS[name].flag ? 'boolean' : 'string', describe: SETTINGS[name].describe, group: 'Import settings' }]),
);

export const importCommand: Command<ImportArgs> = {
  positionals: [
    { name: 'format', required: true, describe: 'the input format (list below), optionally with settings: NAME[SETTING=VALUE,…]' },
    { name: 'file', required: true, describe: 'the trace to import (gzip is detected)' },
  ],
  options: {
    output: { type: 'string', alias: 'o', required: true, describe: 'stream to write: NAME.bin, NAME.txt, NAME.bin.gz or NAME.txt.gz' },
    level: { type: 'number', default: 6, describe: 'gzip level (1 fastest … 9 smallest)' },
    quiet: { type: 'boolean', alias: 'q', default: false, describe: 'print nothing on success' },
    json: { type: 'boolean', default: false, describe: 'print a JSON summary on stdout' },
    ...SETTING_OPTIONS,
  },
  examples: [
    ['faultline import oracleGeneral cloudPhysicsIO.oracleGeneral.bin -o cp.bin', 'a libCacheSim trace, one page per object'],
    ['faultline import spc Financial1.spc.gz --page-size 4096 -o fin1.bin.gz', 'an SPC block trace in 4 KiB pages'],
    ['faultline stats "lackey[no-instructions]:trace.12345.1"', 'any command reads FORMAT[SETTINGS]:FILE directly'],
  ],
  epilog: `Formats:\n${FORMATS}\n\nEvery command that reads a stream also takes FORMAT:FILE or FORMAT[SETTING=VALUE,…]:FILE (docs/importers.md).`,
  run: async (args) => {
    const record = args as unknown as Record<string, string | boolean | undefined>;
    const settings: GivenSettings = {};
    for (const name of SETTING_NAMES) if (record[name] !== undefined) settings[name] = record[name];
    const r = await importTrace(args.format, args.file, args.output, { settings, level: args.level });
    if (args.json) {
      const summary = { output: args.output, format: args.format, file: args.file, requests: r.requests, references: r.references, pages: r.pages, pageSize: r.info.pageSize };
      await writeOut(JSON.stringify(summary, null, 2) + '\n');
    }
    if (!args.quiet) process.stderr.write(`${args.output}: ${r.references} references, ${r.pages} pages (basic-named) from ${r.requests} ${args.format} records\n`);
  },
};

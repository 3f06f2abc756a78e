#!/usr/bin/env node
/** The `faultline` command: parses arguments and hands each subcommand to the library. */
import { readsAhead } from '../simulators/readsAhead.js';

const argv = process.argv.slice(2);
const words = argv.filter((word) => !word.startsWith('-'));
// `simulate` reads a large stream ahead on a worker thread: started first, the worker comes online
// while the command's modules load (about 0.1 s each) instead of after. Any word naming such a file
// will do (options are not parsed yet): a wrong guess costs the other core a worker's start.
if (words[0] === 'simulate' && words.slice(1).some(readsAhead)) (await import('../simulators/chunksAhead.js')).startReaderEarly();
const { runCli } = await import('./runCli.js');
process.exitCode = await runCli(argv);

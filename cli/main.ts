#!/usr/bin/env node
/** The `faultline` command: parses arguments and hands each subcommand to the library. */
import { startReaderEarly } from '../simulators/chunksAhead.js';

const argv = process.argv.slice(2);
// `simulate` reads a large stream ahead on a worker thread: started first, the worker comes online
// while the command's modules load (about 0.1 s each) instead of after.
if (argv.find((word) => !word.startsWith('-')) === 'simulate') startReaderEarly();
const { runCli } = await import('./runCli.js');
process.exitCode = await runCli(argv);

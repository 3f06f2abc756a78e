#!/usr/bin/env node
/** The `faultline` command: parses arguments and hands each subcommand to the library. */
import { runCli } from './runCli.js';

process.exitCode = await runCli(process.argv.slice(2));

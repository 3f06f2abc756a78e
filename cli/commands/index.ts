/** Every subcommand, in the order `faultline --help` lists them. */
import type { CommandModule } from 'yargs';
import { activatorCommand } from './activator.js';
import { catCommand } from './cat.js';
import { collectCommand } from './collect.js';
import { convertCommand } from './convert.js';
import { demoCommand } from './demo.js';
import { importCommand } from './import.js';
import { mergeCommand } from './merge.js';
import { reportCommand } from './report.js';
import { reuseCommand } from './reuse.js';
import { runMergerCommand } from './runMerger.js';
import { simulateCommand } from './simulate.js';
import { statsCommand } from './stats.js';
import { studyCommand } from './study.js';
import { synthCommand } from './synth.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [catCommand, convertCommand, statsCommand, importCommand, mergeCommand, runMergerCommand, synthCommand, collectCommand, activatorCommand, simulateCommand, reuseCommand, reportCommand, studyCommand, demoCommand];

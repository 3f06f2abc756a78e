/**
 * Library option names → the CLI's flags. Library code names options as the library does
 * (OptionError: `perSize`, `allocations`); only the CLI knows its flags.
 */
import { OptionError, type UserError } from '../traces/errors.js';

/** Library option names whose flag is not simply the name in kebab case. */
const FLAGS: Record<string, string> = {
  partitions: '--partition',
  allocations: '--allocation',
  formats: '--format',
  output: '-o',
  command: 'the command after --',
  afterReferences: '--start-after',
  afterExec: '--start-after-exec',
  controlDir: '--control',
};

/**
 * The flag of a library option: `perSize` → `--per-size`. `prefix` names a group of options that a
 * command carries under a prefix (`simulate --report-width`: prefix `report-`).
 */
export function flagOf(option: string, prefix = ''): string {
  // A prefixed group's output is the group's own flag: `simulate --report DIR`.
  if (prefix && option === 'output') return `--${prefix.replace(/-$/, '')}`;
  const flag = FLAGS[option] ?? `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  return prefix ? flag.replace(/^--/, `--${prefix}`) : flag;
}

/** A user error's line, with library option names (OptionError) turned into the CLI's flags. */
export function userMessage(err: UserError, prefix = ''): string {
  if (!(err instanceof OptionError)) return err.message;
  return `${flagOf(err.option, prefix)} ${err.detail.replace(/`([A-Za-z]\w*)`/g, (_, name: string) => flagOf(name, prefix))}`;
}

/**
 * User-facing errors. The CLI prints their message as one line and exits with status 2; any other
 * exception is an internal fault (status 1, with a stack trace).
 */

/** Bad arguments or options: the message says what was given and what is accepted. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Bad input data: names the file, where in it (line, record or byte offset), and what was expected. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    readonly file: string,
    readonly location: string,
    readonly detail: string,
  ) {
    super(location ? `${file}: ${location}: ${detail}` : `${file}: ${detail}`);
  }
}

/**
 * A bad value for a library option, named as the library names it (`window`, `seed`, `jobs`). The
 * CLI rewrites the name into its flag (`--window`) before printing, so library users never get
 * advice about flags they did not pass. Other options named in `detail` are written in backticks
 * (`` `onePass` ``) so that the CLI can rewrite them too.
 */
export class OptionError extends Error {
  override readonly name = 'OptionError';
  constructor(
    readonly option: string,
    readonly detail: string,
  ) {
    super(`${option} ${detail}`);
  }
}

/**
 * A policy broke the policy contract (docs/adding-a-policy.md): a plugin author's mistake, reported
 * as one line naming the module, the policy, the record and the rule (policies/policyChecker.ts).
 */
export class PolicyError extends Error {
  override readonly name = 'PolicyError';
}

export type UserError = UsageError | InputError | OptionError | PolicyError;

export function isUserError(err: unknown): err is UserError {
  return err instanceof UsageError || err instanceof InputError || err instanceof OptionError || err instanceof PolicyError;
}

/** Describes a found value for an error message, shortened so that one line stays one line. */
export function quoteFound(text: string, max = 40): string {
  const shown = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(shown);
}

/**
 * Numeric options, validated one way everywhere: by the library, naming the option as the library
 * names it (an OptionError, which the CLI turns into its flag). A value that is not a finite number
 * (NaN from `--seed abc`, Infinity) is refused like one out of range.
 */
import { OptionError } from './errors.js';

const shown = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : String(value));

/** A whole number in [min, max]. */
export function wholeNumberOption(option: string, value: unknown, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new OptionError(option, `must be a whole number ${range}, got ${shown(value)}`);
  }
  return value;
}

/** A number in (min, max] (`minExclusive`, the default) or [min, max]. */
export function numberOption(option: string, value: unknown, min: number, max: number, minExclusive = true): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || (minExclusive ? value <= min : value < min) || value > max) {
    throw new OptionError(option, `must be a number ${minExclusive ? 'above' : 'from'} ${min} ${minExclusive ? 'and at most' : 'to'} ${max}, got ${shown(value)}`);
  }
  return value;
}

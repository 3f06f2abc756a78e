import { formatNumber } from './stdout.js';

/** Progress on stderr for long work: one self-overwriting line, only on a terminal and without --quiet. */
export interface Progress {
  /** Shows `label: text` (at most ten times a second). */
  show(text: string, force?: boolean): void;
  /** Shows `label: P% (done/total)`. */
  update(done: number, total: number): void;
  /** Clears the line. */
  done(): void;
}

export function createProgress(label: string, quiet: boolean): Progress {
  const active = !quiet && process.stderr.isTTY === true;
  let last = 0;
  let shown = false;
  const show = (text: string, force = false): void => {
    if (!active) return;
    const now = Date.now();
    if (now - last < 100 && !force) return;
    last = now;
    shown = true;
    process.stderr.write(`\r${label}: ${text}\x1b[K`);
  };
  return {
    show,
    update(done, total) {
      if (!active) return;
      const pct = total > 0 ? Math.floor((100 * done) / total) : 0;
      show(`${pct}% (${formatNumber(done)}/${formatNumber(total)})`, done >= total);
    },
    done() {
      if (shown) process.stderr.write('\r\x1b[K');
      shown = false;
    },
  };
}

/** The command line as typed, for results files (arguments with spaces or quotes are quoted). */
export function commandLine(argv: string[]): string {
  return ['faultline', ...argv].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** Progress on stderr for long work: one self-overwriting line, only on a terminal and without --quiet. */
export interface Progress {
  update(done: number, total: number): void;
  done(): void;
}

export function createProgress(label: string, quiet: boolean): Progress {
  const active = !quiet && process.stderr.isTTY === true;
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      if (!active) return;
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      shown = true;
      const pct = total > 0 ? Math.floor((100 * done) / total) : 0;
      process.stderr.write(`\r${label}: ${pct}% (${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')})\x1b[K`);
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

/**
 * Progress of long runs counted in tasks: done/total, failures, rate, elapsed and ETA. On a
 * terminal one self-overwriting line (at most ten times a second); when stderr is a file or a pipe
 * (a Slurm job's log) a plain line every `everySeconds`, plus the first and the last.
 */
export interface TaskProgressState {
  done: number;
  total: number;
  failed: number;
  elapsedSeconds: number;
  etaSeconds?: number;
}

export interface TaskProgress {
  update(state: TaskProgressState): void;
  /** A plain note between progress lines (e.g. which trace is loading). */
  note(text: string): void;
  done(): void;
}

/** 75 → 1:15, 4000 → 1:06:40. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export function progressLine(s: TaskProgressState): string {
  const rate = s.elapsedSeconds > 0 ? s.done / s.elapsedSeconds : 0;
  const rateText = rate >= 1 ? `${rate.toFixed(1)} tasks/s` : rate > 0 ? `${(1 / rate).toFixed(1)} s/task` : '- tasks/s';
  const failed = s.failed > 0 ? ` (${s.failed} failed)` : '';
  const eta = s.done >= s.total ? '' : ` · ETA ${s.etaSeconds === undefined ? '?' : formatDuration(s.etaSeconds)}`;
  return `${s.done}/${s.total} tasks${failed} · ${rateText} · elapsed ${formatDuration(s.elapsedSeconds)}${eta}`;
}

export function createTaskProgress(label: string, quiet: boolean, everySeconds: number, stream: NodeJS.WriteStream = process.stderr): TaskProgress {
  const tty = stream.isTTY === true;
  let last = -Infinity;
  let shown = false;
  let latest: TaskProgressState | undefined;
  let printedLatest = false;
  const clear = (): void => {
    if (shown) stream.write('\r\x1b[K');
    shown = false;
  };
  return {
    update(state) {
      latest = state;
      printedLatest = false;
      if (quiet) return;
      const now = Date.now();
      const first = last === -Infinity;
      const final = state.done >= state.total;
      if (tty) {
        if (now - last < 100 && !final) return;
        stream.write(`\r${label}: ${progressLine(state)}\x1b[K`);
        shown = true;
      } else {
        if (!first && !final && now - last < everySeconds * 1000) return;
        stream.write(`${new Date(now).toISOString()} ${label}: ${progressLine(state)}\n`);
      }
      last = now;
      printedLatest = true;
    },
    note(text) {
      if (quiet) return;
      clear();
      stream.write(`${label}: ${text}\n`);
    },
    done() {
      if (!quiet && !tty && latest && !printedLatest) stream.write(`${new Date().toISOString()} ${label}: ${progressLine(latest)}\n`);
      clear();
    },
  };
}

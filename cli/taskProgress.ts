/**
 * Progress of long runs counted in tasks (or records): done/total, failures, rate, elapsed and ETA.
 * On a terminal one self-overwriting line (at most ten times a second); when stderr is a file or a
 * pipe (a Slurm job's log) a plain line every `everySeconds`, plus the first and the last — or,
 * for work that is often short (`simulate`), only once it has run `everySeconds`.
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

/** What is counted: its name in the singular and the plural ('task', 'tasks'). */
export interface ProgressUnit {
  one: string;
  many: string;
}

const TASKS: ProgressUnit = { one: 'task', many: 'tasks' };
export const RECORDS: ProgressUnit = { one: 'record', many: 'records' };
export const BYTES: ProgressUnit = { one: 'byte', many: 'bytes' };

/** 1234567 → 1.23 M; below 10,000 as it is. */
function compact(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)} K`;
  return String(Math.round(n));
}

export function progressLine(s: TaskProgressState, unit: ProgressUnit = TASKS): string {
  const rate = s.elapsedSeconds > 0 ? s.done / s.elapsedSeconds : 0;
  const rateText = rate >= 10 ? `${compact(rate)} ${unit.many}/s` : rate >= 1 ? `${rate.toFixed(1)} ${unit.many}/s` : rate > 0 ? `${(1 / rate).toFixed(1)} s/${unit.one}` : `- ${unit.many}/s`;
  const failed = s.failed > 0 ? ` (${s.failed} failed)` : '';
  const eta = s.done >= s.total ? '' : ` · ETA ${s.etaSeconds === undefined ? '?' : formatDuration(s.etaSeconds)}`;
  const counts = unit === TASKS ? `${s.done}/${s.total}` : `${compact(s.done)}/${compact(s.total)}`;
  return `${counts} ${unit.many}${failed} · ${rateText} · elapsed ${formatDuration(s.elapsedSeconds)}${eta}`;
}

export interface TaskProgressOptions {
  stream?: NodeJS.WriteStream;
  unit?: ProgressUnit;
  /** Off a terminal, nothing until the work has run `everySeconds` (and then no last line unless one was printed). */
  longOnly?: boolean;
}

export function createTaskProgress(label: string, quiet: boolean, everySeconds: number, options: TaskProgressOptions = {}): TaskProgress {
  const { stream = process.stderr, unit = TASKS, longOnly = false } = options;
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
        stream.write(`\r${label}: ${progressLine(state, unit)}\x1b[K`);
        shown = true;
      } else {
        // The first line at once, or for `longOnly` once the work has run a period; then every period and the last.
        const due = first ? !longOnly || state.elapsedSeconds >= everySeconds : final || now - last >= everySeconds * 1000;
        if (!due) return;
        stream.write(`${new Date(now).toISOString()} ${label}: ${progressLine(state, unit)}\n`);
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
      if (!quiet && !tty && latest && !printedLatest && (!longOnly || last !== -Infinity)) stream.write(`${new Date().toISOString()} ${label}: ${progressLine(latest, unit)}\n`);
      clear();
    },
  };
}

/** The span of recent progress an ETA is taken from: long enough to smooth, short enough to follow a change of pace. */
const ETA_WINDOW_SECONDS = 10;

/**
 * `(done, total)` reports (a library's `onProgress`) shown with rate, elapsed time and an ETA from
 * the rate over the last ETA_WINDOW_SECONDS (from the start until then). Work that changes pace
 * (a streamed OPT curve reads the stream once quickly for its look-ahead, then again through the
 * slower curve) would keep an ETA from the average rate optimistic for most of the run. `now` is
 * the clock in milliseconds (tests pass their own).
 */
export function rateProgress(progress: TaskProgress, now: () => number = Date.now): (done: number, total: number) => void {
  const started = now();
  // (time, done) reports, oldest first; the first at or before the window's start is kept.
  const recent: { at: number; done: number }[] = [{ at: started, done: 0 }];
  return (done, total) => {
    const at = now();
    recent.push({ at, done });
    while (recent.length > 2 && recent[1]!.at <= at - ETA_WINDOW_SECONDS * 1000) recent.shift();
    const from = recent[0]!;
    const elapsedSeconds = (at - started) / 1000;
    const etaSeconds = done > from.done && at > from.at ? ((total - done) * (at - from.at)) / 1000 / (done - from.done) : undefined;
    progress.update({ done, total, failed: 0, elapsedSeconds, etaSeconds });
  };
}

/** Seconds between the log lines of a command's progress (simulate, merge, demo). */
const LOG_EVERY_SECONDS = 10;

/**
 * The progress of a command's one long piece of work, reported as `(done, total)` in `unit`: on a
 * terminal one line with rate and ETA; in a log a plain line every LOG_EVERY_SECONDS, once the work
 * has run that long (short runs print nothing there).
 */
export function workProgress(label: string, quiet: boolean, unit: ProgressUnit): { report: (done: number, total: number) => void; done(): void } {
  const progress = createTaskProgress(label, quiet, LOG_EVERY_SECONDS, { unit, longOnly: true });
  return { report: rateProgress(progress), done: () => progress.done() };
}

/**
 * Reference-tracing windows (kVMTrace's activator; faultline's `collect` menu, SIGUSR1 and
 * `faultline activator`, docs/collect.md). Kernel events cover the whole run; references only
 * the windows between a `[ N` record (tracing switched on, window N begins) and the next `] N`
 * (switched off). A trace without such records is traced throughout. A trace whose references
 * start switched off says so with `] 0` as its first window record; a `] N` (N ≥ 1) with no
 * `[` before it closes a window that was open from the start of the trace.
 *
 * Per window the merge counts references and the two readings of a compulsory fault a simulator
 * user must choose between (docs/merger.md "Tracing windows"):
 * - first touch in the window: the distinct pages the window references (a cold start there);
 * - first touch ever: pages whose first reference in the stream is in this window and which the
 *   trace does not show touched before (while tracing was off: `z`, a `C`, a read()/write()).
 */

export interface WindowSummary {
  /** The window's number from its marker records (0: the part before any marker). */
  window: number;
  startCycle: number;
  /** null: open to the end of the trace. */
  endCycle: number | null;
  references: number;
  /** Distinct pages the window references: its compulsory faults from a cold start at the window. */
  firstTouchInWindow: number;
  /** Pages first referenced in the stream here (the merged stream's compulsory faults in this window). */
  newPages: number;
  /** … of which the trace shows no touch before: their first touch ever is in the window. */
  firstTouchEver: number;
}

interface OpenWindow extends WindowSummary {
  serial: number;
}

export class TracingWindows {
  /** References are traced now. */
  on = true;
  /** Window records seen. */
  markers = 0;
  private readonly list: OpenWindow[] = [];
  private current: OpenWindow;
  /** Serial of the last window that referenced each canonical page. */
  private lastWindow = new Int32Array(1 << 16);

  constructor() {
    this.current = this.open(0, 0);
  }

  private open(window: number, cycle: number): OpenWindow {
    const w: OpenWindow = { serial: this.list.length + 1, window, startCycle: cycle, endCycle: null, references: 0, firstTouchInWindow: 0, newPages: 0, firstTouchEver: 0 };
    this.list.push(w);
    return w;
  }

  /** `[ N`: returns false when a window was already open (it is closed first). */
  begin(window: number, cycle: number): boolean {
    const wasOn = this.on && this.markers > 0;
    this.markers++;
    if (this.on) this.current.endCycle = cycle;
    this.current = this.open(window, cycle);
    this.on = true;
    return !wasOn;
  }

  /** `] N`: returns false when no window was open. */
  end(window: number, cycle: number): boolean {
    const first = this.markers++ === 0;
    if (!this.on) return false;
    this.on = false;
    // `] N` as the first window record: window N ran from the start of the trace.
    if (first && window > 0) this.current.window = window;
    this.current.endCycle = cycle;
    return true;
  }

  /** One reference in the current window to canonical `page`; `first`: it appears here; `earlier`: touched before. */
  reference(page: number, first: boolean, earlier: boolean): void {
    const w = this.current;
    w.references++;
    if (page >= this.lastWindow.length) {
      const grown = new Int32Array(Math.max(page + 1, this.lastWindow.length * 2));
      grown.set(this.lastWindow);
      this.lastWindow = grown;
    }
    if (this.lastWindow[page] !== w.serial) {
      this.lastWindow[page] = w.serial;
      w.firstTouchInWindow++;
    }
    if (first) {
      w.newPages++;
      if (!earlier) w.firstTouchEver++;
    }
  }

  /** The windows for the summary: none for a trace without window records. */
  summary(): WindowSummary[] {
    if (this.markers === 0) return [];
    // The part before the first marker is listed only when it held something or was a window.
    return this.list
      .filter((w) => w.serial > 1 || w.window > 0 || w.references > 0)
      .map((w) => ({ window: w.window, startCycle: w.startCycle, endCycle: w.endCycle, references: w.references, firstTouchInWindow: w.firstTouchInWindow, newPages: w.newPages, firstTouchEver: w.firstTouchEver }));
  }
}

/**
 * Inconsistencies the merger can work around, counted by kind for the summary. With `--strict`
 * the first one is an InputError naming the record instead.
 */
import { InputError } from '../traces/index.js';

export const WARNING_KINDS = {
  'unknown-context': 'reference to (or D/u of) an address space that no A record created, or one already torn down',
  'unmapped-page': 'reference to a page that no mapping covers (taken as a new anonymous page of that space)',
  'task-mismatch': 'reference while the running task (from S) uses another address space (attributed to the task that last ran in its own)',
  'unknown-task': 'record naming a pid that no live task has',
  'no-address-space': 'mapping record for a task whose address space is unknown',
  'kernel-out-of-order': 'kernel record with an earlier cycle than the record before it',
  'cow-unmapped': 'copy-on-write break at an address that no mapping covers',
  'context-reused': 'A record naming a context that is still live (the old space is torn down)',
  'pid-reused': 'F record naming a pid that is still live (its T is missing)',
  'unknown-shm': 'destroy of a shared memory segment that was never attached',
  'invalid-record': 'an invalid (!) record',
  'reference-outside-window': 'reference record while reference tracing is off (between a ] and the next [ record): left out',
  'window-marker': 'a [ record while a tracing window is open, or a ] record while none is',
} as const;

export type WarningKind = keyof typeof WARNING_KINDS;

export class Warnings {
  private readonly counts = new Map<WarningKind, number>();

  constructor(private readonly strict: boolean) {}

  /** Counts one warning, or throws when strict. `where` and `detail` are only built when needed. */
  warn(kind: WarningKind, where: () => [file: string, location: string], detail: () => string): void {
    if (this.strict) {
      const [file, location] = where();
      throw new InputError(file, location, `${detail()} (warning ${kind}; strict mode makes it an error)`);
    }
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
  }

  /** Counts by kind, only the kinds that occurred, in WARNING_KINDS order. */
  byKind(): Partial<Record<WarningKind, number>> {
    const out: Partial<Record<WarningKind, number>> = {};
    for (const kind of Object.keys(WARNING_KINDS) as WarningKind[]) {
      const n = this.counts.get(kind);
      if (n) out[kind] = n;
    }
    return out;
  }
}

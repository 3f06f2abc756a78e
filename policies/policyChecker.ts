/**
 * The policy checker: an independent shadow of the resident set kept around a policy's replay, so
 * that a policy cannot lie about what memory holds. Every event the policy reports is checked
 * against the record it belongs to and against the shadow before it reaches the memory model:
 *
 *  - each reference record gets exactly one hit, soft fault or fault, for its own page and code,
 *    in order; each release record exactly one release (so the counters of every run count each
 *    record once);
 *  - a hit or a soft fault only for a resident page, a fault only for a non-resident one;
 *  - a victim (evict) is resident; a release says `resident` exactly when the page was;
 *  - resident pages never exceed the frames (fixed-space policies);
 *  - `resize(frames)` (local allocations) reports only evictions, and leaves at most `frames`
 *    pages resident;
 *  - after each replay call the policy's `residentPages()` is the shadow's set, and a
 *    variable-space policy's `meanResident()` is the shadow's mean (sampled after every reference).
 *
 * A violation throws a PolicyError naming the origin (the module file), the policy, the record
 * (1-based, counted over every record the instance replayed) and the rule. Policies from modules and
 * `registerPolicy` run checked by default; built-ins run checked when a caller asks (the tests).
 * An external policy's own exceptions become PolicyErrors too: one line, no stack trace.
 */
import { PolicyError, isUserError } from '../traces/errors.js';
import { RELEASE_BIT } from '../traces/operations.js';
import type { MemoryEvents, PolicyDefinition, PolicyInstance, PolicySetup, TraceView } from './policy.js';

const CHECKED = Symbol('faultline.checkedPolicy');

/** True when `def` is already wrapped by `checkedPolicy`. */
export function isCheckedPolicy(def: PolicyDefinition): boolean {
  return (def as { [CHECKED]?: boolean })[CHECKED] === true;
}

const hex = (page: number): string => `0x${page.toString(16)}`;

/** A violation found by the shadow (already names origin, policy and record). */
class CheckFailure extends PolicyError {}

class ShadowEvents implements MemoryEvents {
  private readonly resident: Uint8Array;
  count = 0;
  private view: TraceView | undefined;
  private cursor = 0;
  /** Records replayed by earlier calls (record numbers run on across warm-up and chunks). */
  private base = 0;
  private from = 0;
  private to = 0;
  private inner: MemoryEvents | undefined;
  private residentSum = 0;
  private sampled = 0;
  /** The size being set while inside resize(), else -1. */
  private resizing = -1;

  constructor(
    pageCount: number,
    private frames: number,
    private readonly fixedSpace: boolean,
    private readonly fail: (record: number, rule: string) => never,
  ) {
    this.resident = new Uint8Array(pageCount);
  }

  begin(view: TraceView, from: number, to: number, events: MemoryEvents): void {
    this.view = view;
    this.from = from;
    this.to = to;
    this.cursor = from;
    this.inner = events;
  }

  /** Between records, the memory size becomes `frames`: only evictions may be reported until `endResize`. */
  beginResize(frames: number, events: MemoryEvents): void {
    this.from = this.to = this.cursor = 0;
    this.resizing = frames;
    this.frames = frames;
    this.inner = events;
  }

  endResize(): void {
    if (this.fixedSpace && this.count > this.frames) {
      this.violate(`resize(${this.frames}) left ${this.count} pages resident (a policy whose memory shrinks must evict its own victims until its pages fit)`);
    }
    this.resizing = -1;
  }

  /** The 1-based number of the record the policy is at. */
  get record(): number {
    return this.base + (this.cursor - this.from) + 1;
  }

  violate(rule: string): never {
    return this.fail(this.record, rule);
  }

  end(to: number): void {
    if (this.cursor !== to) this.violate(`the replay reported no event for this record (it ended having reported ${this.cursor - this.from} of ${to - this.from} records)`);
    this.base += to - this.from;
  }

  /** Checks that the record at the cursor is a reference to `page` with `code`, and moves past it. */
  private reference(code: number, page: number, what: string): void {
    this.duringResize(what, page);
    const view = this.view!;
    const i = this.cursor;
    if (i >= this.to) this.violate(`reported a ${what} for page ${hex(page)} after the last record it was given`);
    const c = view.codes[i]!;
    if (c & RELEASE_BIT) this.violate(`reported a ${what} for page ${hex(page)} where the record releases page ${hex(view.pages[i]!)}`);
    if (view.pages[i] !== page || c !== code) {
      this.violate(`reported a ${what} for page ${hex(page)} (code ${code}) where the record references page ${hex(view.pages[i]!)} (code ${c})`);
    }
    this.cursor = i + 1;
  }

  private duringResize(what: string, page: number): void {
    if (this.resizing >= 0) this.violate(`reported a ${what} for page ${hex(page)} during resize(${this.resizing}) (only evictions may be reported there)`);
  }

  private sample(): void {
    this.residentSum += this.count;
    this.sampled++;
  }

  hit(code: number, page: number): void {
    this.reference(code, page, 'hit');
    if (this.resident[page] !== 1) this.fail(this.record - 1, `reported a hit for page ${hex(page)}, which is not resident`);
    this.sample();
    this.inner!.hit(code, page);
  }

  softFault(code: number, page: number): void {
    this.reference(code, page, 'soft fault');
    if (this.resident[page] !== 1) this.fail(this.record - 1, `reported a soft fault for page ${hex(page)}, which is not resident`);
    this.sample();
    this.inner!.softFault(code, page);
  }

  fault(code: number, page: number): void {
    this.reference(code, page, 'fault');
    if (this.resident[page] === 1) this.fail(this.record - 1, `reported a fault for page ${hex(page)}, which is resident`);
    this.resident[page] = 1;
    this.count++;
    if (this.fixedSpace && this.count > this.frames) {
      this.fail(this.record - 1, `memory holds ${this.count} pages in ${this.frames} frames (a fault with memory full must evict a page first)`);
    }
    this.sample();
    this.inner!.fault(code, page);
  }

  evict(page: number): void {
    if (!(page >= 0 && page < this.resident.length) || this.resident[page] !== 1) {
      this.violate(`evicted page ${Number.isInteger(page) ? hex(page) : String(page)}, which is not resident`);
    }
    this.resident[page] = 0;
    this.count--;
    this.inner!.evict(page);
  }

  release(page: number, resident: boolean): void {
    this.duringResize('release', page);
    const view = this.view!;
    const i = this.cursor;
    if (i >= this.to || !(view.codes[i]! & RELEASE_BIT) || view.pages[i] !== page) {
      this.violate(`reported a release of page ${hex(page)} where the record is not that release`);
    }
    const was = this.resident[page] === 1;
    if (resident !== was) this.violate(`reported the release of page ${hex(page)} as ${resident ? '' : 'not '}resident, but it was ${was ? '' : 'not '}resident`);
    if (was) {
      this.resident[page] = 0;
      this.count--;
    }
    this.cursor = i + 1;
    this.inner!.release(page, resident);
  }

  /** Compares the policy's own view of memory with the shadow. */
  compareResident(pages: number[]): void {
    const seen = new Set<number>();
    for (const p of pages) {
      if (this.resident[p] !== 1) this.fail(this.base, `residentPages() lists page ${hex(p)}, which is not resident`);
      seen.add(p);
    }
    if (seen.size !== this.count) this.fail(this.base, `residentPages() lists ${seen.size} distinct pages, but ${this.count} are resident`);
  }

  resetStatistics(): void {
    this.residentSum = 0;
    this.sampled = 0;
  }

  compareMean(mean: number): void {
    const expected = this.sampled ? this.residentSum / this.sampled : 0;
    if (!(Math.abs(mean - expected) <= 1e-9 * Math.max(1, expected))) {
      this.fail(this.base, `meanResident() is ${mean}, but the resident set averaged ${expected} over the references since the reset`);
    }
  }
}

/**
 * Wraps a policy definition so that every instance runs under the checker. `origin` names where the
 * policy came from (a module file, or "registerPolicy"); `external` turns the policy's own
 * exceptions into PolicyErrors (a built-in's exception stays an internal fault).
 */
export function checkedPolicy(def: PolicyDefinition, origin: string, external = true): PolicyDefinition {
  if (isCheckedPolicy(def)) return def;
  const fixedSpace = !def.capabilities?.variableSpace;
  const where = (record: number | undefined): string => `${origin}: policy ${def.name}${record ? `: record ${record}` : ''}`;
  const rethrow = (err: unknown, record: number | undefined): never => {
    if (err instanceof CheckFailure) throw err;
    if (err instanceof PolicyError) throw new CheckFailure(`${where(record)}: ${err.message}`);
    if (!external || isUserError(err)) throw err;
    const e = err as Error;
    const text = e instanceof Error ? `${e.name}: ${e.message}` : String(err);
    throw new PolicyError(`${where(record)}: the policy threw ${text.split('\n')[0]}`);
  };
  const checked: PolicyDefinition = {
    ...def,
    create(setup: PolicySetup, params): PolicyInstance {
      let instance: PolicyInstance;
      try {
        instance = def.create(setup, params);
      } catch (err) {
        return rethrow(err, undefined);
      }
      const shadow = new ShadowEvents(setup.pageCount, setup.frames, fixedSpace, (record, rule) => {
        throw new CheckFailure(`${where(record)}: ${rule}`);
      });
      const compareResident = (): void => {
        let pages: number[];
        try {
          pages = instance.residentPages();
        } catch (err) {
          return rethrow(err, undefined);
        }
        shadow.compareResident(pages);
      };
      const wrapped: PolicyInstance = {
        replay(view: TraceView, from: number, to: number, events: MemoryEvents): void {
          shadow.begin(view, from, to, events);
          try {
            instance.replay(view, from, to, shadow);
          } catch (err) {
            rethrow(err, shadow.record);
          }
          shadow.end(to);
          compareResident();
        },
        residentPages: () => instance.residentPages(),
      };
      if (instance.resize) {
        wrapped.resize = (frames: number, events: MemoryEvents): void => {
          shadow.beginResize(frames, events);
          try {
            instance.resize!(frames, shadow);
          } catch (err) {
            rethrow(err, shadow.record);
          }
          shadow.endResize();
          compareResident();
        };
      }
      if (instance.meanResident) {
        wrapped.meanResident = (): number => {
          const mean = instance.meanResident!();
          shadow.compareMean(mean);
          return mean;
        };
      }
      if (instance.resetStatistics) {
        wrapped.resetStatistics = (): void => {
          instance.resetStatistics!();
          shadow.resetStatistics();
        };
      }
      return wrapped;
    },
  };
  Object.defineProperty(checked, CHECKED, { value: true });
  return checked;
}

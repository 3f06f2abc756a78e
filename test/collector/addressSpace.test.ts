/**
 * The collector's address-space model against a page-by-page one on random operations: every
 * page's mapping after each operation, and what each reference means (a plain reference, a
 * copy-on-write break, outside any mapping, valgrind's page). The naive model applies each rule of
 * docs/merger.md to one page at a time, with no ranges.
 */
import { describe, expect, it } from 'vitest';
import { AddressSpace, REGION_ANON, REGION_EXCLUDED, REGION_FILE_PRIVATE, REGION_FILE_SHARED, REGION_SHM, TOUCH_COW, TOUCH_EXCLUDED, TOUCH_OK, TOUCH_OUTSIDE, type RegionKind } from '../../collector/addressSpace.js';
import { randomInt, rng } from '../helpers/random.js';

interface PageMap {
  kind: RegionKind;
  file: object | undefined;
  filePage: number;
  shm: number;
}

class Identity {
  sharers = 1;
}

class NaiveSpace {
  pages = new Map<number, PageMap>();
  ids = new Map<number, Identity>();

  map(start: number, end: number, kind: RegionKind, file: object | undefined, pageOffset: number, shm: number): void {
    for (let v = start; v < end; v++) this.pages.set(v, { kind, file, filePage: pageOffset + v - start, shm });
  }

  unmap(start: number, end: number): void {
    for (let v = start; v < end; v++) {
      this.pages.delete(v);
      const id = this.ids.get(v);
      if (id) id.sharers--;
      this.ids.delete(v);
    }
  }

  move(oldStart: number, oldEnd: number, newStart: number, newEnd: number): void {
    const shift = newStart - oldStart;
    const pages = [...this.pages].filter(([v]) => v >= oldStart && v < oldEnd);
    const ids = [...this.ids].filter(([v]) => v >= oldStart && v < oldEnd);
    for (let v = oldStart; v < oldEnd; v++) {
      this.pages.delete(v);
      this.ids.delete(v);
    }
    this.unmap(newStart, newEnd);
    for (const [v, p] of pages) if (v + shift < newEnd) this.pages.set(v + shift, p);
    // a growth extends what was mapped at the old range's last page, with the next file pages
    const last = pages.find(([v]) => v === oldEnd - 1)?.[1];
    if (last) for (let v = oldEnd + shift; v < newEnd; v++) this.pages.set(v, { ...last, filePage: last.filePage + (v - (oldEnd - 1 + shift)) });
    for (const [v, id] of ids) {
      if (v + shift < newEnd) this.ids.set(v + shift, id);
      else id.sharers--;
    }
  }

  fork(): NaiveSpace {
    const child = new NaiveSpace();
    child.pages = new Map(this.pages);
    for (const [v, id] of this.ids) {
      id.sharers++;
      child.ids.set(v, id);
    }
    return child;
  }

  teardown(): void {
    for (const id of this.ids.values()) id.sharers--;
    this.ids.clear();
    this.pages.clear();
  }

  touch(v: number, write: boolean): number {
    const p = this.pages.get(v);
    if (!p) return TOUCH_OUTSIDE;
    if (p.kind === REGION_EXCLUDED) return TOUCH_EXCLUDED;
    if (p.kind === REGION_FILE_SHARED || p.kind === REGION_SHM) return TOUCH_OK;
    const id = this.ids.get(v);
    if (!id) {
      if (p.kind === REGION_FILE_PRIVATE && !write) return TOUCH_OK;
      this.ids.set(v, new Identity());
      return p.kind === REGION_FILE_PRIVATE ? TOUCH_COW : TOUCH_OK;
    }
    if (write && id.sharers > 1) {
      id.sharers--;
      this.ids.set(v, new Identity());
      return TOUCH_COW;
    }
    return TOUCH_OK;
  }
}

/** Every page's mapping in the fast model, page by page. */
function expand(space: AddressSpace): Map<number, PageMap> {
  const out = new Map<number, PageMap>();
  for (const r of space.mappings) {
    for (let v = r.start; v < r.end; v++) out.set(v, { kind: r.kind, file: r.file, filePage: r.pageOffset + v - r.start, shm: r.shm });
  }
  return out;
}

const PAGES = 48;
const KINDS: RegionKind[] = [REGION_ANON, REGION_FILE_PRIVATE, REGION_FILE_SHARED, REGION_SHM, REGION_EXCLUDED];

describe('AddressSpace against a page-by-page model', () => {
  it('agrees on mappings and on every reference over random operations, forks included', () => {
    const files = [{ name: 'a' }, { name: 'b' }];
    for (let seed = 1; seed <= 300; seed++) {
      const r = rng(seed);
      let context = 1;
      const spaces: [AddressSpace, NaiveSpace][] = [[new AddressSpace(context++), new NaiveSpace()]];
      for (let step = 0; step < 120; step++) {
        const which = randomInt(r, spaces.length);
        const [fast, naive] = spaces[which]!;
        const start = randomInt(r, PAGES);
        const end = Math.min(PAGES + 8, start + 1 + randomInt(r, 12));
        const op = randomInt(r, 20);
        if (op < 3) {
          // mmap: what was there goes first, as the collector's model does it
          const kind = KINDS[randomInt(r, KINDS.length)]!;
          const file = kind === REGION_FILE_PRIVATE || kind === REGION_FILE_SHARED ? files[randomInt(r, 2)] : undefined;
          const pageOffset = file ? randomInt(r, 5) : 0;
          const shm = kind === REGION_SHM ? 1 + randomInt(r, 3) : 0;
          fast.unmap(start, end);
          naive.unmap(start, end);
          fast.map({ start, end, kind, file, pageOffset, shm });
          naive.map(start, end, kind, file, pageOffset, shm);
        } else if (op < 5) {
          fast.unmap(start, end);
          naive.unmap(start, end);
        } else if (op < 7) {
          const newStart = randomInt(r, PAGES);
          const newEnd = newStart + 1 + randomInt(r, 12);
          fast.move(start, end, newStart, newEnd);
          naive.move(start, end, newStart, newEnd);
        } else if (op < 8 && spaces.length < 4) {
          spaces.push([fast.fork(context++), naive.fork()]);
        } else if (op < 9 && spaces.length > 1) {
          fast.teardown();
          naive.teardown();
          spaces.splice(which, 1);
        } else {
          for (let i = 0; i < 6; i++) {
            const v = randomInt(r, PAGES + 8);
            const write = randomInt(r, 2) === 1;
            expect(fast.touch(v, write), `seed ${seed} step ${step}: touch ${v} ${write ? 'w' : 'r'}`).toBe(naive.touch(v, write));
          }
        }
        expect(expand(fast), `seed ${seed} step ${step} op ${op}`).toEqual(naive.pages);
      }
    }
  });
});

/**
 * Linux's classic page reclaim (the two-list LRU with workingset refault detection), as Linux 6.1
 * runs it without MGLRU: mm/swap.c (folio_mark_accessed), mm/vmscan.c (folio_check_references,
 * shrink_folio_list, shrink_active_list, inactive_is_low, get_scan_count) and mm/workingset.c
 * (workingset_eviction, workingset_refault, workingset_test_recent, workingset_activation). Each rule
 * is listed with its source in docs/policies.md.
 *
 * Four lists: inactive and active, for anonymous and for file pages (a page's type is its kind in a
 * basic-named stream; pages of basic streams are file pages). Heads take new arrivals, reclaim works
 * from the tails. Per page: PG_referenced, PG_workingset, the accessed bit of its page-table entries,
 * and, once evicted, a shadow entry holding the eviction clock (nonresident_age).
 *  - An FS access (read/write) is folio_mark_accessed: the first sets PG_referenced; a second on an
 *    inactive page activates it (PG_referenced cleared; nonresident_age + 1).
 *  - A VM access sets the accessed bit; the kernel only sees it when reclaim scans the page.
 *  - A fault adds the page at the head of its inactive list — or its active list when it refaults
 *    with a shadow entry whose refault distance (nonresident_age now − at eviction) is at most the
 *    workingset size: active file + active anon, plus inactive file for an anon page or inactive anon
 *    for a file page (swap is assumed present); the activation ages nonresident_age, and a shadow
 *    taken from a PG_workingset page sets PG_workingset again. The faulting access itself then counts
 *    (accessed bit for VM, folio_mark_accessed for FS).
 *  - Reclaim frees one frame per fault with memory full. It picks the type to scan by swappiness
 *    (anon : file = swappiness : 200 − swappiness, by a deterministic running credit; a type with no
 *    pages is never picked); while that type's inactive list is low (inactive × ratio < active, ratio
 *    = ⌊√(10 × GiB of the type)⌋ or 1 below 1 GiB, with 4 KiB pages) the active tail is deactivated
 *    (accessed bit cleared, PG_workingset set, to the inactive head). The inactive tail is then
 *    checked: accessed bit set → PG_referenced set, and the page is activated if PG_referenced was
 *    already set (nonresident_age + 1) or rotated to the inactive head if not; accessed bit clear →
 *    evicted (PG_referenced alone does not save it), leaving a shadow entry (nonresident_age + 1).
 * Simplified (see docs/policies.md): one node, no zones or memory cgroups; no watermarks or batches
 * (SWAP_CLUSTER_MAX) — exactly one page is reclaimed per fault, when memory is full; the scan balance
 * has equal reclaim costs (no lru_note_cost) and no cache-trim or file-is-tiny modes; no VM_EXEC
 * protection, no mapcount (a page is mapped once), no writeback deferral, unlimited swap; shadow
 * entries are exact and never shrunk. A released page is forgotten (shadow included).
 * 18 bytes per page, O(1) amortised per reference.
 *
 * Resize (local allocations): as when a memory cgroup's limit is lowered (memory.max: reclaim until
 * usage fits), shrinking runs the fault path's reclaim — one page freed per run, same scan balance
 * and list balancing — until the resident pages fit. The inactive ratio needs no recomputing: the
 * kernel derives it from the lists' own sizes (inactive_is_low), which follow the new memory;
 * shadow entries and nonresident_age stay (refault distances are in evictions, not frames).
 * Growing evicts nothing.
 */
import { FS_BIT, KIND_ANON, KIND_MASK, KIND_SHIFT, RELEASE_BIT } from '../traces/operations.js';
import { ListSet } from './structures/listSet.js';
import type { MemoryEvents, PolicyDefinition, PolicyInstance, PolicySetup, TraceView } from './policy.js';

const REFERENCED = 1;
const YOUNG = 2;
const WORKINGSET = 4;
const FILE = 8;
const SEEN = 16;
const SHADOW = 32;
const SHADOW_WORKINGSET = 64;

/** List numbers: type × 2 + active; `where` stores list + 1 (0 = not resident). */
const INACTIVE_ANON = 0;
const ACTIVE_ANON = 1;
const INACTIVE_FILE = 2;
const ACTIVE_FILE = 3;

/** Pages per GiB at 4 KiB: inactive_is_low's `gb` is the type's pages shifted by 30 − 12 bits. */
const GIB_SHIFT = 18;

/**
 * The kernel's inactive:active target for a type holding `pages` pages (inactive_is_low: gb = pages
 * >> (30 - PAGE_SHIFT); int_sqrt(10 * gb), or 1 below a GiB). A shift, as the kernel's, not `2 **`:
 * the bundled command turns module constants into `var`s, and V8 then computes `2 ** GIB_SHIFT` on
 * every call (a pow call; 0.5 s of a 2 s replay, where this runs for every page reclaim looks at).
 */
export function inactiveRatio(pages: number): number {
  const gb = pages >>> GIB_SHIFT;
  return gb === 0 ? 1 : Math.floor(Math.sqrt(10 * gb));
}

class Linux implements PolicyInstance {
  /** The four lists, numbered as above. */
  private readonly lists: ListSet;
  private readonly where: Uint8Array;
  private readonly flags: Uint8Array;
  private readonly shadow: Float64Array;
  /** nonresident_age: evictions plus activations so far. */
  private age = 0;
  private resident = 0;
  /** Running anon/file scan credit: anon is picked when it reaches 200. */
  private credit = 0;

  constructor(private frames: number, pageCount: number, private readonly swappiness: number, private readonly refaults: boolean) {
    this.lists = new ListSet(pageCount, 4);
    this.where = new Uint8Array(pageCount);
    this.flags = new Uint8Array(pageCount);
    this.shadow = new Float64Array(pageCount);
  }

  replay(view: TraceView, from: number, to: number, events: MemoryEvents): void {
    const { pages, codes } = view;
    const { where, flags } = this;
    for (let i = from; i < to; i++) {
      const p = pages[i]!;
      const c = codes[i]!;
      const w = where[p]!;
      if (c & RELEASE_BIT) {
        if (w !== 0) {
          this.lists.remove(w - 1, p);
          where[p] = 0;
          this.resident--;
        }
        flags[p] = 0;
        events.release(p, w !== 0);
      } else if (w !== 0) {
        if (c & FS_BIT) this.markAccessed(p);
        else flags[p] = flags[p]! | YOUNG;
        events.hit(c, p);
      } else {
        if (this.resident >= this.frames) this.reclaim(events);
        this.add(p, c);
        events.fault(c, p);
      }
    }
  }

  /** folio_mark_accessed: the first access sets PG_referenced, a second activates an inactive page. */
  private markAccessed(p: number): void {
    const f = this.flags[p]!;
    if (!(f & REFERENCED)) {
      this.flags[p] = f | REFERENCED;
    } else if (!((this.where[p]! - 1) & 1)) {
      this.moveTo(p, (this.where[p]! - 1) | 1);
      this.flags[p] = f & ~REFERENCED;
      this.age++;
    }
  }

  private add(p: number, c: number): void {
    const { flags } = this;
    let f = flags[p]!;
    if (!(f & SEEN)) f = SEEN | (((c & KIND_MASK) >> KIND_SHIFT) === KIND_ANON ? 0 : FILE);
    const file = (f & FILE) !== 0;
    let list = file ? INACTIVE_FILE : INACTIVE_ANON;
    if (f & SHADOW) {
      if (this.refaults && this.age - this.shadow[p]! <= this.workingsetSize(file)) {
        list |= 1;
        this.age++;
        if (f & SHADOW_WORKINGSET) f |= WORKINGSET;
      }
      f &= ~(SHADOW | SHADOW_WORKINGSET);
    }
    flags[p] = f;
    this.lists.pushFront(list, p);
    this.where[p] = list + 1;
    this.resident++;
    if (c & FS_BIT) this.markAccessed(p);
    else flags[p] = flags[p]! | YOUNG;
  }

  resize(frames: number, events: MemoryEvents): void {
    this.frames = frames;
    while (this.resident > frames) this.reclaim(events);
  }

  /** workingset_test_recent: the pages a refaulting page competes with (swap assumed present). */
  private workingsetSize(file: boolean): number {
    const n = this.lists.sizes;
    return n[ACTIVE_FILE]! + n[ACTIVE_ANON]! + (file ? n[INACTIVE_ANON]! : n[INACTIVE_FILE]!);
  }

  private moveTo(p: number, list: number): void {
    this.lists.remove(this.where[p]! - 1, p);
    this.lists.pushFront(list, p);
    this.where[p] = list + 1;
  }

  /** get_scan_count's SCAN_FRACT with equal costs: anon : file = swappiness : 200 − swappiness. */
  private scanType(): number {
    const n = this.lists.sizes;
    const anon = n[INACTIVE_ANON]! + n[ACTIVE_ANON]!;
    const file = n[INACTIVE_FILE]! + n[ACTIVE_FILE]!;
    if (anon === 0) return INACTIVE_FILE;
    if (file === 0) return INACTIVE_ANON;
    this.credit += this.swappiness;
    if (this.credit >= 200) {
      this.credit -= 200;
      return INACTIVE_ANON;
    }
    return INACTIVE_FILE;
  }

  /** Frees one frame: balances the chosen type's lists, then scans its inactive tail until it evicts. */
  private reclaim(events: MemoryEvents): void {
    const { flags, lists } = this;
    const sizes = lists.sizes;
    const inactiveList = this.scanType();
    const activeList = inactiveList | 1;
    for (;;) {
      while (sizes[activeList]! > 0 && sizes[inactiveList]! * inactiveRatio(sizes[inactiveList]! + sizes[activeList]!) < sizes[activeList]!) {
        const d = lists.back(activeList);
        this.moveTo(d, inactiveList);
        flags[d] = (flags[d]! & ~YOUNG) | WORKINGSET;
      }
      const p = lists.back(inactiveList);
      const f = flags[p]!;
      if (f & YOUNG) {
        flags[p] = (f & ~YOUNG) | REFERENCED;
        if (f & REFERENCED) {
          this.moveTo(p, inactiveList | 1);
          this.age++;
        } else {
          this.moveTo(p, inactiveList);
        }
        continue;
      }
      lists.remove(inactiveList, p);
      this.where[p] = 0;
      this.resident--;
      this.shadow[p] = this.age;
      flags[p] = (f & (SEEN | FILE)) | SHADOW | (f & WORKINGSET ? SHADOW_WORKINGSET : 0);
      this.age++;
      events.evict(p);
      return;
    }
  }

  residentPages(): number[] {
    return [0, 1, 2, 3].flatMap((k) => this.lists.toArray(k));
  }
}

export const linuxPolicy: PolicyDefinition<{ swappiness: number; refaults: boolean }> = {
  name: 'linux',
  aliases: ['linux-lru', 'two-list'],
  summary: "Linux's classic reclaim: active/inactive lists per type (anon, file), accessed bits seen at scan time, swappiness, workingset refault detection",
  source: 'Linux 6.1: mm/vmscan.c, mm/workingset.c, mm/swap.c',
  params: [
    { name: 'swappiness', type: 'integer', default: 60, min: 0, max: 200, description: 'vm.swappiness: anon and file lists are scanned swappiness : 200 − swappiness' },
    { name: 'refaults', type: 'boolean', default: true, description: 'workingset refault detection: a refault within the workingset size is activated at once' },
  ],
  create: (setup: PolicySetup, params) => new Linux(setup.frames, setup.pageCount, params.swappiness, params.refaults),
};

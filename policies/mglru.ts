/**
 * MGLRU, Linux's multi-generational LRU (Documentation/mm/multigen_lru.rst; the code of Linux 6.1,
 * mm/vmscan.c: lru_gen_add_folio, folio_inc_refs, should_run_aging, inc_max_seq, try_to_inc_min_seq,
 * sort_folio, isolate_folios, get_type_to_scan, get_tier_idx, read_ctrl_pos, positive_ctrl_err,
 * reset_ctrl_pos; mm/workingset.c: lru_gen_eviction, lru_gen_refault). Each rule is listed with its
 * source in docs/policies.md.
 *
 * Generations are sequence numbers: max_seq (the youngest, shared) and min_seq per type (anon,
 * file), at least MIN_NR_GENS = 2 and at most MAX_NR_GENS = 4 of them; each holds a list per type,
 * newest at the head. Per page: its generation, the accessed bit of its page-table entries, and
 * PG_referenced, PG_workingset and a 2-bit counter that together count accesses through file
 * descriptors: refs = counter + workingset, tier = order_base_2(refs + 1), so N such accesses put a
 * page in tier ⌈log2 N⌉ (0–3).
 *  - VM access: the accessed bit. FS access (folio_inc_refs): PG_referenced, then PG_workingset, then
 *    the counter up to 3.
 *  - A VM fault adds the page to the youngest generation (the fault sets its accessed bit); an FS
 *    fault adds a file page to its oldest generation (an anon one to the next), then counts the access.
 *  - Aging (when min_seq[anon] + 2 > max_seq, or with three generations when the youngest holds more
 *    than half the pages or the oldest less than a quarter): every page with its accessed bit set has
 *    it cleared and moves to generation max_seq; then max_seq + 1 opens an empty youngest generation.
 *  - Eviction frees one frame per fault with memory full. The type: file when swappiness is 0, anon
 *    when its oldest generation is older, file at swappiness 1, anon at 200, else the PID controller
 *    (get_type_to_scan: tier 0 of anon against tier 0 of file with gains swappiness : 200 − swappiness,
 *    then the chosen type's higher tiers against the other type's tier 0 give the last tier to evict,
 *    tier_idx). From the tail of that type's oldest generation: a page with its accessed bit set goes
 *    to the youngest generation (bit cleared); a page in a tier above tier_idx, or with refs = 4, is
 *    protected — moved to generation min_seq + 1 with its access counts cleared, `protected` + 1; any
 *    other page is evicted, `evicted` + 1 for its tier, leaving a shadow (min_seq, refs, workingset).
 *    An oldest generation left empty is retired (min_seq + 1, while two generations remain, anon's
 *    min_seq never above file's); each retirement folds the type's counters into running averages
 *    (halved) that the controller reads with the current counts.
 *  - A refault whose shadow's min_seq is still the type's min_seq counts in `refaulted` for its tier;
 *    a VM refault, or one with refs = 4, sets PG_workingset.
 * Simplified (docs/policies.md): exact accessed bits (page-table walks, rmap look-around and Bloom
 * filters collapse into them), aging moves pages at once where the kernel re-sorts them lazily, one
 * node and no memory cgroups, no min_ttl, no writeback deferral, unlimited swap, one page evicted per
 * fault; with swappiness 0 and no file page, anon is evicted rather than running out of memory.
 * 18 bytes per page, O(1) amortised per reference (aging scans the resident pages, once a generation).
 *
 * Resize (local allocations): as when a memory cgroup's limit is lowered, shrinking runs the fault
 * path's eviction (aging when should_run_aging says so, the controller's type and tier) until the
 * resident pages fit. Nothing is size-derived to recompute: the number of generations (2–4) and the
 * aging tests depend on the pages in each generation, not on the memory size, and the controller's
 * counts are per tier. Growing evicts nothing.
 */
import { FS_BIT, KIND_ANON, KIND_MASK, KIND_SHIFT, RELEASE_BIT } from '../traces/operations.js';
import { ListSet } from './structures/listSet.js';
import type { MemoryEvents, PolicyDefinition, PolicyInstance, PolicySetup, TraceView } from './policy.js';

const MIN_NR_GENS = 2;
const MAX_NR_GENS = 4;
const MAX_NR_TIERS = 4;
/** refs = BIT(LRU_REFS_WIDTH): the most a page can count, always protected. */
const MAX_REFS = 4;
/** MIN_LRU_BATCH (BITS_PER_LONG): refaults below this are too few to act on. */
const MIN_LRU_BATCH = 64;
const ANON = 0;
const FILE = 1;

// flags
const RESIDENT = 1;
const YOUNG = 2;
const REFERENCED = 4;
const WORKINGSET = 8;
const IS_FILE = 16;
const SEEN = 32;
const SHADOW = 64;
const SHADOW_WORKINGSET = 128;

/** tier = order_base_2(refs + 1). */
const TIER_OF_REFS = [0, 1, 2, 2, 3];

class Mglru implements PolicyInstance {
  /** List (seq % MAX_NR_GENS) × 2 + type. */
  private readonly gens: ListSet;
  private readonly flags: Uint8Array;
  /** The 2-bit access counter while resident; the shadow's refs − 1 (0–3) once evicted. */
  private readonly counter: Uint8Array;
  /** The generation (sequence number) of a resident page; the shadow's min_seq once evicted. */
  private readonly seq: Float64Array;
  private maxSeq = MIN_NR_GENS - 1;
  private readonly minSeq = [0, 0];
  private resident = 0;
  /** PID controller state per type and tier: current counts and running averages. */
  private readonly refaulted = new Float64Array(2 * MAX_NR_TIERS);
  private readonly evicted = new Float64Array(2 * MAX_NR_TIERS);
  private readonly protectedCount = new Float64Array(2 * MAX_NR_TIERS);
  private readonly avgRefaulted = new Float64Array(2 * MAX_NR_TIERS);
  private readonly avgTotal = new Float64Array(2 * MAX_NR_TIERS);
  /** The last tier to evict, as chooseType found it. */
  private tierIdx = -1;

  constructor(private frames: number, pageCount: number, private readonly swappiness: number) {
    this.gens = new ListSet(pageCount, 2 * MAX_NR_GENS);
    this.flags = new Uint8Array(pageCount);
    this.counter = new Uint8Array(pageCount);
    this.seq = new Float64Array(pageCount);
  }

  replay(view: TraceView, from: number, to: number, events: MemoryEvents): void {
    const { pages, codes } = view;
    const flags = this.flags;
    for (let i = from; i < to; i++) {
      const p = pages[i]!;
      const c = codes[i]!;
      const f = flags[p]!;
      if (c & RELEASE_BIT) {
        if (f & RESIDENT) {
          this.gens.remove(this.listOf(p), p);
          this.resident--;
        }
        flags[p] = 0;
        events.release(p, (f & RESIDENT) !== 0);
      } else if (f & RESIDENT) {
        if (c & FS_BIT) this.incRefs(p);
        else flags[p] = f | YOUNG;
        events.hit(c, p);
      } else {
        if (this.resident >= this.frames) this.evictOne(events);
        this.add(p, c);
        events.fault(c, p);
      }
    }
  }

  private listOf(p: number): number {
    return (this.seq[p]! % MAX_NR_GENS) * 2 + (this.flags[p]! & IS_FILE ? FILE : ANON);
  }

  /** folio_inc_refs: PG_referenced, then PG_workingset, then the counter (at most 3). */
  private incRefs(p: number): void {
    const f = this.flags[p]!;
    if (!(f & REFERENCED)) this.flags[p] = f | REFERENCED;
    else if (!(f & WORKINGSET)) this.flags[p] = f | WORKINGSET;
    else if (this.counter[p]! < 3) this.counter[p]++;
  }

  private refs(p: number): number {
    return this.counter[p]! + (this.flags[p]! & WORKINGSET ? 1 : 0);
  }

  private add(p: number, c: number): void {
    const flags = this.flags;
    let f = flags[p]!;
    if (!(f & SEEN)) f = SEEN | (((c & KIND_MASK) >> KIND_SHIFT) === KIND_ANON ? 0 : IS_FILE);
    const type = f & IS_FILE ? FILE : ANON;
    const vm = (c & FS_BIT) === 0;
    let workingset = false;
    if ((f & SHADOW) && this.seq[p] === this.minSeq[type]) {
      const refs = this.counter[p]! + (f & SHADOW_WORKINGSET ? 1 : 0);
      this.refaulted[type * MAX_NR_TIERS + TIER_OF_REFS[refs]!]++;
      workingset = vm || refs === MAX_REFS;
    }
    flags[p] = (f & (SEEN | IS_FILE)) | RESIDENT | (workingset ? WORKINGSET : 0);
    this.counter[p] = 0;
    this.seq[p] = vm ? this.maxSeq : this.minSeq[type]! + (type === ANON ? 1 : 0);
    this.gens.pushFront(this.listOf(p), p);
    this.resident++;
    if (vm) flags[p] = flags[p]! | YOUNG;
    else this.incRefs(p);
  }

  private genSize(seq: number, type: number): number {
    return this.gens.sizes[(seq % MAX_NR_GENS) * 2 + type]!;
  }

  /** should_run_aging: out of cold generations, or (with three) an uneven spread; judged on file alone at swappiness 0. */
  private shouldAge(): boolean {
    const min = this.minSeq[this.swappiness === 0 ? FILE : ANON]!;
    const max = this.maxSeq;
    if (min + MIN_NR_GENS > max) return true;
    if (min + MIN_NR_GENS < max) return false;
    const young = this.genSize(max, ANON) + this.genSize(max, FILE);
    const old = this.genSize(max - MIN_NR_GENS, ANON) + this.genSize(max - MIN_NR_GENS, FILE);
    return young * MIN_NR_GENS > this.resident || old * (MIN_NR_GENS + 2) < this.resident;
  }

  /**
   * inc_max_seq with an exact page-table walk: a type already holding MAX_NR_GENS generations first
   * folds its oldest into the next (inc_min_seq: access counts cleared, at that generation's tail);
   * accessed pages join generation max_seq; then max_seq + 1.
   */
  private age(): void {
    const { gens, flags } = this;
    for (let type = FILE; type >= ANON; type--) {
      const min = this.minSeq[type]!;
      if (this.maxSeq - min + 1 < MAX_NR_GENS) continue;
      const k = (min % MAX_NR_GENS) * 2 + type;
      for (let p = gens.back(k); p >= 0; p = gens.back(k)) this.moveToNext(p, k, min + 1);
      this.carryOver(type);
      this.minSeq[type] = min + 1;
    }
    for (let s = this.minSeq[ANON]!; s < this.maxSeq; s++) {
      for (let type = ANON; type <= FILE; type++) {
        const k = (s % MAX_NR_GENS) * 2 + type;
        for (let p = gens.back(k); p >= 0;) {
          const older = gens.prev[p]!;
          if (flags[p]! & YOUNG) this.promote(p, k);
          p = older >= flags.length ? -1 : older;
        }
      }
    }
    for (let type = ANON; type <= FILE; type++) {
      const k = (this.maxSeq % MAX_NR_GENS) * 2 + type;
      for (let p = gens.back(k); p >= 0; p = gens.prev[p]! >= flags.length ? -1 : gens.prev[p]!) flags[p] = flags[p]! & ~YOUNG;
    }
    this.maxSeq++;
  }

  /** A page found accessed moves to the head of the youngest generation, its bit cleared. */
  private promote(p: number, from: number): void {
    this.gens.remove(from, p);
    this.flags[p] = this.flags[p]! & ~YOUNG;
    this.seq[p] = this.maxSeq;
    this.gens.pushFront(this.listOf(p), p);
  }

  /** folio_inc_gen: p moves to the tail of generation `seq` with its access counts cleared. */
  private moveToNext(p: number, from: number, seq: number): void {
    this.gens.remove(from, p);
    this.flags[p] = this.flags[p]! & ~(REFERENCED | WORKINGSET);
    this.counter[p] = 0;
    this.seq[p] = seq;
    this.gens.pushBack(this.listOf(p), p);
  }

  /** try_to_inc_min_seq: retire empty oldest generations, keeping two; anon's min_seq never above file's. */
  private retireEmptyGenerations(): boolean {
    let anon = this.minSeq[ANON]!;
    let file = this.minSeq[FILE]!;
    while (anon + MIN_NR_GENS <= this.maxSeq && this.genSize(anon, ANON) === 0) anon++;
    while (file + MIN_NR_GENS <= this.maxSeq && this.genSize(file, FILE) === 0) file++;
    anon = Math.min(anon, file);
    file = Math.max(anon, this.minSeq[FILE]!);
    const retiredAnon = this.retireTo(ANON, anon);
    return this.retireTo(FILE, file) || retiredAnon;
  }

  private retireTo(type: number, seq: number): boolean {
    if (seq === this.minSeq[type]) return false;
    this.carryOver(type);
    this.minSeq[type] = seq;
    return true;
  }

  /** reset_ctrl_pos with carryover (one history generation): averages take half of average + current. */
  private carryOver(type: number): void {
    for (let tier = 0; tier < MAX_NR_TIERS; tier++) {
      const k = type * MAX_NR_TIERS + tier;
      this.avgRefaulted[k] = Math.floor((this.avgRefaulted[k]! + this.refaulted[k]!) / 2);
      this.avgTotal[k] = Math.floor((this.avgTotal[k]! + this.evicted[k]! + (tier > 0 ? this.protectedCount[k - 1]! : 0)) / 2);
      this.refaulted[k] = 0;
      this.evicted[k] = 0;
      this.protectedCount[k] = 0;
    }
  }

  /** read_ctrl_pos + positive_ctrl_err: does the process variable (pv) refault no more than the set point (sp)? */
  private positiveError(spType: number, spTier: number, spGain: number, pvType: number, pvTier: number, pvGain: number): boolean {
    const sk = spType * MAX_NR_TIERS + spTier;
    const pk = pvType * MAX_NR_TIERS + pvTier;
    const spRefaulted = this.avgRefaulted[sk]! + this.refaulted[sk]!;
    const spTotal = this.avgTotal[sk]! + this.evicted[sk]! + (spTier > 0 ? this.protectedCount[sk - 1]! : 0);
    const pvRefaulted = this.avgRefaulted[pk]! + this.refaulted[pk]!;
    const pvTotal = this.avgTotal[pk]! + this.evicted[pk]! + (pvTier > 0 ? this.protectedCount[pk - 1]! : 0);
    return pvRefaulted < MIN_LRU_BATCH || pvRefaulted * (spTotal + MIN_LRU_BATCH) * spGain <= (spRefaulted + 1) * pvTotal * pvGain;
  }

  /** The last tier of `type` to evict: higher tiers whose refaults stay within the set point's are evicted too. */
  private lastTier(type: number, spType: number, spGain: number, pvGain: number): number {
    let tier = 1;
    while (tier < MAX_NR_TIERS && this.positiveError(spType, 0, spGain, type, tier, pvGain)) tier++;
    return tier - 1;
  }

  /** isolate_folios' choice of type; sets `tierIdx` (-1: decide with get_tier_idx when scanning). */
  private chooseType(): number {
    const s = this.swappiness;
    this.tierIdx = -1;
    if (s === 0) return FILE;
    if (this.minSeq[ANON]! < this.minSeq[FILE]!) return ANON;
    if (s === 1) return FILE;
    if (s === 200) return ANON;
    const type = this.positiveError(ANON, 0, s, FILE, 0, 200 - s) ? FILE : ANON;
    const gain = type === FILE ? 200 - s : s;
    this.tierIdx = this.lastTier(type, 1 - type, 200 - gain, gain);
    return type;
  }

  resize(frames: number, events: MemoryEvents): void {
    this.frames = frames;
    while (this.resident > frames) this.evictOne(events);
  }

  private evictOne(events: MemoryEvents): void {
    for (;;) {
      if (this.shouldAge()) this.age();
      let type = this.chooseType();
      let tierIdx = this.tierIdx;
      const other = this.swappiness === 0 && this.typeSize(FILE) > 0 ? -1 : 1 - type;
      if (this.genSize(this.minSeq[type]!, type) === 0 && other >= 0) {
        type = other;
        tierIdx = -1;
      }
      if (tierIdx < 0) tierIdx = this.lastTier(type, type, 1, 2);
      if (this.scanOldest(type, tierIdx, events)) return;
      // Nothing left to retire: open a generation so that the window slides.
      if (!this.retireEmptyGenerations()) this.age();
    }
  }

  private typeSize(type: number): number {
    let n = 0;
    for (let g = 0; g < MAX_NR_GENS; g++) n += this.gens.sizes[g * 2 + type]!;
    return n;
  }

  /** sort_folio over the oldest generation of `type`, from its tail, until a page is evicted. */
  private scanOldest(type: number, tierIdx: number, events: MemoryEvents): boolean {
    const { gens, flags } = this;
    const min = this.minSeq[type]!;
    const k = (min % MAX_NR_GENS) * 2 + type;
    for (let p = gens.back(k); p >= 0; p = gens.back(k)) {
      if (flags[p]! & YOUNG) {
        this.promote(p, k);
        continue;
      }
      const refs = this.refs(p);
      const tier = TIER_OF_REFS[refs]!;
      if (tier > tierIdx || refs === MAX_REFS) {
        this.moveToNext(p, k, min + 1);
        if (tier > 0) this.protectedCount[type * MAX_NR_TIERS + tier - 1]++;
        continue;
      }
      gens.remove(k, p);
      this.resident--;
      this.evicted[type * MAX_NR_TIERS + tier]++;
      this.seq[p] = min;
      this.counter[p] = Math.max(refs - 1, 0);
      flags[p] = (flags[p]! & (SEEN | IS_FILE)) | SHADOW | (flags[p]! & WORKINGSET ? SHADOW_WORKINGSET : 0);
      events.evict(p);
      return true;
    }
    return false;
  }

  residentPages(): number[] {
    const out: number[] = [];
    for (let k = 0; k < 2 * MAX_NR_GENS; k++) out.push(...this.gens.toArray(k));
    return out;
  }
}

export const mglruPolicy: PolicyDefinition<{ swappiness: number }> = {
  name: 'mglru',
  aliases: ['multi-gen-lru', 'lru-gen'],
  summary: "Linux's multi-generational LRU: 2–4 generations aged by accessed bits, tiers by file-descriptor accesses, a PID controller on refaults",
  source: 'Linux 6.1: Documentation/mm/multigen_lru.rst, mm/vmscan.c, mm/workingset.c',
  params: [
    { name: 'swappiness', type: 'integer', default: 60, min: 0, max: 200, description: 'vm.swappiness: the gains of anon and file in the PID controller (swappiness : 200 − swappiness)' },
  ],
  create: (setup: PolicySetup, params) => new Mglru(setup.frames, setup.pageCount, params.swappiness),
};

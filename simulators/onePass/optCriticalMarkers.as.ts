/**
 * OPT stack distances for every memory size at once by *critical markers*, in O(log V) per
 * reference: the Critical Marker Algorithm of Bilardi, Ekanadham & Pattnaik ("Optimal on-line
 * computation of stack distances for MIN and OPT", CF 2017), restated on the time axis.
 * docs/performance.md gives the statement, how it was checked and what it costs. Same depths as
 * Mattson's priority stack (`priorityStack.ts`), which stays as the reference.
 *
 * AssemblyScript, compiled to WebAssembly with SIMD by `npm run build:wasm`
 * (scripts/buildWasm.mjs); `optCriticalMarkers.ts` is its JavaScript face. Why WebAssembly: the
 * engine's ~500 ns per reference were computation spread over every step (climb, walk, descent,
 * node recomputes, capacity minima), which JavaScript could not make cheaper; here there are no
 * bounds checks, and a group of 16 children is four 4-lane vectors — a node's recompute is a
 * vector prefix sum, the walk and the descent test 16 children at once, the capacity minima are
 * vector minima, a word's 32 slots are byte lanes. On the 20M-reference Zipf stream the depths
 * come 1.6–1.9× faster, the whole curve with every counter 1.4–2.5× (docs/performance.md).
 *
 * The pages sit in LRU order; each capacity c ≥ 1 (memory of c + 1 frames) has one *marker*, at
 * a position of that stack. With β(i) = (markers at positions ≤ i) − i (≥ 0 always), a reference
 * to the page at LRU position D ≥ 1 (0 is the top) has OPT depth c* + 1, where z is the deepest
 * position above D with β(z) = 0 and c* the smallest capacity whose marker lies below z. Then
 * the markers at positions ≤ D move down one with their pages (D's go to the page below it),
 * the page goes on top, and c*'s marker goes to position 1 — the page referenced just before.
 * A page's first reference puts a new capacity's marker at position 1.
 *
 * On the time axis nothing moves but two markers. Every page owns the *slot* of its last
 * reference (slots are taken in time order, so LRU position = live slots after it); a marker
 * stays on its slot when the page leaves it (an empty slot between two pages counts as the older
 * page's position, so the markers' positions do not change). Give each slot the weight
 * (marker ? 1 : 0) − (page ? 1 : 0) and let P(x) be the sum of the weights of the slots before x.
 * There is always one marker fewer than pages, so the weights sum to −1 and β ≥ 0 reads P ≤ 0;
 * β(z) = 0 reads P = 0 just after z's slot. So a reference to the page at slot s finds y, the
 * first slot ≥ s after which P returns to 0 (there is one before the newest slot, where P is 0),
 * and c* = the smallest marker in slots [0, y]. Two 16-ary trees do the work. Over the slots
 * (bitmaps of pages and markers, 32 slots a word), each node keeps the sum of its weights, the
 * largest prefix sum inside it and the sum of its siblings before it: one climb gives P at s, a
 * walk right and a descent find y, and four slots change (s loses its page, c*'s slot its marker,
 * the previous newest slot gains it, a new slot the page). Over the capacities, each node keeps
 * the smallest slot of its markers: c* is the first capacity whose marker is at or before y, one
 * descent; a moved marker updates its path while the minimum moves.
 *
 * Slots are taken one per reference; when they run out, the slots with neither page nor marker
 * are squeezed out (in order), so memory grows with the pages (≤ 2 slots each), not the trace.
 *
 * At the end of the trace every page is never used again; policies/opt.ts then evicts the lowest
 * page number first. Their final depths are the depths of one more reference to each, in order of
 * decreasing page number (the order of their eviction priority), all at the same moment
 * (`finalDepth`, called in that order by the JavaScript side).
 *
 * Memory: one instance per engine. The fixed arrays (the byte table, per page its slot, the
 * capacity tree) come first; the slot arrays (bitmaps, per slot its page and marker, the slot
 * tree) lie after them and grow in place when a squeeze keeps more than half the slots.
 */

/** No slot (a capacity without a marker): above every slot. */
const NONE: i32 = 0x7fffffff;
/** The largest prefix sum of a padding node of the slot tree: P plus it never reaches 0. */
const LOW: i32 = -0x40000000;
/** Depth of a page that is not in the stack (depthCounters.ts's NOT_IN_STACK). */
const NOT_IN_STACK: u32 = 0xffffffff;
/** Slots per word of the page and marker bitmaps: 1 << WORD_SHIFT. */
const WORD_SHIFT = 5;
/** The trees' fan-out: 1 << SHIFT, four vectors of four 32-bit lanes. */
const SHIFT = 4;
/** Room for the level starts of a 16-ary tree over up to 2^32 leaves. */
const MAX_LEVELS = 16;

@inline function get(array: usize, i: i32): i32 {
  return load<i32>(array + (<usize>i << 2));
}
@inline function set(array: usize, i: i32, value: i32): void {
  store<i32>(array + (<usize>i << 2), value);
}
@inline function max(a: i32, b: i32): i32 {
  return select<i32>(a, b, a > b);
}

/** The end of the memory in use; everything below it is laid out once by `init` and `layOutSlots`. */
let heapEnd: usize = 0;

/** Takes `bytes` more at the end of the memory in use (64-byte aligned: a group of 16 children is one cache line). */
function take(bytes: u64): usize {
  const at = (heapEnd + 63) & ~(<usize>63);
  reserve(<u64>at + bytes);
  heapEnd = at + <usize>bytes;
  return at;
}

/**
 * Grows the memory to hold `end` bytes (counted in 64 bits: past 4 GiB they would wrap); the
 * JavaScript side turns the abort into a clear error.
 */
function reserve(end: u64): void {
  if (end > 0xffffffff) abort();
  const pages = <i32>((end + 0xffff) >> 16) - memory.size();
  if (pages > 0 && memory.grow(pages) < 0) abort();
}

/**
 * For 8 consecutive slots (bit i = slot i) with page bits `p` and marker bits `m`, entry
 * (p << 8) | m holds the sum of their weights and the largest prefix sum, each plus 8, in 5 bits.
 */
let bytes: usize = 0;
@inline function byteEntry(pageBits: i32, markerBits: i32): i32 {
  return <i32>load<i16>(bytes + (<usize>((pageBits << 8) | markerBits) << 1));
}
function fillBytes(): void {
  for (let p = 0; p < 256; p++) {
    for (let m = 0; m < 256; m++) {
      let sum = 0;
      let high = -8;
      for (let i = 0; i < 8; i++) {
        sum += ((m >> i) & 1) - ((p >> i) & 1);
        high = max(high, sum);
      }
      store<i16>(bytes + (<usize>((p << 8) | m) << 1), <i16>((sum + 8) | ((high + 8) << 5)));
    }
  }
}

/**
 * Writes to `out` the first node of each level of a 16-ary tree whose levels lie end to end in
 * one array, from `leaves` entries at level `from` up to a single root; each level but the root
 * is padded to a multiple of 16 entries, so a node's 16 children are always there (a scan needs
 * no bound). The last entry is the array's length. Returns the number of entries.
 */
function levelStarts(leaves: i32, from: i32, out: usize): i32 {
  let count = 0;
  for (; count < from; count++) set(out, count, 0);
  let at = 0;
  for (let n = leaves; ; n = (n + 15) >> SHIFT) {
    set(out, count++, at);
    if (n == 1) break;
    at += ((n + 15) >> SHIFT) << SHIFT;
  }
  set(out, count++, at + 1);
  return count;
}

/** Room for BATCH page ids, which `referenceBatch` replaces with their depths. */
let batch: usize = 0;
export const BATCH = 1 << 14;

/** Per page, the slot of its last reference, -1 before its first. */
let slotOf: usize = 0;
/**
 * The capacity tree, level after level in one array (starts in `capacityAt`): level 0 holds each
 * capacity's marker slot (NONE when it has none), each node above the smallest slot of the
 * markers under it (16 capacities per node of level 1).
 */
let capacityTree: usize = 0;
let capacityAt: usize = 0;
let capacityLevels: i32 = 0;
/** Bitmaps over the slots, interleaved word by word: at 2w which slots of word w hold a page's last reference, at 2w + 1 which a marker. */
let bits: usize = 0;
/** Per slot, its page and its marker (meaningful only where the bitmaps have the slot): what a squeeze moves. */
let pageAt: usize = 0;
let markerAt: usize = 0;
/**
 * The slot tree, level after level (starts in `slotAt`; level 1: one node per bitmap word, above:
 * one per 16 nodes), in three arrays: the sum of a node's weights, the largest sum of a non-empty
 * prefix of its slots, and the sum of its siblings before it in its group (written by the
 * parent's recompute). Padding nodes (0, LOW) weigh nothing and never hold the zero.
 */
let sums: usize = 0;
let highs: usize = 0;
let before: usize = 0;
let slotAt: usize = 0;
let slotLevels: i32 = 0;
/** Where the slot arrays begin (they grow in place from there). */
let slotArrays: usize = 0;
let capacity: i32 = 0;
/** The newest slot (the last reference's page), -1 before the first reference. */
let top: i32 = -1;
let next: i32 = 0;
/** Distinct pages referenced so far. */
let pages: i32 = 0;
/** The prefix sum where `zeroIn` left its walk when the word ended first. */
let scanP: i32 = 0;

/** A new engine over page ids [0, pageCount) with `slots` slots (a power of two ≥ 512) before the first squeeze. */
export function init(pageCount: i32, slots: i32): void {
  heapEnd = __heap_base;
  bytes = take(1 << 17);
  fillBytes();
  batch = take(BATCH << 2);
  slotOf = take(<u64>pageCount << 2);
  memory.fill(slotOf, 0xff, <usize>pageCount << 2);
  capacityAt = take(MAX_LEVELS << 2);
  capacityLevels = levelStarts(pageCount + 1, 0, capacityAt);
  const length = get(capacityAt, capacityLevels - 1);
  capacityTree = take(<u64>length << 2);
  for (let i = 0; i < length; i++) set(capacityTree, i, NONE);
  slotAt = take(MAX_LEVELS << 2);
  slotArrays = take(0);
  capacity = 0;
  top = -1;
  next = 0;
  pages = 0;
  layOutSlots(slots);
  rebuildSlotTree();
}

/**
 * Lays the slot arrays out for `slots` slots, keeping the bitmaps and the slots' pages and
 * markers in use; the slot tree starts empty. Each array starts no earlier than before, so they
 * move in place, the last first.
 */
function layOutSlots(slots: i32): void {
  const oldWords = capacity >> WORD_SHIFT;
  const oldSlots = <usize>capacity << 2;
  const words = slots >> WORD_SHIFT;
  slotLevels = levelStarts(words, 1, slotAt);
  const nodes = <usize>get(slotAt, slotLevels - 1) << 2;
  reserve(<u64>slotArrays + ((<u64>words + <u64>slots) << 3) + 3 * <u64>nodes);
  const newBits = slotArrays;
  const newPageAt = newBits + (<usize>(2 * words) << 2);
  const newMarkerAt = newPageAt + (<usize>slots << 2);
  sums = newMarkerAt + (<usize>slots << 2);
  highs = sums + nodes;
  before = highs + nodes;
  heapEnd = before + nodes;
  memory.copy(newMarkerAt, markerAt, oldSlots);
  memory.copy(newPageAt, pageAt, oldSlots);
  memory.copy(newBits, bits, <usize>(2 * oldWords) << 2);
  memory.fill(newBits + (<usize>(2 * oldWords) << 2), 0, <usize>(2 * (words - oldWords)) << 2);
  bits = newBits;
  pageAt = newPageAt;
  markerAt = newMarkerAt;
  capacity = slots;
  memory.fill(sums, 0, nodes);
  // Four at a time: the last store may run into `before`, which is cleared after.
  const low = i32x4.splat(LOW);
  for (let at = highs; at < before; at += 16) v128.store(at, low);
  memory.fill(before, 0, nodes);
}

/** The smallest of the 16 lanes of four vectors, in every lane. */
@inline function minimum(a: v128, b: v128, c: v128, d: v128): v128 {
  let m = i32x4.min_s(i32x4.min_s(a, b), i32x4.min_s(c, d));
  m = i32x4.min_s(m, i8x16.shuffle(m, m, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
  return i32x4.min_s(m, i8x16.shuffle(m, m, 4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11));
}
@inline function maximum(m: v128): v128 {
  m = i32x4.max_s(m, i8x16.shuffle(m, m, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
  return i32x4.max_s(m, i8x16.shuffle(m, m, 4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11));
}

/** Recomputes node `g` of level `l` ≥ 1 of the capacity tree from its children; false when it did not change. */
function recomputeCapacity(l: i32, g: i32): bool {
  const children = capacityTree + (<usize>(get(capacityAt, l - 1) + (g << SHIFT)) << 2);
  const smallest = i32x4.extract_lane(minimum(v128.load(children), v128.load(children, 16), v128.load(children, 32), v128.load(children, 48)), 0);
  const at = get(capacityAt, l) + g;
  if (get(capacityTree, at) == smallest) return false;
  set(capacityTree, at, smallest);
  return true;
}

/** Moves marker `c` to `slot` (NONE: takes it away), keeping the capacity tree's minima. */
function placeMarker(c: i32, slot: i32): void {
  const old = get(capacityTree, c);
  set(capacityTree, c, slot);
  for (let l = 1, g = c >> SHIFT; l < capacityLevels - 1; l++, g >>= SHIFT) {
    const at = get(capacityAt, l) + g;
    const m = get(capacityTree, at);
    if (slot < m) set(capacityTree, at, slot);
    else if (old != m || !recomputeCapacity(l, g)) return;
  }
}

/** The smallest capacity whose marker is at a slot ≤ y: down the capacity tree, first child whose minimum is ≤ y (16 compared at once). */
function firstMarkerAtOrBefore(y: i32): i32 {
  const limit = i32x4.splat(y);
  let g = 0;
  for (let l = capacityLevels - 2; l > 0; l--) {
    const children = capacityTree + (<usize>(get(capacityAt, l - 1) + (g << SHIFT)) << 2);
    const atOrBefore =
      i32x4.bitmask(i32x4.le_s(v128.load(children), limit)) |
      (i32x4.bitmask(i32x4.le_s(v128.load(children, 16), limit)) << 4) |
      (i32x4.bitmask(i32x4.le_s(v128.load(children, 32), limit)) << 8) |
      (i32x4.bitmask(i32x4.le_s(v128.load(children, 48), limit)) << 12);
    g = (g << SHIFT) + ctz<i32>(atOrBefore);
  }
  return g;
}

function rebuildCapacityTree(): void {
  for (let l = 1; l < capacityLevels - 1; l++) for (let g = (get(capacityAt, l) - get(capacityAt, l - 1)) >> SHIFT; g-- > 0; ) recomputeCapacity(l, g);
}

/** Every real node of the slot tree from the bitmaps up (padding nodes stay as they are). */
function rebuildSlotTree(): void {
  for (let g = 0; g < capacity >> WORD_SHIFT; g++) recomputeWord(g);
  for (let l = 2; l < slotLevels - 1; l++) for (let g = 0; g < (get(slotAt, l) - get(slotAt, l - 1)) >> SHIFT; g++) recompute(l, g);
}

@inline function storeNode(at: i32, sum: i32, high: i32): bool {
  if (get(sums, at) == sum && get(highs, at) == high) return false;
  set(sums, at, sum);
  set(highs, at, high);
  return true;
}

/** Inclusive prefix sums of the four lanes: two shifted adds. */
@inline function prefixSums(x: v128): v128 {
  const zero = i32x4.splat(0);
  const once = i32x4.add(x, i8x16.shuffle(zero, x, 0, 1, 2, 3, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27));
  return i32x4.add(once, i8x16.shuffle(zero, once, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23));
}
@inline function lastLane(x: v128): v128 {
  return i8x16.shuffle(x, x, 12, 13, 14, 15, 12, 13, 14, 15, 12, 13, 14, 15, 12, 13, 14, 15);
}

/**
 * Recomputes node `g` of level `l` ≥ 2 of the slot tree from its 16 children, four at a time:
 * each child's "siblings before" is the running sum of the sums before it, and the node's largest
 * prefix the largest of (siblings before + the child's largest prefix); false when it did not change.
 */
function recompute(l: i32, g: i32): bool {
  const offset = <usize>(get(slotAt, l - 1) + (g << SHIFT)) << 2;
  const sum = sums + offset;
  const high = highs + offset;
  const sibling = before + offset;
  let carried = i32x4.splat(0);
  let largest = i32x4.splat(LOW);
  for (let q: usize = 0; q < 64; q += 16) {
    const x = v128.load(sum + q);
    const inclusive = prefixSums(x);
    const exclusive = i32x4.add(i32x4.sub(inclusive, x), carried);
    v128.store(sibling + q, exclusive);
    largest = i32x4.max_s(largest, i32x4.add(exclusive, v128.load(high + q)));
    carried = i32x4.add(carried, lastLane(inclusive));
  }
  return storeNode(get(slotAt, l) + g, i32x4.extract_lane(carried, 0), i32x4.extract_lane(maximum(largest), 0));
}

/** Recomputes the node of word `g` from the bitmaps, byte by byte. */
function recomputeWord(g: i32): bool {
  const pageBits = get(bits, 2 * g);
  const markerBits = get(bits, 2 * g + 1);
  let sum = 0;
  let high = LOW;
  for (let b = 0; b < 32; b += 8) {
    const e = byteEntry((pageBits >>> b) & 255, (markerBits >>> b) & 255);
    high = max(high, sum + (e >> 5) - 8);
    sum += (e & 31) - 8;
  }
  return storeNode(get(slotAt, 1) + g, sum, high);
}

/**
 * Brings the nodes above two changed slots up to date, level by level, stopping where neither
 * path changes; the paths become one at their common ancestor, where a reference's +1 and −1
 * cancel out. A node whose child changes is recomputed right after it, from its children as they
 * are then, so in the end every node agrees with its children, whatever the order.
 */
function refresh(a: i32, b: i32): void {
  let ga = a >> WORD_SHIFT;
  let gb = b >> WORD_SHIFT;
  let changedA = recomputeWord(ga);
  let changedB = ga != gb && recomputeWord(gb);
  for (let l = 2; l < slotLevels - 1 && (changedA || changedB); l++) {
    ga >>= SHIFT;
    gb >>= SHIFT;
    if (ga == gb) {
      changedA = recompute(l, ga);
      changedB = false;
    } else {
      changedA = changedA && recompute(l, ga);
      changedB = changedB && recompute(l, gb);
    }
  }
}

/** Inclusive prefix sums of 16 byte lanes: four shifted adds. */
@inline function prefixSums16(x: v128): v128 {
  const zero = i8x16.splat(0);
  x = i8x16.add(x, i8x16.shuffle(zero, x, 0, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30));
  x = i8x16.add(x, i8x16.shuffle(zero, x, 0, 1, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29));
  x = i8x16.add(x, i8x16.shuffle(zero, x, 0, 1, 2, 3, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27));
  return i8x16.add(x, i8x16.shuffle(zero, x, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23));
}

/** Lane i of 16: −1 where bit i of the 16 bits of `word` picked by `bytes` (two bytes, eight lanes each) is set, else 0. */
@inline function bitLanes(word: v128, bytes: v128): v128 {
  const bit = i8x16(1, 2, 4, 8, 16, 32, 64, -128, 1, 2, 4, 8, 16, 32, 64, -128);
  return i8x16.eq(v128.and(i8x16.swizzle(word, bytes), bit), bit);
}

/**
 * Walks the slots of word `w` from bit `from` with prefix sum `p` (≤ 0, before that slot): the
 * first bit after which the prefix sum is 0, or -1 when the word ends first (then the prefix sum
 * at its end is left in `scanP`). The weights move the sum by at most one per slot and it never
 * passes 0, so that bit is the first whose prefix sum is ≥ 0: the 32 slots' prefix sums as byte
 * lanes (two vectors), compared at once with what they must reach.
 */
function zeroIn(w: i32, from: i32, p: i32): i32 {
  const pageBits = get(bits, 2 * w);
  const markerBits = get(bits, 2 * w + 1);
  const below = from == 0 ? 0 : <i32>(<u32>-1 >> (32 - from));
  // Prefix sums count from the word's start: the slots before `from` weigh `skipped`.
  const skipped = popcnt<i32>(markerBits & below) - popcnt<i32>(pageBits & below);
  const need = skipped - p;
  let reached = 0;
  if (need <= 32) {
    const pages = i32x4.splat(pageBits);
    const markers = i32x4.splat(markerBits);
    const low = i8x16(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1);
    const high = i8x16(2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3);
    // Weight (marker ? 1 : 0) − (page ? 1 : 0) is (page lane) − (marker lane), the lanes being −1 where set.
    const first = prefixSums16(i8x16.sub(bitLanes(pages, low), bitLanes(markers, low)));
    const last16 = i8x16.shuffle(first, first, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15);
    const second = i8x16.add(prefixSums16(i8x16.sub(bitLanes(pages, high), bitLanes(markers, high))), last16);
    const limit = i8x16.splat(<i8>need);
    reached = (i8x16.bitmask(i8x16.ge_s(first, limit)) | (i8x16.bitmask(i8x16.ge_s(second, limit)) << 16)) & ~below;
  }
  if (reached != 0) return ctz<i32>(reached);
  scanP = p + popcnt<i32>(markerBits) - popcnt<i32>(pageBits) - skipped;
  return -1;
}

/**
 * Bit i set when child i of the group starting at node `first` reaches a prefix sum of 0, `p`
 * being the prefix sum before the group: siblings before + largest prefix ≥ −p, 16 at once.
 */
@inline function reaching(first: i32, p: i32): i32 {
  const offset = <usize>first << 2;
  const sibling = before + offset;
  const high = highs + offset;
  const limit = i32x4.splat(-p);
  return (
    i32x4.bitmask(i32x4.ge_s(i32x4.add(v128.load(sibling), v128.load(high)), limit)) |
    (i32x4.bitmask(i32x4.ge_s(i32x4.add(v128.load(sibling, 16), v128.load(high, 16)), limit)) << 4) |
    (i32x4.bitmask(i32x4.ge_s(i32x4.add(v128.load(sibling, 32), v128.load(high, 32)), limit)) << 8) |
    (i32x4.bitmask(i32x4.ge_s(i32x4.add(v128.load(sibling, 48), v128.load(high, 48)), limit)) << 12)
  );
}

/** The first slot y ≥ s after which the prefix sum of the weights is back to 0. */
function zeroAfter(s: i32): i32 {
  const root = slotLevels - 2;
  // P: the slots before s in its word and the siblings left of the path from its word to the root.
  const w = s >> WORD_SHIFT;
  const bit = s & 31;
  const below = bit == 0 ? 0 : <i32>(<u32>-1 >> (32 - bit));
  let p = popcnt<i32>(get(bits, 2 * w + 1) & below) - popcnt<i32>(get(bits, 2 * w) & below);
  for (let l = 1, i = w; l < root; l++, i >>= SHIFT) p += get(before, get(slotAt, l) + i);
  // Walk right from s along its word, then the siblings right of the path, level by level (the
  // zero lies before the newest slot, so below the root): a group at a time, the siblings after j.
  const inWord = zeroIn(w, bit, p);
  if (inWord >= 0) return s - bit + inWord;
  p = scanP;
  let l = 1;
  let j = w;
  for (; ; l++, j >>= SHIFT) {
    const start = get(slotAt, l);
    const first = start + (j & ~15);
    const beforeGroup = p - get(before, start + j) - get(sums, start + j);
    const after = reaching(first, beforeGroup) & (0xffff << ((j & 15) + 1));
    if (after != 0) {
      const k = ctz<i32>(after);
      p = beforeGroup + get(before, first + k);
      j = (j & ~15) + k;
      break;
    }
    p = beforeGroup + get(sums, get(slotAt, l + 1) + (j >> SHIFT));
  }
  // Down into node j of level l: its first child whose prefix reaches 0, down to a word.
  for (; l > 1; l--) {
    const first = get(slotAt, l - 1) + (j << SHIFT);
    const k = ctz<i32>(reaching(first, p));
    p += get(before, first + k);
    j = (j << SHIFT) + k;
  }
  return (j << WORD_SHIFT) + zeroIn(j, 0, p);
}

@inline function setBit(word: i32, bit: i32): void {
  set(bits, word, get(bits, word) | (1 << bit));
}
@inline function clearBit(word: i32, bit: i32): void {
  set(bits, word, get(bits, word) & ~(1 << bit));
}

function setMarker(slot: i32, c: i32): void {
  setBit(2 * (slot >> WORD_SHIFT) + 1, slot & 31);
  set(markerAt, slot, c);
  placeMarker(c, slot);
}

/** Takes marker `c` off its slot and the page off slot `s`. */
function takeMarkerAndPage(c: i32, s: i32): void {
  const from = get(capacityTree, c);
  clearBit(2 * (from >> WORD_SHIFT) + 1, from & 31);
  clearBit(2 * (s >> WORD_SHIFT), s & 31);
}

/** A reference to `page`: its depth before (NOT_IN_STACK on its first reference); it becomes the newest. */
export function reference(page: i32): u32 {
  if (get(slotOf, page) == top && top >= 0) return 1;
  if (next == capacity) squeeze();
  const s = get(slotOf, page);
  const previous = top;
  const n = next++;
  let depth = NOT_IN_STACK;
  if (s >= 0) {
    const c = firstMarkerAtOrBefore(zeroAfter(s));
    depth = <u32>c + 1;
    // c's marker moves from its slot to the newest one: one pass up the capacity tree.
    const from = get(capacityTree, c);
    takeMarkerAndPage(c, s);
    setMarker(previous, c);
    refresh(from, s);
  } else if (pages++ > 0) {
    // A new page: a new capacity's marker goes to position 1 (none for the very first page).
    setMarker(previous, pages - 1);
  }
  setBit(2 * (n >> WORD_SHIFT), n & 31);
  set(pageAt, n, page);
  set(slotOf, page, n);
  top = n;
  refresh(previous < 0 ? n : previous, n);
  return depth;
}

/** Where the batch lies in memory (its address does not change). */
export function batchAt(): usize {
  return batch;
}

/** References to the first `n` ≤ BATCH pages of the batch, in order: each replaced with its depth (`reference`'s). */
export function referenceBatch(n: i32): void {
  for (let at = batch, end = batch + (<usize>n << 2); at < end; at += 4) store<u32>(at, reference(load<i32>(at)));
}

/**
 * After the last record, called for every page from the highest number down: its final depth (0
 * when it was never referenced). Each is the depth of a reference at the end of the trace; they
 * all happen at the same time, so none of them moves a marker to a newer slot: the marker found
 * leaves, and so does the page.
 */
export function finalDepth(page: i32): u32 {
  const s = get(slotOf, page);
  if (s < 0) return 0;
  if (s == top) return 1;
  const c = firstMarkerAtOrBefore(zeroAfter(s));
  const from = get(capacityTree, c);
  takeMarkerAndPage(c, s);
  placeMarker(c, NONE);
  refresh(from, s);
  return <u32>c + 1;
}

/**
 * Squeezes out the slots with neither page nor marker, in place and in order (into larger arrays
 * first when more than half are kept). Slots keep their order, so both trees are rebuilt as they
 * were, only renumbered.
 */
function squeeze(): void {
  const words = next >> WORD_SHIFT;
  let kept = 0;
  for (let w = 0; w < words; w++) kept += popcnt<i32>(get(bits, 2 * w) | get(bits, 2 * w + 1));
  let slots = capacity;
  while (slots < 2 * kept) slots <<= 1;
  if (slots > capacity) layOutSlots(slots);
  // Slot k ≤ i receives slot i, so the bitmaps are read a word ahead of where they are written.
  let k = 0;
  let newTop = -1;
  let pageBits = 0;
  let markerBits = 0;
  for (let w = 0; w < words; w++) {
    const p = get(bits, 2 * w);
    const m = get(bits, 2 * w + 1);
    set(bits, 2 * w, 0);
    set(bits, 2 * w + 1, 0);
    for (let used = p | m; used != 0; used &= used - 1) {
      const bit = ctz<i32>(used);
      const i = (w << WORD_SHIFT) | bit;
      if ((p >>> bit) & 1) {
        const page = get(pageAt, i);
        set(pageAt, k, page);
        set(slotOf, page, k);
        pageBits |= 1 << (k & 31);
      }
      if ((m >>> bit) & 1) {
        const c = get(markerAt, i);
        set(markerAt, k, c);
        set(capacityTree, c, k);
        markerBits |= 1 << (k & 31);
      }
      if (i == top) newTop = k;
      if ((++k & 31) == 0) {
        set(bits, 2 * ((k - 1) >> WORD_SHIFT), pageBits);
        set(bits, 2 * ((k - 1) >> WORD_SHIFT) + 1, markerBits);
        pageBits = 0;
        markerBits = 0;
      }
    }
  }
  if (k & 31) {
    set(bits, 2 * (k >> WORD_SHIFT), pageBits);
    set(bits, 2 * (k >> WORD_SHIFT) + 1, markerBits);
  }
  next = k;
  top = newTop;
  rebuildCapacityTree();
  rebuildSlotTree();
}

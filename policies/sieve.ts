/**
 * SIEVE (Zhang, Yang, Yue, Vigfusson & Rashmi, "SIEVE is simpler than LRU: an efficient turn-key
 * eviction algorithm for web caches", NSDI 2024): one FIFO queue, new pages inserted at its head
 * with the visited bit clear, a hit sets the bit. The hand moves from the tail towards the head:
 * a visited page has its bit cleared and stays where it is; the first unvisited page is evicted and
 * the hand stays at the next page towards the head, wrapping to the tail past the head. A released
 * page under the hand moves the hand on the same way.
 * Resize (local allocations): growing only raises the memory size; shrinking runs the fault path's
 * hand (clearing visited bits as it passes) once per page too many, evicting each page it stops at.
 *
 * The queue is a ring buffer of page numbers in load order (the paper's doubly linked list, as
 * libCacheSim keeps it, made the hand's walk a chain of dependent loads over the per-page arrays;
 * along a ring it reads consecutive slots). Pages never move in SIEVE, so an evicted or released
 * page leaves a hole in its slot (a release finds it through `slotOf`, written at each load): the
 * hand moves past holes to rest on a page, holes at the tail end are dropped, and when the ring
 * (twice the frames) fills, the live entries are squeezed to its start in queue order, the hand
 * following its page. On the bench's 20M-reference Zipf stream at 100,000 frames this replays in
 * about four fifths of the linked list's time. Per page: a state byte (resident, visited) and the
 * slot word; per frame, two ring words.
 */
import { RELEASE_BIT } from '../traces/operations.js';
import type { MemoryEvents, PolicyDefinition, PolicyInstance, PolicySetup, TraceView } from './policy.js';

const RESIDENT = 1;
const VISITED = 2;
/** An evicted or released page's slot. */
const HOLE = -1;

class Sieve implements PolicyInstance {
  /** Per page: RESIDENT and VISITED. */
  private readonly state: Uint8Array;
  /** Per resident page: its slot in the ring. */
  private readonly slotOf: Int32Array;
  private ring: Int32Array;
  /** The slot of the queue's tail, the page loaded earliest (or a hole before it). */
  private tail = 0;
  /** Entries in the ring from the tail on, holes included. */
  private entries = 0;
  /** Resident pages. */
  private count = 0;
  /** The slot of the page the hand examines next (never a hole); -1 for the tail. */
  private hand = -1;

  constructor(
    private frames: number,
    pageCount: number,
  ) {
    this.state = new Uint8Array(pageCount);
    this.slotOf = new Int32Array(pageCount);
    this.ring = new Int32Array(2 * frames);
  }

  replay(view: TraceView, from: number, to: number, events: MemoryEvents): void {
    const { pages, codes } = view;
    const { state, slotOf } = this;
    for (let i = from; i < to; i++) {
      const p = pages[i]!;
      const c = codes[i]!;
      const s = state[p]!;
      if (c & RELEASE_BIT) {
        const was = s !== 0;
        if (was) {
          const at = slotOf[p]!;
          this.ring[at] = HOLE;
          if (at === this.hand) this.hand = this.liveFrom(at);
          state[p] = 0;
          this.count--;
        }
        events.release(p, was);
      } else if (s !== 0) {
        state[p] = RESIDENT | VISITED;
        events.hit(c, p);
      } else {
        if (this.count >= this.frames) this.evictVictim(events);
        this.append(p);
        state[p] = RESIDENT;
        events.fault(c, p);
      }
    }
  }

  /** Writes `p` at the head of the queue (squeezing out the holes when the ring is full). */
  private append(p: number): void {
    if (this.entries === this.ring.length) this.squeeze(this.ring.length);
    const { ring, tail, entries } = this;
    const at = tail + entries < ring.length ? tail + entries : tail + entries - ring.length;
    ring[at] = p;
    this.slotOf[p] = at;
    this.entries = entries + 1;
    this.count++;
  }

  /** Moves the hand past visited pages (clearing their bits) and holes, and evicts the first unvisited page. */
  private evictVictim(events: MemoryEvents): void {
    const { ring, state } = this;
    const length = ring.length;
    let { tail, entries } = this;
    // One past the head: the hand wraps to the tail there.
    const end = tail + entries < length ? tail + entries : tail + entries - length;
    let h = this.hand < 0 ? tail : this.hand;
    let v: number;
    for (;;) {
      v = ring[h]!;
      if (v !== HOLE) {
        if (state[v] === RESIDENT) break;
        state[v] = RESIDENT;
      }
      h = h + 1 === length ? 0 : h + 1;
      if (h === end) h = tail;
    }
    ring[h] = HOLE;
    state[v] = 0;
    this.count--;
    this.hand = this.liveFrom(h);
    while (entries > 0 && ring[tail] === HOLE) {
      tail = tail + 1 === length ? 0 : tail + 1;
      entries--;
    }
    this.tail = tail;
    this.entries = entries;
    events.evict(v);
  }

  /**
   * Where the hand goes from the hole at slot `h`: the next page towards the head, or the tail (-1)
   * when none is left before it. Holes are skipped here, so that the hand always rests on a page:
   * a page loaded later, behind holes the hand stood on, would otherwise be the next it examines.
   */
  private liveFrom(h: number): number {
    const { ring, tail, entries } = this;
    const length = ring.length;
    const end = tail + entries < length ? tail + entries : tail + entries - length;
    do h = h + 1 === length ? 0 : h + 1;
    while (h !== end && ring[h] === HOLE);
    return h === end ? -1 : h;
  }

  /** Rewrites the live entries, in queue order, from slot 0 of a ring of `length` slots; the hand keeps its place. */
  private squeeze(length: number): void {
    const ring = new Int32Array(length);
    let n = 0;
    let hand = -1;
    for (let k = 0, at = this.tail; k < this.entries; k++, at = at + 1 === this.ring.length ? 0 : at + 1) {
      const p = this.ring[at]!;
      if (p === HOLE) continue;
      if (at === this.hand) hand = n;
      ring[n] = p;
      this.slotOf[p] = n++;
    }
    this.ring = ring;
    this.tail = 0;
    this.entries = n;
    this.hand = hand;
  }

  resize(frames: number, events: MemoryEvents): void {
    this.frames = frames;
    if (2 * frames > this.ring.length) this.squeeze(2 * frames);
    while (this.count > frames) this.evictVictim(events);
  }

  /** The resident pages from the tail (loaded earliest) to the head. */
  residentPages(): number[] {
    const out: number[] = [];
    const length = this.ring.length;
    for (let k = 0, at = this.tail; k < this.entries; k++, at = at + 1 === length ? 0 : at + 1) {
      if (this.ring[at] !== HOLE) out.push(this.ring[at]!);
    }
    return out;
  }
}

export const sievePolicy: PolicyDefinition = {
  name: 'sieve',
  summary: 'SIEVE: a FIFO queue with visited bits and a hand that sweeps from the tail, leaving survivors in place',
  source: 'Zhang, Yang, Yue, Vigfusson & Rashmi, NSDI 2024',
  params: [],
  create: (setup: PolicySetup) => new Sieve(setup.frames, setup.pageCount),
};

/**
 * CLOCK-Pro (Jiang, Chen & Zhang, "CLOCK-Pro: an effective improvement of the CLOCK replacement",
 * USENIX ATC 2005, §3): LIRS's hot/cold idea on one clock. The ring holds resident hot pages,
 * resident cold pages and non-resident cold pages still in their test period (at most M of those),
 * each with a reference bit. New pages enter at the list head, which is just behind HANDhot. Hits
 * only set the bit.
 *  - HANDcold (on a fault with memory full) stops at resident cold pages. Bit clear: the page is
 *    evicted; it stays in the ring as a non-resident page if in its test period, else leaves it.
 *    Bit set: the bit is cleared and the page moves to the list head — turned hot if in its test
 *    period (mc + 1, then HANDhot runs), else given a new test period. The hand goes on until it
 *    evicts a page. Then, if more than M pages are non-resident, HANDtest runs.
 *  - Fault on a non-resident page of the ring: it comes back hot at the list head (mc + 1; HANDhot
 *    runs). A fault into a free frame while fewer than M − mc pages are hot: a hot page at the list
 *    head (`startup=hot`, the authors' start-up; without it a loop longer than twice the memory never
 *    reuses a page in its test period and CLOCK-Pro is CLOCK). Any other fault: a cold page in its
 *    test period at the list head.
 *  - HANDhot runs while hot pages exceed M − mc: a hot page with its bit set has it cleared; the
 *    first with it clear turns cold (no test period); cold pages it passes end their test period
 *    (mc − 1) and leave the ring if non-resident; after the demotion it stops at the next hot page.
 *  - HANDtest ends the test periods it passes (mc − 1) until it removes one non-resident page.
 *  - `repeats=ignore`: an immediate re-reference leaves the bit alone, as the authors' program does.
 * Decisions where the paper is silent: mc (the target of resident cold pages) starts at the `cold`
 * allocation (max(2, floor(M × cold)), as the authors' program fixes it) and stays within
 * 1…max(1, M − 1), so a cold page is always there to evict; HANDcold giving a cold page
 * outside its test period a new one follows "a test period is started when a reference is detected";
 * a released page leaves the ring. 10 bytes per page, amortised O(1) per reference. The authors'
 * program itself, miss for miss, is `variant=reference` (policies/clockProReference.ts).
 *
 * Resize (local allocations; this adaptive variant only). The starting allocation is recomputed
 * for M′ and the learnt mc keeps its ratio to it: mc ← round(mc × start(M′) / start(M)), within
 * 1…max(1, M′ − 1) (so a pool resized before any fault is a fresh one at M′). HANDhot then runs as
 * after any change of mc (hot pages ≤ M′ − mc); while more pages are resident than M′, HANDcold
 * runs as at a fault with memory full (one eviction per run); while more than M′ pages are
 * non-resident, HANDtest runs. Growing evicts nothing. The reference variant has no resize: the
 * authors' program has a fixed memory (and below 5 frames it is this variant, which must not then
 * turn into a different policy when its pool grows), so it is refused under local allocations.
 */
import { RELEASE_BIT } from '../traces/operations.js';
import { ClockProReference, fixedColdFrames, REFERENCE_MIN_FRAMES } from './clockProReference.js';
import type { MemoryEvents, PolicyDefinition, PolicyInstance, PolicySetup, TraceView } from './policy.js';
import { ClockQueue } from './structures/clockQueue.js';

const RESIDENT = 1;
const HOT = 2;
const TEST = 4;
const IN_RING = 8;

class ClockPro implements PolicyInstance {
  /** The ring; its hand is HANDhot, so `append` puts a page at the list head. */
  private readonly ring: ClockQueue;
  private readonly state: Uint8Array;
  private handCold = -1;
  private handTest = -1;
  private hot = 0;
  private cold = 0;
  private nonResident = 0;
  private coldTarget: number;
  private maxColdTarget: number;
  private last = -1;

  constructor(
    private frames: number,
    pageCount: number,
    private readonly coldShare: number,
    private readonly hotStart: boolean,
    private readonly ignoreRepeats: boolean,
  ) {
    this.ring = new ClockQueue(pageCount);
    this.state = new Uint8Array(pageCount);
    this.maxColdTarget = Math.max(1, frames - 1);
    this.coldTarget = this.startingColdTarget(frames);
  }

  private startingColdTarget(frames: number): number {
    return Math.max(1, fixedColdFrames(frames, this.coldShare));
  }

  resize(frames: number, events: MemoryEvents): void {
    const scaled = Math.round((this.coldTarget * this.startingColdTarget(frames)) / this.startingColdTarget(this.frames));
    this.frames = frames;
    this.maxColdTarget = Math.max(1, frames - 1);
    this.coldTarget = Math.min(this.maxColdTarget, Math.max(1, scaled));
    this.runHandHot();
    while (this.hot + this.cold > frames) this.runHandCold(events);
    while (this.nonResident > frames) this.runHandTest();
  }

  replay(view: TraceView, from: number, to: number, events: MemoryEvents): void {
    const { pages, codes } = view;
    const { ring, state } = this;
    const ref = ring.ref;
    for (let i = from; i < to; i++) {
      const p = pages[i]!;
      const c = codes[i]!;
      const s = state[p]!;
      if (c & RELEASE_BIT) {
        if (s & IN_RING) {
          this.detach(p);
          if (!(s & RESIDENT)) this.nonResident--;
          else if (s & HOT) this.hot--;
          else this.cold--;
        }
        state[p] = 0;
        if (this.last === p) this.last = -1;
        events.release(p, (s & RESIDENT) !== 0);
        continue;
      }
      if (s & RESIDENT) {
        if (p !== this.last || !this.ignoreRepeats) ref[p] = 1;
        events.hit(c, p);
      } else {
        const full = this.hot + this.cold >= this.frames;
        if (full) this.runHandCold(events);
        // HANDtest may have dropped p's non-resident entry meanwhile.
        if (state[p]! & IN_RING) {
          this.nonResident--;
          this.detach(p);
          // attachAtHead, not a bare append: p may have been the ring's only page, leaving no hands.
          this.attachAtHead(p);
          state[p] = RESIDENT | HOT | IN_RING;
          this.hot++;
          this.adapt(1);
          this.runHandHot();
        } else if (this.hotStart && !full && this.hot < this.frames - this.coldTarget) {
          this.attachAtHead(p);
          state[p] = RESIDENT | HOT | IN_RING;
          this.hot++;
        } else {
          this.attachAtHead(p);
          state[p] = RESIDENT | TEST | IN_RING;
          this.cold++;
        }
        events.fault(c, p);
      }
      this.last = p;
    }
  }

  private adapt(delta: number): void {
    this.coldTarget = Math.min(this.maxColdTarget, Math.max(1, this.coldTarget + delta));
  }

  /** Takes p out of the ring, moving any hand that points at it to the next page. */
  private detach(p: number): void {
    const next = this.ring.size > 1 ? this.ring.next[p]! : -1;
    if (this.handCold === p) this.handCold = next;
    if (this.handTest === p) this.handTest = next;
    this.ring.remove(p);
  }

  private attachAtHead(p: number): void {
    this.ring.append(p, 0);
    if (this.handCold < 0) this.handCold = p;
    if (this.handTest < 0) this.handTest = p;
  }

  private runHandCold(events: MemoryEvents): void {
    const { ring, state } = this;
    const ref = ring.ref;
    for (;;) {
      let c = this.handCold;
      while ((state[c]! & (RESIDENT | HOT)) !== RESIDENT) c = ring.next[c]!;
      this.handCold = c;
      if (ref[c] === 0) {
        this.cold--;
        if (state[c]! & TEST) {
          state[c] = TEST | IN_RING;
          this.nonResident++;
          this.handCold = ring.next[c]!;
        } else {
          this.detach(c);
          state[c] = 0;
        }
        events.evict(c);
        if (this.nonResident > this.frames) this.runHandTest();
        return;
      }
      ref[c] = 0;
      this.detach(c);
      this.attachAtHead(c);
      if (state[c]! & TEST) {
        state[c] = RESIDENT | HOT | IN_RING;
        this.cold--;
        this.hot++;
        this.adapt(1);
        this.runHandHot();
      } else {
        state[c] = state[c]! | TEST;
      }
    }
  }

  private runHandHot(): void {
    while (this.hot > this.frames - this.coldTarget) this.demoteOneHot();
  }

  /** HANDhot turns one hot page cold (sparing those with the bit set), then stops at the next hot page. */
  private demoteOneHot(): void {
    const { ring, state } = this;
    const ref = ring.ref;
    for (;;) {
      const h = ring.hand;
      if (!(state[h]! & HOT)) {
        this.passCold(h);
        continue;
      }
      ring.hand = ring.next[h]!;
      if (ref[h] !== 0) {
        ref[h] = 0;
        continue;
      }
      state[h] = RESIDENT | IN_RING;
      this.hot--;
      this.cold++;
      break;
    }
    while (this.hot > 0 && !(state[ring.hand]! & HOT)) this.passCold(ring.hand);
  }

  /** HANDhot passes cold page h: its test period ends, and a non-resident page leaves the ring. */
  private passCold(h: number): void {
    const s = this.state[h]!;
    if (s & TEST) {
      this.state[h] = s & ~TEST;
      this.adapt(-1);
    }
    if (s & RESIDENT) {
      this.ring.hand = this.ring.next[h]!;
    } else {
      this.nonResident--;
      this.state[h] = 0;
      this.detach(h);
    }
  }

  private runHandTest(): void {
    const { ring, state } = this;
    for (;;) {
      const t = this.handTest;
      const s = state[t]!;
      if ((s & (HOT | TEST)) === TEST) {
        state[t] = s & ~TEST;
        this.adapt(-1);
        if (!(s & RESIDENT)) {
          this.nonResident--;
          state[t] = 0;
          this.detach(t);
          return;
        }
      }
      this.handTest = ring.next[t]!;
    }
  }

  residentPages(): number[] {
    return this.ring.toArray().filter((p) => this.state[p]! & RESIDENT);
  }
}

type ClockProParams = { variant: string; cold: number; startup: string; repeats: string };

function createClockPro(setup: PolicySetup, params: ClockProParams): PolicyInstance {
  const cold = params.cold;
  const ignoreRepeats = params.repeats === 'ignore';
  if (params.variant === 'reference' && setup.frames >= REFERENCE_MIN_FRAMES) {
    return new ClockProReference(setup.frames, setup.pageCount, cold, ignoreRepeats);
  }
  const clockPro = new ClockPro(setup.frames, setup.pageCount, cold, params.startup === 'hot', ignoreRepeats);
  // The reference variant below its smallest memory: no resize, like the program it stands in for.
  return params.variant === 'reference' ? { replay: (v, f, t, e) => clockPro.replay(v, f, t, e), residentPages: () => clockPro.residentPages() } : clockPro;
}

export const clockProPolicy: PolicyDefinition<ClockProParams> = {
  name: 'clock-pro',
  aliases: ['clockpro'],
  summary: 'CLOCK-Pro: hot and cold pages on one clock with three hands; cold pages in a test period become hot when reused',
  source: "Jiang, Chen & Zhang, USENIX ATC 2005 (variant=reference: the authors' clock-pro.c, 2005)",
  params: [
    { name: 'variant', type: 'choice', default: 'adaptive', choices: ['adaptive', 'reference'], description: "adaptive: the paper's cold target mc (+1 on a reuse in test, −1 on a test period ending); reference: the authors' program, miss for miss (fixed mc)" },
    { name: 'cold', type: 'number', default: 0.05, min: 0, max: 1, description: "cold allocation mc = max(2, floor(M × cold)), below M: fixed in the reference variant, the starting value in the adaptive one" },
    { name: 'startup', type: 'choice', default: 'hot', choices: ['hot', 'cold'], description: "adaptive variant: hot — pages faulting into free frames are hot until M − mc are (the authors' start-up); cold — every new page starts cold" },
    { name: 'repeats', type: 'choice', default: 'ignore', choices: ['ignore', 'reference'], description: "an immediate re-reference: ignore — a hit that leaves the reference bit alone (the authors' program); reference — sets it like any hit" },
  ],
  create: createClockPro,
};

/**
 * CLOCK-Pro as its authors' simulator runs it (`clock-pro:variant=reference`): Song Jiang's
 * clock-pro.c of 2005, distributed with the LIRS and CLOCK-Pro traces (loop, zigzag, multi1, sprite…).
 * Its behaviour is reproduced here miss for miss — the numbers, not the code: the golden counts in
 * test/policies/authorsCounts.test.ts were produced by the authors' program. Where it departs from
 * the paper's prose (policies/clockPro.ts), it is followed:
 *  - **fixed cold allocation**: mc = max(2, floor(M × cold)) resident cold frames for ever (the
 *    program's adaptive mode is compiled out as shipped; `cold` is its MIN = MAX rate, 5%);
 *  - **start-up**: while hot pages number fewer than M − mc, a fault on a free frame makes the page
 *    hot; later free frames take cold pages in their test period;
 *  - **immediate re-reference** (`repeats=ignore`): a reference to the page referenced just before
 *    counts as a hit and changes nothing, not even the reference bit; a fault always leaves the bit
 *    clear;
 *  - **HANDcold** evicts a resident cold page whose bit is clear *or* which is out of its test period
 *    (a referenced page out of test is not given a new one). A referenced page in test sends
 *    HANDhot round once; unless HANDhot reached the page itself without demoting anyone, the page
 *    turns hot at the list head. HANDcold then moves on to the next cold page and tries again.
 *  - **HANDhot** moves each hot page it passes to the list head (clearing its bit; the first found
 *    clear is demoted to cold, no test period) and stops after the demotion at the next hot page, or
 *    when it reaches the page that set it going. Each time it passes HANDtest, HANDtest takes one
 *    step (ending the test period of a cold page, and removing it when non-resident).
 *  - **HANDtest** also runs whenever more than M pages are non-resident: it ends the test periods (and
 *    clears the bits) of the resident cold pages it passes, up to the first non-resident page, which
 *    leaves the clock.
 *  - A fault on a non-resident page still in the clock first frees a frame with HANDcold, then sends
 *    HANDhot round; the page comes back hot at the list head, unless the hands removed it meanwhile
 *    (then it is a new cold page in its test period).
 * The hands move from the oldest insertions to the newest; the list head is where pages are inserted.
 * What the program never does, decided here: a released page leaves the clock (hands on it step on;
 * HANDcold to the next resident cold page), and its frame is refilled by the start-up rule (a page
 * back from a test period on a free frame is taken out of the clock first). The program refuses fewer
 * than 5 frames; it runs correctly from 3 (two cold frames and a hot one), and below 3 frames the
 * paper's variant (policies/clockPro.ts) is used. 9 bytes per page.
 */
import { RELEASE_BIT } from '../traces/operations.js';
import type { MemoryEvents, PolicyInstance, TraceView } from './policy.js';

const RESIDENT = 1;
const HOT = 2;
const IN_CLOCK = 4;
const TEST = 8;
const REF = 16;

/** The smallest memory the program's structure runs in: two cold frames and one hot. */
export const REFERENCE_MIN_FRAMES = 5;

/** The resident cold frames of the authors' fixed allocation: max(2, floor(M × cold)), below M. */
export function fixedColdFrames(frames: number, cold: number): number {
  return Math.min(frames - 1, Math.max(2, Math.floor(frames * cold)));
}

export class ClockProReference implements PolicyInstance {
  /** Towards newer insertions: the direction the hands move. */
  private readonly ahead: Int32Array;
  /** Towards older insertions. */
  private readonly behind: Int32Array;
  private readonly flags: Uint8Array;
  private head = -1;
  private handHot = -1;
  private handCold = -1;
  private handTest = -1;
  private resident = 0;
  private hot = 0;
  private nonResident = 0;
  private last = -1;
  private readonly hotFrames: number;

  constructor(private readonly frames: number, pageCount: number, cold: number, private readonly ignoreRepeats: boolean) {
    this.ahead = new Int32Array(pageCount);
    this.behind = new Int32Array(pageCount);
    this.flags = new Uint8Array(pageCount);
    this.hotFrames = frames - fixedColdFrames(frames, cold);
  }

  replay(view: TraceView, from: number, to: number, events: MemoryEvents): void {
    const { pages, codes } = view;
    const flags = this.flags;
    for (let i = from; i < to; i++) {
      const p = pages[i]!;
      const c = codes[i]!;
      const f = flags[p]!;
      if (c & RELEASE_BIT) {
        if (f & IN_CLOCK) this.release(p);
        if (this.last === p) this.last = -1;
        events.release(p, (f & RESIDENT) !== 0);
        continue;
      }
      if (f & RESIDENT) {
        if (p !== this.last || !this.ignoreRepeats) flags[p] = f | REF;
        events.hit(c, p);
      } else {
        if (this.resident < this.frames) this.fillFreeFrame(p);
        else this.faultFull(p, events);
        flags[p] = flags[p]! & ~REF;
        events.fault(c, p);
      }
      this.last = p;
    }
  }

  /** The start-up rule: hot while hot pages are fewer than M − mc, else cold in its test period. */
  private fillFreeFrame(p: number): void {
    const flags = this.flags;
    if (flags[p]! & IN_CLOCK) {
      this.nonResident--;
      this.detach(p);
    }
    this.resident++;
    if (this.hot < this.hotFrames) {
      flags[p] = RESIDENT | HOT;
      this.hot++;
    } else {
      flags[p] = RESIDENT | TEST;
      if (this.handCold < 0) this.handCold = p;
    }
    this.insertAtHead(p);
  }

  private faultFull(p: number, events: MemoryEvents): void {
    const flags = this.flags;
    for (;;) {
      if (!(flags[p]! & IN_CLOCK)) {
        if (this.resident === this.frames) this.runHandCold(events);
        this.resident++;
        flags[p] = RESIDENT;
        this.insertAtHead(p);
        flags[p] = flags[p]! | TEST;
        return;
      }
      this.runHandCold(events);
      if (!(flags[p]! & IN_CLOCK)) continue;
      const met = this.runHandHot(p);
      if (met === MET) continue;
      this.resident++;
      this.hot++;
      if (met === NOT_MET) {
        if (this.handTest === p) this.handTest = this.ahead[p]!;
        this.unlink(p, false);
        this.nonResident--;
      }
      flags[p] = (flags[p]! & ~TEST) | RESIDENT | HOT;
      this.insertAtHead(p);
      return;
    }
  }

  /** Frees one frame (the page under HANDcold is evicted, possibly after promotions). */
  private runHandCold(events: MemoryEvents): void {
    const { flags, ahead } = this;
    for (;;) {
      const c = this.handCold;
      if ((flags[c]! & (REF | TEST)) !== (REF | TEST)) {
        flags[c] = flags[c]! & ~RESIDENT;
        this.resident--;
        this.handCold = ahead[c]!;
        if (flags[c]! & TEST) this.nonResident++;
        else this.unlink(c, true);
        while (flags[this.handCold]! & HOT) this.handCold = ahead[this.handCold]!;
        this.enforceNonResidentLimit();
        events.evict(c);
        return;
      }
      const met = this.runHandHot(c);
      if (met !== MET) {
        this.handCold = ahead[c]!;
        this.unlink(c, false);
        this.insertAtHead(c);
        flags[c] = flags[c]! | HOT;
        this.hot++;
      }
      while (flags[this.handCold]! & HOT) this.handCold = ahead[this.handCold]!;
    }
  }

  /**
   * HANDhot goes round until it has demoted a hot page and stands on a hot page, or has reached
   * `origin`; says whether it reached `origin` and whether it demoted.
   */
  private runHandHot(origin: number): number {
    const { flags, ahead, behind } = this;
    let done = false;
    let met = false;
    let demoted = false;
    while (!done || !(flags[this.handHot]! & HOT)) {
      const h = this.handHot;
      if (flags[h]! & HOT) {
        if (flags[h]! & REF) {
          flags[h] = flags[h]! & ~REF;
        } else {
          flags[h] = flags[h]! & ~HOT;
          this.hot--;
          done = true;
          demoted = true;
        }
        if (this.handTest === h) this.handTest = ahead[h]!;
        this.handHot = ahead[h]!;
        this.unlink(h, false);
        this.insertAtHead(h);
      } else {
        if (h === origin) {
          done = true;
          met = true;
        }
        this.handHot = ahead[h]!;
      }
      if (behind[this.handHot] === this.handTest) this.stepHandTest();
    }
    return met ? (demoted ? MET_DEMOTED : MET) : NOT_MET;
  }

  /** HANDtest, passed by HANDhot, takes one step: a cold page's test period ends. */
  private stepHandTest(): void {
    const { flags, ahead } = this;
    const t = this.handTest;
    this.handTest = ahead[t]!;
    if (!(flags[t]! & HOT)) {
      flags[t] = flags[t]! & ~(TEST | REF);
      if (!(flags[t]! & RESIDENT)) {
        this.unlink(t, true);
        this.nonResident--;
      }
    }
    this.enforceNonResidentLimit();
  }

  private enforceNonResidentLimit(): void {
    if (this.nonResident <= this.frames) return;
    const { flags, ahead } = this;
    while (flags[this.handTest]! & RESIDENT) {
      const t = this.handTest;
      if (!(flags[t]! & HOT)) flags[t] = flags[t]! & ~(TEST | REF);
      this.handTest = ahead[t]!;
    }
    const t = this.handTest;
    this.handTest = ahead[t]!;
    this.unlink(t, true);
    this.nonResident--;
  }

  private insertAtHead(p: number): void {
    const { ahead, behind } = this;
    const h = this.head;
    if (h < 0) {
      ahead[p] = p;
      behind[p] = p;
      this.handHot = p;
      this.handTest = p;
    } else {
      const a = ahead[h]!;
      behind[p] = h;
      ahead[p] = a;
      behind[a] = p;
      ahead[h] = p;
    }
    this.head = p;
    this.flags[p] = this.flags[p]! | IN_CLOCK;
  }

  /** Takes p out of the clock; it loses its test period and bit, and with `forget` its residency and heat. */
  private unlink(p: number, forget: boolean): void {
    const { ahead, behind } = this;
    behind[ahead[p]!] = behind[p]!;
    ahead[behind[p]!] = ahead[p]!;
    this.flags[p] = this.flags[p]! & (forget ? 0 : RESIDENT | HOT);
  }

  /** Takes p out of the clock, moving hands and the head off it (the clock may become empty). */
  private detach(p: number): void {
    const { ahead, behind, flags } = this;
    if (ahead[p] === p) {
      this.head = this.handHot = this.handCold = this.handTest = -1;
      flags[p] = 0;
      return;
    }
    if (this.head === p) this.head = behind[p]!;
    if (this.handHot === p) this.handHot = ahead[p]!;
    if (this.handTest === p) this.handTest = ahead[p]!;
    if (this.handCold === p) {
      let c = ahead[p]!;
      while (c !== p && (flags[c]! & (RESIDENT | HOT)) !== RESIDENT) c = ahead[c]!;
      this.handCold = c === p ? -1 : c;
    }
    this.unlink(p, true);
  }

  private release(p: number): void {
    const f = this.flags[p]!;
    if (f & RESIDENT) this.resident--;
    else this.nonResident--;
    if (f & HOT) this.hot--;
    this.detach(p);
  }

  residentPages(): number[] {
    const out: number[] = [];
    for (let p = 0; p < this.flags.length; p++) if (this.flags[p]! & RESIDENT) out.push(p);
    return out;
  }
}

const NOT_MET = 0;
const MET = 1;
const MET_DEMOTED = 2;

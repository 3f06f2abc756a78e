// A complete replacement policy for faultline, written against the full plugin interface
// (policies/policy.ts): LIFO evicts the page loaded most recently; hits change nothing.
//
//   faultline simulate trace.bin --policy-module docs/examples/lifoPolicy.js -p lifo,lru -s 64,128
//
// Plain JavaScript (an ES module), so it loads without a build step. See docs/adding-a-policy.md.

/** Code-byte bit of a release record (traces/operations.ts: RELEASE_BIT). */
const RELEASE_BIT = 4;

class Lifo {
  constructor(frames, pageCount) {
    this.frames = frames;
    // Per-page state in typed arrays indexed by canonical page: the page loaded before this one
    // (a stack threaded through the pages), and whether the page is resident.
    this.below = new Int32Array(pageCount).fill(-1);
    this.above = new Int32Array(pageCount).fill(-1);
    this.resident = new Uint8Array(pageCount);
    this.top = -1;
    this.size = 0;
  }

  unlink(p) {
    const b = this.below[p];
    const a = this.above[p];
    if (b >= 0) this.above[b] = a;
    if (a >= 0) this.below[a] = b;
    else this.top = b;
    this.resident[p] = 0;
    this.size--;
  }

  // The replay loop lives here, so the call site stays monomorphic and nothing is allocated per
  // reference. Indices are into `view`; keep any logical time in the instance.
  replay(view, from, to, events) {
    const { pages, codes } = view;
    for (let i = from; i < to; i++) {
      const p = pages[i];
      const c = codes[i];
      if (c & RELEASE_BIT) {
        const was = this.resident[p] === 1;
        if (was) this.unlink(p);
        events.release(p, was);
      } else if (this.resident[p] === 1) {
        events.hit(c, p);
      } else {
        if (this.size >= this.frames) {
          const victim = this.top;
          this.unlink(victim);
          events.evict(victim); // evictions are reported before the fault they make room for
        }
        this.below[p] = this.top;
        this.above[p] = -1;
        if (this.top >= 0) this.above[this.top] = p;
        this.top = p;
        this.resident[p] = 1;
        this.size++;
        events.fault(c, p);
      }
    }
  }

  residentPages() {
    const out = [];
    for (let p = this.top; p >= 0; p = this.below[p]) out.push(p);
    return out;
  }
}

export default {
  name: 'lifo',
  summary: 'Last in, first out: evict the page loaded most recently',
  source: 'docs/examples/lifoPolicy.js (an example)',
  params: [],
  capabilities: {},
  create: (setup) => new Lifo(setup.frames, setup.pageCount),
};

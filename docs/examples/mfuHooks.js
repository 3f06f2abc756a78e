// A hook-style policy for faultline (policies/policy.ts, HookPolicyDefinition): the generic loop
// keeps residency and calls these hooks; the policy only names victims. Quick to write, slower to
// run. MFU evicts the resident page referenced most often since it was loaded (ties: the lowest
// page number), with a parameter that makes it forget: `halfLife` halves every count each time
// that many references have passed (0: never).
//
//   faultline simulate trace.bin --policy-module docs/examples/mfuHooks.js -p mfu,mfu:halfLife=1000
//
// See docs/adding-a-policy.md.

export const mfu = {
  name: 'mfu',
  summary: 'Most frequently used: evict the page referenced most often since it was loaded',
  source: 'docs/examples/mfuHooks.js (an example)',
  params: [
    { name: 'halfLife', type: 'integer', default: 0, min: 0, description: 'references after which every count halves (0: never)' },
  ],
  createHooks(setup, params) {
    const count = new Float64Array(setup.pageCount);
    const resident = new Set();
    const halfLife = params.halfLife;
    const age = (time) => {
      if (halfLife > 0 && time > 0 && time % halfLife === 0) for (const p of resident) count[p] /= 2;
    };
    return {
      onHit(page, time) {
        age(time);
        count[page] += 1;
      },
      onMiss(page, time) {
        age(time);
        count[page] = 1;
        resident.add(page);
      },
      victim() {
        let best = -1;
        for (const p of resident) if (best < 0 || count[p] > count[best] || (count[p] === count[best] && p < best)) best = p;
        return best;
      },
      onRemove(page) {
        resident.delete(page);
      },
    };
  },
};

/** Turns a hook-style policy into a full one with a generic replay loop that keeps residency. */
import { PolicyError } from '../traces/errors.js';
import { RELEASE_BIT, WRITE_BIT } from '../traces/operations.js';
import type { HookPolicyDefinition, MemoryEvents, PolicyDefinition, PolicyInstance, TraceView } from './policy.js';

export function hookPolicy(def: HookPolicyDefinition): PolicyDefinition {
  const { createHooks, ...description } = def;
  return {
    ...description,
    create(setup, params): PolicyInstance {
      const hooks = createHooks(setup, params);
      const resident = new Uint8Array(setup.pageCount);
      let frames = setup.frames;
      let count = 0;
      let time = 0;
      const evictVictim = (events: MemoryEvents): void => {
        const v = hooks.victim(time);
        if (!(v >= 0 && v < resident.length) || resident[v] !== 1) {
          throw new PolicyError(`victim() returned page ${v}, which is not resident`);
        }
        resident[v] = 0;
        count--;
        hooks.onRemove(v);
        events.evict(v);
      };
      return {
        replay(view: TraceView, from: number, to: number, events: MemoryEvents): void {
          const { pages, codes } = view;
          for (let i = from; i < to; i++) {
            const p = pages[i]!;
            const c = codes[i]!;
            if (c & RELEASE_BIT) {
              const was = resident[p] === 1;
              if (was) {
                resident[p] = 0;
                count--;
                hooks.onRemove(p);
              }
              events.release(p, was);
              continue;
            }
            const write = (c & WRITE_BIT) !== 0;
            if (resident[p]) {
              hooks.onHit(p, time, write);
              events.hit(c, p);
            } else {
              if (count >= frames) evictVictim(events);
              resident[p] = 1;
              count++;
              hooks.onMiss(p, time, write);
              events.fault(c, p);
            }
            time++;
          }
        },
        resize(size: number, events: MemoryEvents): void {
          frames = size;
          while (count > frames) evictVictim(events);
        },
        residentPages(): number[] {
          const out: number[] = [];
          for (let p = 0; p < resident.length; p++) if (resident[p]) out.push(p);
          return out;
        },
      };
    },
  };
}

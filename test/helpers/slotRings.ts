/** Helpers for tests of rings of shared slots between threads (simulators/slotRing.ts). */
import { expect } from 'vitest';
import type { SlotRing } from '../../simulators/slotRing.js';

/**
 * Waits, turning the event loop, for the worker's side of `ring`. Under the test runner a worker
 * loads its TypeScript through tsx, whose start was seen to wait on this thread's event loop: a test
 * that blocks this thread at once could wait for ever for a worker that never starts.
 */
export async function attached(ring: SlotRing): Promise<void> {
  for (let k = 0; k < 500 && !ring.attached; k++) await new Promise((r) => setTimeout(r, 20));
  expect(ring.attached).toBe(true);
}

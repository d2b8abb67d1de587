// The cross-process check for a shared store: two processes × 50 concurrent increments × 100
// rounds on one session, plus compare-and-set under contention and the get-then-set control.
// The sqlite and redis suites run it on their own backend.
import { describe, expect, it } from 'vitest';
import { createStore } from '../../../lib/session/store/index.js';
import { runStoreLoad } from '../../support/store-load.js';
import { newSid } from './store-contract.js';

/** Field `n` of `sid`, read through a fresh store opened from `spec`. */
async function counter(spec: string, sid: string): Promise<unknown> {
  const store = createStore(spec, { ttlSeconds: 3600 });
  try {
    return await store.get(sid, 'n');
  } finally {
    await store.close();
  }
}

/** `specFor(test)` gives the SESSION_STORE value that both processes open (a new file, or the suite's Redis). */
export function describeConcurrentWriters(name: string, specFor: (test: string) => string): void {
  describe(`${name} store shared by two processes`, () => {
    it('incr loses nothing: 2 × 50 × 100 increments make exactly 10,000', async () => {
      const [spec, sid] = [specFor('incr'), newSid()];
      expect(await runStoreLoad({ spec, sid, mode: 'incr', concurrency: 50, rounds: 100 }, 2)).toEqual([5000, 5000]);
      expect(await counter(spec, sid)).toBe(10_000);
    }, 60_000);

    it('update applies every change under contention: 2 × 20 × 10 compare-and-sets make 400', async () => {
      const [spec, sid] = [specFor('update'), newSid()];
      expect(await runStoreLoad({ spec, sid, mode: 'update', concurrency: 20, rounds: 10 }, 2)).toEqual([200, 200]);
      expect(await counter(spec, sid)).toBe(400);
    }, 60_000);

    it('the same load as get-then-set (the control) loses increments', async () => {
      const [spec, sid] = [specFor('naive'), newSid()];
      expect(await runStoreLoad({ spec, sid, mode: 'naive', concurrency: 50, rounds: 100 }, 2)).toEqual([5000, 5000]);
      expect(await counter(spec, sid)).toBeLessThan(10_000);
    }, 60_000);
  });
}

// startAll, the way startCluster starts its instances: one failure leaves nothing running.
import { describe, expect, it } from 'vitest';
import { startAll } from '../../../demo/cluster/start-all.js';

/** A start that the test settles by hand, and that rejects with the signal's reason when aborted. */
function pending(): { promise: Promise<string>; resolve(value: string): void; reject(err: Error): void; aborted(): boolean; start(signal: AbortSignal): Promise<string> } {
  let settle!: { resolve(value: string): void; reject(err: unknown): void };
  let signal: AbortSignal | undefined;
  const promise = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  return {
    promise,
    resolve: (value) => settle.resolve(value),
    reject: (err) => settle.reject(err),
    aborted: () => signal?.aborted ?? false,
    start(s) {
      signal = s;
      s.addEventListener('abort', () => settle.reject(s.reason), { once: true });
      return promise;
    },
  };
}

describe('startAll', () => {
  it('resolves with every started value, in the order of the ids', async () => {
    const starts = { a: pending(), b: pending() };
    const all = startAll(['a', 'b'], undefined, (id, s) => starts[id as 'a' | 'b'].start(s), async () => undefined);
    starts.b.resolve('B');
    starts.a.resolve('A');
    expect(await all).toEqual(['A', 'B']);
  });

  describe('when one fails', () => {
    it('aborts those still starting, stops those that started, and rejects with that failure', async () => {
      const starts = { a: pending(), b: pending(), c: pending() };
      const stopped: string[] = [];
      const all = startAll(['a', 'b', 'c'], undefined, (id, s) => starts[id as 'a' | 'b' | 'c'].start(s), async (v) => void stopped.push(v));
      starts.a.resolve('A');
      await starts.a.promise;
      starts.b.reject(new Error('b would not listen'));
      await expect(all).rejects.toThrow('b would not listen');
      expect(starts.c.aborted()).toBe(true);
      expect(stopped).toEqual(['A']);
    });
  });

  describe('when the caller aborts', () => {
    it('aborts every start under way, stops those that started, and rejects with the abort reason', async () => {
      const starts = { a: pending(), b: pending() };
      const stopped: string[] = [];
      const caller = new AbortController();
      const all = startAll(['a', 'b'], caller.signal, (id, s) => starts[id as 'a' | 'b'].start(s), async (v) => void stopped.push(v));
      starts.a.resolve('A');
      await starts.a.promise;
      caller.abort(new Error('SIGTERM'));
      await expect(all).rejects.toThrow('SIGTERM');
      expect(starts.b.aborted()).toBe(true);
      expect(stopped).toEqual(['A']);
    });
  });
});

// A real store with a switch in front of it, for the failure paths: `cut()` makes every operation
// reject with StoreError('unavailable') as an outage would; `hold()` parks writes until released.
import { StoreError, type SessionStore, type StoreValue } from '../../lib/session/index.js';

export interface FaultyStore extends SessionStore {
  /** Every operation rejects `unavailable` until mend(). */
  cut(): void;
  mend(): void;
  /** Writes (set, incr, update, delete) wait until the returned function is called. */
  hold(): () => void;
  /** Operations the store received, by method name. */
  readonly calls: string[];
}

const WRITES = new Set(['set', 'incr', 'update', 'delete']);

export function faultyStore(inner: SessionStore): FaultyStore {
  let down = false;
  let gate: Promise<void> | null = null;
  const calls: string[] = [];
  const wrap =
    <A extends unknown[], R>(name: string, op: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      calls.push(name);
      if (WRITES.has(name) && gate) await gate;
      if (down) throw new StoreError('unavailable', `${name}: the test cut the store`);
      return op(...args);
    };
  return {
    kind: inner.kind,
    ttlSeconds: inner.ttlSeconds,
    calls,
    get: wrap('get', (sid: string, field: string) => inner.get(sid, field)),
    getAll: wrap('getAll', (sid: string) => inner.getAll(sid)),
    set: wrap('set', (sid: string, field: string, value: StoreValue) => inner.set(sid, field, value)),
    incr: wrap('incr', (sid: string, field: string, by?: number) => inner.incr(sid, field, by)),
    update: wrap('update', (sid: string, field: string, fn: (v: StoreValue | undefined) => StoreValue | undefined) =>
      inner.update(sid, field, fn),
    ) as SessionStore['update'],
    delete: wrap('delete', (sid: string, field: string) => inner.delete(sid, field)),
    destroy: wrap('destroy', (sid: string) => inner.destroy(sid)),
    rename: wrap('rename', (from: string, to: string) => inner.rename(from, to)),
    touch: wrap('touch', (sid: string) => inner.touch(sid)),
    ping: wrap('ping', () => inner.ping()),
    close: () => inner.close(),
    cut: () => void (down = true),
    mend: () => void (down = false),
    hold() {
      let release!: () => void;
      gate = new Promise<void>((resolve) => (release = resolve));
      return () => {
        gate = null;
        release();
      };
    },
  };
}

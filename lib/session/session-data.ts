// The handle apps use for session data: `req.session_data` in routes, `msg.session_data` in event
// handlers. Bound to one session id; every call is one atomic store operation, never a whole-blob
// load/modify/save, so concurrent tabs and instances cannot overwrite each other.
import type { SessionStore, StoreValue } from './store/session-store.js';

/**
 * The shape of your app's session data. Augment it to type every handle:
 * @example
 * declare module 'justpy-ts/session' {
 *   interface JpSessionData { visits: number; events: number; logged_in: boolean }
 * }
 */
export interface JpSessionData {
  [field: string]: StoreValue | undefined;
}

/** The fields T names explicitly (its index signature left out). */
type KnownFields<T> = keyof { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] } & string;

/** Named fields of T that do not hold numbers: incr refuses them at compile time. */
export type NonNumberFields<T> = { [K in KnownFields<T>]: NonNullable<T[K]> extends number ? never : K }[KnownFields<T>];

/** One session's data, typed by the app's shape (default {@link JpSessionData}). */
export interface SessionData<T extends object = JpSessionData> {
  /** The session this handle reads and writes. */
  readonly session_id: string;
  /** One field, or undefined when it was never set (or the session expired). */
  get<K extends keyof T & string>(field: K): Promise<T[K] | undefined>;
  /** Every field ({} for a new session). */
  getAll(): Promise<Partial<T>>;
  set<K extends keyof T & string>(field: K, value: NonNullable<T[K]>): Promise<void>;
  /** Adds `by` (default 1) atomically; a missing field counts as 0. Resolves to the new value. */
  incr<K extends keyof T & string>(field: K extends NonNumberFields<T> ? never : K, by?: number): Promise<number>;
  /**
   * Compare-and-set: `fn` gets the current value and returns the new one (undefined deletes it). It
   * may run more than once when another writer got there first, so it must not have side effects.
   */
  update<K extends keyof T & string>(field: K, fn: (current: T[K] | undefined) => T[K] | undefined): Promise<T[K] | undefined>;
  delete<K extends keyof T & string>(field: K): Promise<void>;
}

const SETTLED = Symbol('justpy-ts.session-data.settled');

interface Tracked {
  [SETTLED](): Promise<void>;
}

/**
 * A handle for `session_id`. With `rolling`, the first operation also restarts the session's
 * expiry (writes restart it anyway), so a session in use does not expire; without it, reads never
 * extend the data's life.
 */
export function createSessionData<T extends object = JpSessionData>(store: SessionStore, session_id: string, rolling: boolean): SessionData<T> {
  const inflight = new Set<Promise<unknown>>();
  let firstError: unknown = undefined;
  let touched = !rolling;
  const track = <R>(op: () => Promise<R>): Promise<R> => {
    if (!touched) {
      touched = true;
      track(() => store.touch(session_id));
    }
    const p = op();
    inflight.add(p);
    // Handled here so that a fire-and-forget call never becomes an unhandled rejection; the
    // renderer still learns of the failure through SETTLED before it acknowledges the event.
    p.then(
      () => inflight.delete(p),
      (err: unknown) => {
        inflight.delete(p);
        firstError ??= err;
      },
    );
    return p;
  };
  const handle: SessionData<T> & Tracked = {
    session_id,
    get: (field) => track(() => store.get(session_id, field)) as Promise<never>,
    getAll: () => track(() => store.getAll(session_id)) as Promise<never>,
    set: (field, value) => track(() => store.set(session_id, field, value as StoreValue)),
    incr: (field, by = 1) => track(() => store.incr(session_id, field, by)),
    update: (field, fn) =>
      track(() => store.update(session_id, field, fn as (current: StoreValue | undefined) => StoreValue | undefined)) as Promise<never>,
    delete: (field) => track(() => store.delete(session_id, field)),
    async [SETTLED]() {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
      if (firstError !== undefined) throw firstError;
    },
  };
  return handle;
}

/**
 * Waits until every operation started through these handles has finished; rejects with the first
 * failure. The renderer calls it before it acknowledges an event, so an acknowledged event is a
 * stored event even when a handler did not await its writes.
 */
export async function settleSessionData(handles: Iterable<SessionData<object>>): Promise<void> {
  for (const h of handles) await (h as unknown as Tracked)[SETTLED]();
}

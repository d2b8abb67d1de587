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
const DONE: Promise<void> = Promise.resolve();

/**
 * A handle for `session_id`. With `rolling`, the first operation also restarts the session's
 * expiry (writes restart it anyway), so a session in use does not expire; without it, reads never
 * extend the data's life. A class rather than closures: one is made per request or event that
 * touches the store, so its methods live once on the prototype.
 */
class SessionDataHandle {
  /** Operations started and not yet settled, and who waits for them to be none. */
  private inflight = 0;
  private waiters: (() => void)[] | null = null;
  private failure: { error: unknown } | null = null;
  private touched: boolean;

  constructor(
    private readonly store: SessionStore,
    readonly session_id: string,
    rolling: boolean,
  ) {
    this.touched = !rolling;
  }

  get(field: string): Promise<StoreValue | undefined> {
    return this.track(this.store.get(this.session_id, field));
  }
  getAll(): Promise<Record<string, StoreValue>> {
    return this.track(this.store.getAll(this.session_id));
  }
  set(field: string, value: StoreValue): Promise<void> {
    return this.track(this.store.set(this.session_id, field, value));
  }
  incr(field: string, by = 1): Promise<number> {
    return this.track(this.store.incr(this.session_id, field, by));
  }
  update(field: string, fn: (current: StoreValue | undefined) => StoreValue | undefined): Promise<StoreValue | undefined> {
    return this.track(this.store.update(this.session_id, field, fn));
  }
  delete(field: string): Promise<void> {
    return this.track(this.store.delete(this.session_id, field));
  }

  [SETTLED](): Promise<void> {
    if (this.inflight === 0) return this.failure ? Promise.reject(this.failure.error) : DONE;
    return new Promise<void>((resolve) => (this.waiters ??= []).push(resolve)).then(() => this[SETTLED]());
  }

  private track<R>(p: Promise<R>): Promise<R> {
    if (!this.touched) {
      this.touched = true;
      this.track(this.store.touch(this.session_id));
    }
    this.inflight++;
    // Handled here so that a fire-and-forget call never becomes an unhandled rejection; the
    // renderer still learns of the failure through SETTLED before it acknowledges the event.
    p.then(
      () => this.settledOne(),
      (error: unknown) => {
        this.failure ??= { error };
        this.settledOne();
      },
    );
    return p;
  }

  private settledOne(): void {
    if (--this.inflight > 0 || this.waiters === null) return;
    const waiters = this.waiters;
    this.waiters = null;
    for (const wake of waiters) wake();
  }
}

export function createSessionData<T extends object = JpSessionData>(store: SessionStore, session_id: string, rolling: boolean): SessionData<T> {
  return new SessionDataHandle(store, session_id, rolling) as unknown as SessionData<T>;
}

/**
 * Waits until every operation started through these handles has finished; rejects with the first
 * failure. The renderer calls it before it acknowledges an event, so an acknowledged event is a
 * stored event even when a handler did not await its writes.
 */
export function settleSessionData(handles: readonly SessionData<object>[]): Promise<void> {
  if (handles.length === 1) return (handles[0] as unknown as SessionDataHandle)[SETTLED]();
  return Promise.all(handles.map((h) => (h as unknown as SessionDataHandle)[SETTLED]())).then(() => undefined);
}

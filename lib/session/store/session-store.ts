// The contract every session-data backend keeps (memory, sqlite, redis). Per-field atomic
// operations instead of express-session's load/modify/save of a whole blob, so two tabs (or two
// instances) of one session never overwrite each other's changes.

/** What a session field may hold: anything JSON can represent. */
export type StoreValue = string | number | boolean | null | StoreValue[] | { [key: string]: StoreValue };

/**
 * Why a store operation failed. A closed set, so the boundary can map each to one answer:
 * - `unavailable`: the backend cannot be reached or did not answer in time (page route: 503).
 * - `session-ended`: the session was destroyed or renamed; writes to it are refused so that a
 *   write racing a destroy never re-creates it.
 * - `not-a-number`: incr on a field that holds something other than a safe integer, or whose
 *   result would pass Number.MAX_SAFE_INTEGER (Redis HINCRBY is integer-only; JS loses precision past 2^53).
 * - `too-large`: a value or session past the backend's size bound.
 * - `conflict`: update() lost the compare-and-set race more times than it retries.
 */
export type StoreErrorCode = 'unavailable' | 'session-ended' | 'not-a-number' | 'too-large' | 'conflict';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`session store: ${message}`, options);
    this.name = 'StoreError';
  }
}

export function isStoreError(err: unknown, code?: StoreErrorCode): err is StoreError {
  return err instanceof StoreError && (code === undefined || err.code === code);
}

/**
 * Server-side session data, keyed by session id and field. Every method is async and atomic on
 * its own; none loads or saves the whole session. Data expires `ttlSeconds` after its last write;
 * a read never extends it (touch() does, for SESSION_ROLLING); the writes that restart it are set,
 * incr, update, delete and rename. Values are stored as JSON text: what you read back is what
 * `JSON.parse` makes of `JSON.stringify(value)`, a fresh copy every time.
 * Bad arguments (an empty id or field, a value JSON cannot hold, a fractional `by`) reject with a
 * TypeError: they are mistakes in the calling code, not store conditions.
 */
export interface SessionStore {
  /** 'memory', 'sqlite' or 'redis': for logs, health checks and error messages. */
  readonly kind: string;
  /** Seconds data lives after its last write (jpSession checks it equals COOKIE_MAX_AGE). */
  readonly ttlSeconds: number;
  /** One field, or undefined when absent (or the session expired). */
  get(sid: string, field: string): Promise<StoreValue | undefined>;
  /** Every field; {} for an unknown, expired, destroyed or renamed session. */
  getAll(sid: string): Promise<Record<string, StoreValue>>;
  set(sid: string, field: string, value: StoreValue): Promise<void>;
  /** Atomic add (a missing field counts as 0); `by` is a safe integer (default 1). Resolves to the new value. */
  incr(sid: string, field: string, by?: number): Promise<number>;
  /**
   * Compare-and-set: `fn` gets the current value (undefined when absent) and returns the new one
   * (undefined deletes the field). When another writer changed the field in between, it runs again
   * with the fresh value, so `fn` must be pure. Resolves to what was stored.
   */
  update<T extends StoreValue>(sid: string, field: string, fn: (current: StoreValue | undefined) => T | undefined): Promise<T | undefined>;
  /** Removes one field (a write: restarts the expiry, refused on an ended session). */
  delete(sid: string, field: string): Promise<void>;
  /** Deletes the session's data; later writes to `sid` reject with `session-ended` until the ttl passes. */
  destroy(sid: string): Promise<void>;
  /**
   * Moves every field of `from` to `to` atomically (regenerateSession). `from` then reads empty and
   * refuses writes like a destroyed session. Moving a session without data only ends `from`.
   * `to` should be a new id: data it holds is replaced; an ended `to` rejects with `session-ended`.
   * The moved data expires `ttlSeconds` after the rename.
   */
  rename(from: string, to: string): Promise<void>;
  /** Restarts the expiry of a session that has data (SESSION_ROLLING); no-op otherwise. */
  touch(sid: string): Promise<void>;
  /** Resolves when the backend answers (health checks); rejects with `unavailable`. */
  ping(): Promise<void>;
  /** Releases connections, timers and files. Further calls reject with `unavailable`; closing twice is fine. */
  close(): Promise<void>;
}

// The default store: one process, no dependency, bounded. express-session's MemoryStore grows
// without bound ("will leak memory", its README); this one holds at most maxSessions sessions of
// at most maxSessionBytes each (worst case about their product), evicts the least recently used,
// and expires data with one unref'd sweep timer plus a check on every read (memory-sessions.ts).
import { checkIncrement, checkKey, checkUpdateResult, decodeValue, encodeValue, notAnInteger, sessionEnded, storeClosed } from './store-args.js';
import { DEFAULT_TTL_SECONDS, requireFunction, requirePositiveInteger, resolveOptions } from './store-options.js';
import { MemorySessions } from './memory-sessions.js';
import { StoreError, type SessionStore, type StoreValue } from './session-store.js';

export interface MemoryStoreOptions {
  /** Seconds data lives after its last write; give it COOKIE_MAX_AGE. [default 604800 (7 days)] */
  ttlSeconds?: number;
  /** Sessions held at once; a new one past it evicts the least recently used (read or written). [default 10000] */
  maxSessions?: number;
  /** Bytes one session may hold (UTF-8 of field names plus JSON values); writes past it reject `too-large`. [default 65536] */
  maxSessionBytes?: number;
  /** Ended ids remembered (so racing writes are refused); past it the oldest is forgotten. [default 10000] */
  maxTombstones?: number;
  /** How often the unref'd sweep drops expired sessions (reads never see them either way). [default 60000] */
  sweepIntervalMs?: number;
  /** Clock in ms (tests). [default Date.now] */
  now?: () => number;
}

export const MEMORY_STORE_DEFAULTS = Object.freeze({
  ttlSeconds: DEFAULT_TTL_SECONDS,
  maxSessions: 10_000,
  maxSessionBytes: 65_536,
  maxTombstones: 10_000,
  sweepIntervalMs: 60_000,
  now: Date.now as () => number,
});

export interface MemorySessionStore extends SessionStore {
  readonly kind: 'memory';
  /** Sessions held now (an expired one counts until it is swept or read). */
  readonly size: number;
  /** Drops expired sessions and tombstones now; returns how many sessions went. */
  sweepExpired(): number;
}

/**
 * Session data in this process's memory: lost on restart, not shared between processes.
 * @param options see MemoryStoreOptions (each field documents its default)
 * @example const store = memoryStore({ ttlSeconds: 3600 }); await store.incr(req.session_id, 'visits');
 */
export function memoryStore(options: MemoryStoreOptions = {}): MemorySessionStore {
  const o = resolveOptions('memoryStore', MEMORY_STORE_DEFAULTS, options);
  for (const name of ['ttlSeconds', 'maxSessions', 'maxSessionBytes', 'maxTombstones', 'sweepIntervalMs'] as const) {
    requirePositiveInteger('memoryStore', name, o[name]);
  }
  requireFunction('memoryStore', 'now', o.now);
  return new MemoryStore(o);
}

const weigh = (field: string, json: string): number => Buffer.byteLength(field) + Buffer.byteLength(json);

class MemoryStore implements MemorySessionStore {
  readonly kind = 'memory';
  readonly ttlSeconds: number;
  private readonly sessions: MemorySessions;
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly o: Required<MemoryStoreOptions>) {
    this.ttlSeconds = o.ttlSeconds;
    this.sessions = new MemorySessions(o);
    this.timer = setInterval(() => this.sessions.sweepExpired(), o.sweepIntervalMs).unref();
  }

  get size(): number {
    return this.sessions.size;
  }

  async get(sid: string, field: string): Promise<StoreValue | undefined> {
    this.open();
    checkKey('sid', sid);
    checkKey('field', field);
    const json = this.sessions.read(sid)?.fields.get(field);
    return json === undefined ? undefined : decodeValue(json);
  }

  async getAll(sid: string): Promise<Record<string, StoreValue>> {
    this.open();
    checkKey('sid', sid);
    const fields = this.sessions.read(sid)?.fields ?? new Map<string, string>();
    return Object.fromEntries([...fields].map(([field, json]) => [field, decodeValue(json)]));
  }

  async set(sid: string, field: string, value: StoreValue): Promise<void> {
    this.open();
    checkKey('sid', sid);
    checkKey('field', field);
    this.put(sid, field, encodeValue(value, this.o.maxSessionBytes));
  }

  async incr(sid: string, field: string, by = 1): Promise<number> {
    this.open();
    checkKey('sid', sid);
    checkKey('field', field);
    checkIncrement(by);
    if (this.sessions.isEnded(sid)) throw sessionEnded();
    const json = this.sessions.live(sid)?.fields.get(field);
    const current = json === undefined ? 0 : decodeValue(json);
    if (!Number.isSafeInteger(current)) throw notAnInteger(field, `it holds ${json}`);
    const next = (current as number) + by;
    if (!Number.isSafeInteger(next)) throw notAnInteger(field, 'the result would pass Number.MAX_SAFE_INTEGER');
    this.put(sid, field, String(next));
    return next;
  }

  async update<T extends StoreValue>(sid: string, field: string, fn: (current: StoreValue | undefined) => T | undefined): Promise<T | undefined> {
    this.open();
    checkKey('sid', sid);
    checkKey('field', field);
    if (this.sessions.isEnded(sid)) throw sessionEnded();
    // One process and a synchronous fn: nothing can change the field in between, so no retry.
    const json = this.sessions.live(sid)?.fields.get(field);
    const next = fn(json === undefined ? undefined : decodeValue(json));
    checkUpdateResult(next);
    const nextJson = next === undefined ? undefined : encodeValue(next, this.o.maxSessionBytes);
    this.put(sid, field, nextJson);
    return nextJson === undefined ? undefined : (decodeValue(nextJson) as T);
  }

  async delete(sid: string, field: string): Promise<void> {
    this.open();
    checkKey('sid', sid);
    checkKey('field', field);
    this.put(sid, field, undefined);
  }

  async destroy(sid: string): Promise<void> {
    this.open();
    checkKey('sid', sid);
    this.sessions.end(sid);
  }

  async rename(from: string, to: string): Promise<void> {
    this.open();
    checkKey('from', from);
    checkKey('to', to);
    if (from === to) throw new TypeError('session store: rename needs two different ids');
    if (this.sessions.isEnded(to)) throw sessionEnded();
    const entry = this.sessions.live(from);
    if (entry !== undefined) {
      this.sessions.drop(to);
      this.sessions.written(to, entry);
    }
    this.sessions.end(from);
  }

  async touch(sid: string): Promise<void> {
    this.open();
    checkKey('sid', sid);
    const entry = this.sessions.live(sid);
    if (entry !== undefined) this.sessions.written(sid, entry);
  }

  async ping(): Promise<void> {
    this.open();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    this.sessions.clear();
  }

  sweepExpired(): number {
    return this.sessions.sweepExpired();
  }

  private open(): void {
    if (this.closed) throw storeClosed(this.kind);
  }

  /** Sets (json) or deletes (undefined) one field, within the session's byte bound. */
  private put(sid: string, field: string, json: string | undefined): void {
    if (this.sessions.isEnded(sid)) throw sessionEnded();
    const entry = this.sessions.live(sid);
    if (entry === undefined && json === undefined) return;
    const old = entry?.fields.get(field);
    const bytes = (entry?.bytes ?? 0) - (old === undefined ? 0 : weigh(field, old)) + (json === undefined ? 0 : weigh(field, json));
    if (bytes > this.o.maxSessionBytes) {
      throw new StoreError('too-large', `the session would hold ${bytes} bytes, past the bound of ${this.o.maxSessionBytes}`);
    }
    const target = entry ?? this.sessions.admit();
    if (json === undefined) target.fields.delete(field);
    else target.fields.set(field, json);
    target.bytes = bytes;
    if (target.fields.size === 0) this.sessions.drop(sid);
    else this.sessions.written(sid, target);
  }
}

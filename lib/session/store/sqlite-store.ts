// Session data in one SQLite file that every process on this host may open (WAL, busy_timeout).
// Writes commit in IMMEDIATE transactions (grouped per event-loop turn, sqlite-group-commit.ts): the
// file's write lock comes first, so the check for an ended session and the write itself cannot
// interleave with another process's destroy.
import type Database from 'better-sqlite3';
import { loadPeer } from './load-peer.js';
import { StoreError, type SessionStore, type StoreValue } from './session-store.js';
import { openSchema, prepareStatements, type Statements } from './sqlite-schema.js';
import { sweepInBatches, type SweepReport } from './sqlite-sweep.js';
import { GroupCommit } from './sqlite-group-commit.js';
import { prepareWrites, type SqliteWrites } from './sqlite-writes.js';
import { checkIncrement, checkKey, decodeValue, encodeValue, storeClosed } from './store-args.js';
import { DEFAULT_TTL_SECONDS, requireFunction, requirePositiveInteger, resolveOptions } from './store-options.js';

export interface SqliteStoreOptions {
  /** The database file, created with its tables if new; its folder must exist. Every process on this host that opens it shares the data (not over a network filesystem). */
  path: string;
  /** Seconds data lives after its last write; give it COOKIE_MAX_AGE. [default 604800 (7 days)] */
  ttlSeconds?: number;
  /** Bytes one value may take as JSON (UTF-8); writes past it reject `too-large`. [default 1048576] */
  maxValueBytes?: number;
  /** How long a write waits for another process's lock before it rejects `unavailable` (the thread waits). [default 5000] */
  busyTimeoutMs?: number;
  /** How often the unref'd sweep deletes expired rows (reads never see them either way). [default 60000] */
  sweepIntervalMs?: number;
  /** Sessions one sweep transaction deletes at most before it yields to the event loop. [default 200] */
  sweepBatchSize?: number;
  /** Clock in ms (tests). [default Date.now] */
  now?: () => number;
}

export const SQLITE_STORE_DEFAULTS = Object.freeze({
  ttlSeconds: DEFAULT_TTL_SECONDS,
  maxValueBytes: 1_048_576,
  busyTimeoutMs: 5000,
  sweepIntervalMs: 60_000,
  // Deleting scattered ids dirties about a page per row and the commit writes them all: 25 ms a
  // batch of 200 on the development machine, 81 ms at 1000 (bench/sqlite-sweep.ts; README, sqliteStore).
  sweepBatchSize: 200,
  now: Date.now as () => number,
});

export interface SqliteSessionStore extends SessionStore {
  readonly kind: 'sqlite';
  /** Deletes expired sessions and tombstones now, in batches; a sweep already running is joined. */
  sweepExpired(): Promise<SweepReport>;
}

export type { SweepReport };

/**
 * Session data in a SQLite file (better-sqlite3, an optional peer dependency loaded here).
 * Survives restarts; shared by the processes of one host. Throws if the file cannot be opened.
 * @param options see SqliteStoreOptions (each field documents its default)
 * @example const store = sqliteStore({ path: 'data/sessions.db', ttlSeconds: 3600 });
 */
export function sqliteStore(options: SqliteStoreOptions): SqliteSessionStore {
  const o = resolveOptions('sqliteStore', SQLITE_STORE_DEFAULTS, options ?? {}, ['path']);
  if (typeof o.path !== 'string' || o.path === '') throw new TypeError('sqliteStore: path must name the database file');
  for (const name of ['ttlSeconds', 'maxValueBytes', 'busyTimeoutMs', 'sweepIntervalMs', 'sweepBatchSize'] as const) {
    requirePositiveInteger('sqliteStore', name, o[name]);
  }
  requireFunction('sqliteStore', 'now', o.now);
  const BetterSqlite3 = loadPeer<typeof Database>('better-sqlite3', '^12', 'sqliteStore');
  const db = new BetterSqlite3(o.path, { timeout: o.busyTimeoutMs });
  try {
    openSchema(db, o.busyTimeoutMs);
    return new SqliteStore(db, prepareStatements(db), o);
  } catch (err) {
    db.close();
    throw err;
  }
}

// Conditions of the file or the machine, not of the call: the boundary answers 503.
const UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|READONLY|NOMEM|CORRUPT|NOTADB|PROTOCOL|PERM|AUTH)/;

class SqliteStore implements SqliteSessionStore {
  readonly kind = 'sqlite';
  readonly ttlSeconds: number;
  private readonly ttlMs: number;
  private readonly timer: NodeJS.Timeout;
  private sweeping: Promise<SweepReport> | undefined;
  private closed = false;
  private readonly writes: SqliteWrites;
  private readonly commits: GroupCommit;

  constructor(
    private readonly db: Database.Database,
    private readonly q: Statements,
    private readonly o: Required<SqliteStoreOptions>,
  ) {
    this.ttlSeconds = o.ttlSeconds;
    this.ttlMs = o.ttlSeconds * 1000;
    this.writes = prepareWrites(db, q, { ttlMs: this.ttlMs, maxValueBytes: o.maxValueBytes, sweepBatchSize: o.sweepBatchSize, now: o.now });
    this.commits = new GroupCommit(db, (err) => this.mapError(err));
    // The interval only starts a sweep; a failed one (say, busy) is simply tried again next time.
    this.timer = setInterval(() => void this.sweepExpired().catch(() => undefined), o.sweepIntervalMs).unref();
  }

  async get(sid: string, field: string): Promise<StoreValue | undefined> {
    checkKey('sid', sid);
    checkKey('field', field);
    const row = await this.read(() => this.q.liveField.get({ sid, field, now: this.o.now() }));
    return row === undefined ? undefined : decodeValue(row.value);
  }

  async getAll(sid: string): Promise<Record<string, StoreValue>> {
    checkKey('sid', sid);
    const rows = await this.read(() => this.q.liveFields.all({ sid, now: this.o.now() }));
    return Object.fromEntries(rows.map((row) => [row.field, decodeValue(row.value)]));
  }

  async set(sid: string, field: string, value: StoreValue): Promise<void> {
    checkKey('sid', sid);
    checkKey('field', field);
    const json = encodeValue(value, this.o.maxValueBytes);
    await this.write(() => this.writes.set(sid, field, json));
  }

  async incr(sid: string, field: string, by = 1): Promise<number> {
    checkKey('sid', sid);
    checkKey('field', field);
    checkIncrement(by);
    return this.write(() => this.writes.incr(sid, field, by));
  }

  async update<T extends StoreValue>(sid: string, field: string, fn: (current: StoreValue | undefined) => T | undefined): Promise<T | undefined> {
    checkKey('sid', sid);
    checkKey('field', field);
    // fn runs inside the write transaction: no other writer can change the field meanwhile, so it
    // runs once (the contract allows more). Keep it short: it holds the file's write lock.
    const json = await this.write(() => this.writes.update(sid, field, fn));
    return json === undefined ? undefined : (decodeValue(json) as T);
  }

  async delete(sid: string, field: string): Promise<void> {
    checkKey('sid', sid);
    checkKey('field', field);
    await this.write(() => this.writes.delete(sid, field));
  }

  async destroy(sid: string): Promise<void> {
    checkKey('sid', sid);
    await this.write(() => this.writes.end(sid));
  }

  async rename(from: string, to: string): Promise<void> {
    checkKey('from', from);
    checkKey('to', to);
    if (from === to) throw new TypeError('session store: rename needs two different ids');
    await this.write(() => this.writes.rename(from, to));
  }

  async touch(sid: string): Promise<void> {
    checkKey('sid', sid);
    await this.write(() => {
      const now = this.o.now();
      return this.q.touch.run({ sid, now, expiresAt: now + this.ttlMs });
    });
  }

  async ping(): Promise<void> {
    this.run(() => this.q.ping.get());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.commits.flush();
    this.closed = true;
    clearInterval(this.timer);
    await this.sweeping?.catch(() => undefined);
    this.db.close();
  }

  sweepExpired(): Promise<SweepReport> {
    if (this.closed) return Promise.reject(storeClosed(this.kind));
    this.sweeping ??= sweepInBatches(() => this.run(() => this.writes.sweepBatch.immediate()), this.o.sweepBatchSize, () => this.closed)
      .finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  /** Queues a write for the next group commit; rejects at once when closed. */
  private write<T>(fn: () => T): Promise<T> {
    if (this.closed) return Promise.reject(storeClosed(this.kind));
    return this.commits.submit(fn);
  }

  /** A read sees every write issued before it (see GroupCommit.read); refuses once closed. */
  private read<T>(fn: () => T): T | Promise<T> {
    if (this.closed) throw storeClosed(this.kind);
    return this.commits.read(() => this.run(fn));
  }

  /** Runs a statement, turning the file's conditions into StoreErrors; refuses once closed. */
  private run<T>(fn: () => T): T {
    if (this.closed) throw storeClosed(this.kind);
    try {
      return fn();
    } catch (err) {
      throw this.mapError(err);
    }
  }

  private mapError(err: unknown): unknown {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && UNAVAILABLE.test(code)) {
      return new StoreError('unavailable', `sqlite ${this.o.path}: ${code} (${(err as Error).message})`, { cause: err });
    }
    return err;
  }
}

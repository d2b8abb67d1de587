// The SQLite store's tables and statements. One row per session (its deadline, and whether it
// ended) plus one row per field, so every operation touches only the fields it names.
import type Database from 'better-sqlite3';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS jp_sessions (
  sid TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL, -- ms since the epoch: from then on the row counts as gone
  ended INTEGER NOT NULL DEFAULT 0 -- 1: destroyed or renamed away, writes refused until expires_at
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS jp_sessions_expires_at ON jp_sessions (expires_at);
CREATE TABLE IF NOT EXISTS jp_fields (
  sid TEXT NOT NULL,
  field TEXT NOT NULL,
  value TEXT NOT NULL, -- JSON
  PRIMARY KEY (sid, field)
) WITHOUT ROWID;
`;

export interface SessionRow {
  expires_at: number;
  ended: 0 | 1;
}

/** The part of better-sqlite3's Statement used here (its own type cannot be named in declarations). */
export interface Statement<P extends unknown[], R> {
  get(...params: P): R | undefined;
  all(...params: P): R[];
  run(...params: P): { changes: number };
}

export type Statements = ReturnType<typeof prepareStatements>;

/**
 * WAL so that readers never wait for the writer and several processes can share the file. Runs at
 * start-up, synchronously, within `busyTimeoutMs` of retries (see whileBusy).
 */
export function openSchema(db: Database.Database, busyTimeoutMs: number): void {
  whileBusy(busyTimeoutMs, () => {
    if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
  });
  // NORMAL in WAL mode survives a process crash; a power cut may lose the last commits, not the file.
  db.pragma('synchronous = NORMAL');
  whileBusy(busyTimeoutMs, () => db.exec(SCHEMA));
}

/**
 * Switching a file to WAL takes its exclusive lock, and SQLite skips the busy handler (answers
 * SQLITE_BUSY at once) when waiting could deadlock: another process holding a write lock on a file
 * that is not WAL yet, as when two processes open a new file at the same moment. So a busy answer is
 * retried here, 10 ms apart, until the busy timeout has passed.
 */
function whileBusy(timeoutMs: number, step: () => void): void {
  const until = Date.now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      return step();
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() >= until) throw err;
      Atomics.wait(pause, 0, 0, 10);
    }
  }
}

export function prepareStatements(db: Database.Database) {
  const prepare = <P extends unknown[], R = unknown>(sql: string): Statement<P, R> => db.prepare(sql) as unknown as Statement<P, R>;
  const live = 'JOIN jp_sessions s ON s.sid = f.sid WHERE s.ended = 0 AND s.expires_at > @now AND f.sid = @sid';
  return {
    ping: prepare<[], { one: 1 }>('SELECT 1 AS one'),
    session: prepare<[string], SessionRow>('SELECT expires_at, ended FROM jp_sessions WHERE sid = ?'),
    putSession: prepare<[{ sid: string; expiresAt: number; ended: 0 | 1 }]>(
      `INSERT INTO jp_sessions (sid, expires_at, ended) VALUES (@sid, @expiresAt, @ended)
       ON CONFLICT (sid) DO UPDATE SET expires_at = excluded.expires_at, ended = excluded.ended`,
    ),
    touch: prepare<[{ sid: string; now: number; expiresAt: number }]>(
      `UPDATE jp_sessions SET expires_at = @expiresAt WHERE sid = @sid AND ended = 0 AND expires_at > @now
       AND EXISTS (SELECT 1 FROM jp_fields f WHERE f.sid = @sid)`,
    ),
    liveField: prepare<[{ sid: string; field: string; now: number }], { value: string }>(`SELECT f.value FROM jp_fields f ${live} AND f.field = @field`),
    liveFields: prepare<[{ sid: string; now: number }], { field: string; value: string }>(`SELECT f.field, f.value FROM jp_fields f ${live}`),
    /** Inside a write transaction, after the session was made writable. */
    field: prepare<[string, string], { value: string }>('SELECT value FROM jp_fields WHERE sid = ? AND field = ?'),
    hasFields: prepare<[string], { one: 1 }>('SELECT 1 AS one FROM jp_fields WHERE sid = ? LIMIT 1'),
    putField: prepare<[string, string, string]>(
      'INSERT INTO jp_fields (sid, field, value) VALUES (?, ?, ?) ON CONFLICT (sid, field) DO UPDATE SET value = excluded.value',
    ),
    // One UPSERT: a missing field starts at `by`; an existing one is added to only while it holds a
    // safe integer and stays one (else no row comes back, and incr says not-a-number).
    incrField: prepare<[string, string, string], { value: string }>(
      `INSERT INTO jp_fields (sid, field, value) VALUES (?, ?, ?)
       ON CONFLICT (sid, field) DO UPDATE SET value = CAST(value AS INTEGER) + CAST(excluded.value AS INTEGER)
       WHERE json_type(jp_fields.value) = 'integer'
         AND abs(CAST(jp_fields.value AS INTEGER) + CAST(excluded.value AS INTEGER)) <= ${Number.MAX_SAFE_INTEGER}
       RETURNING value`,
    ),
    deleteField: prepare<[string, string]>('DELETE FROM jp_fields WHERE sid = ? AND field = ?'),
    deleteFields: prepare<[string]>('DELETE FROM jp_fields WHERE sid = ?'),
    moveFields: prepare<[string, string]>('UPDATE jp_fields SET sid = ? WHERE sid = ?'),
    expiredBatch: prepare<[number, number], { sid: string }>('SELECT sid FROM jp_sessions WHERE expires_at <= ? LIMIT ?'),
    deleteFieldsOfMany: prepare<[string]>('DELETE FROM jp_fields WHERE sid IN (SELECT value FROM json_each(?))'),
    deleteSessions: prepare<[string]>('DELETE FROM jp_sessions WHERE sid IN (SELECT value FROM json_each(?))'),
  };
}

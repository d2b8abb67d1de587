// The SQLite store's writes: statements only. Each runs inside the group commit's IMMEDIATE
// transaction, in a savepoint of its own (sqlite-group-commit.ts): the write lock is taken before the
// first read, so checking for an ended session and writing cannot interleave with another process's
// destroy or rename, and a write that throws rolls back alone.
import type Database from 'better-sqlite3';
import type { StoreValue } from './session-store.js';
import type { Statements } from './sqlite-schema.js';
import { checkUpdateResult, decodeValue, encodeValue, notAnInteger, sessionEnded } from './store-args.js';

export interface WriteSettings {
  ttlMs: number;
  maxValueBytes: number;
  sweepBatchSize: number;
  now: () => number;
}

export type SqliteWrites = ReturnType<typeof prepareWrites>;

/** Only `.immediate` is used (better-sqlite3's own Transaction type cannot be named in declarations). */
interface Transaction<F> {
  immediate: F;
}

export function prepareWrites(db: Database.Database, q: Statements, settings: WriteSettings) {
  const transaction = <F extends (...args: never[]) => unknown>(fn: F): Transaction<F> => db.transaction(fn) as unknown as Transaction<F>;
  /** Refuses an ended session; clears data that lapsed but was not swept yet; restarts the expiry. */
  const writable = (sid: string): void => {
    const now = settings.now();
    const row = q.session.get(sid);
    if (row !== undefined && row.expires_at > now && row.ended === 1) throw sessionEnded();
    if (row !== undefined && row.expires_at <= now) q.deleteFields.run(sid);
    q.putSession.run({ sid, expiresAt: now + settings.ttlMs, ended: 0 });
  };
  const isLive = (sid: string, now: number): boolean => {
    const row = q.session.get(sid);
    return row !== undefined && row.ended === 0 && row.expires_at > now;
  };
  const end = (sid: string): void => {
    q.deleteFields.run(sid);
    q.putSession.run({ sid, expiresAt: settings.now() + settings.ttlMs, ended: 1 });
  };
  return {
    set: ((sid: string, field: string, json: string) => {
      writable(sid);
      q.putField.run(sid, field, json);
    }),
    incr: ((sid: string, field: string, by: number): number => {
      writable(sid);
      const row = q.incrField.get(sid, field, String(by));
      if (row !== undefined) return Number(row.value);
      const held = q.field.get(sid, field)?.value;
      throw notAnInteger(field, held !== undefined && Number.isSafeInteger(JSON.parse(held)) ? 'the result would pass Number.MAX_SAFE_INTEGER' : `it holds ${held}`);
    }),
    update: ((sid: string, field: string, fn: (current: StoreValue | undefined) => StoreValue | undefined): string | undefined => {
      writable(sid);
      const held = q.field.get(sid, field)?.value;
      const next = fn(held === undefined ? undefined : decodeValue(held));
      checkUpdateResult(next);
      if (next === undefined) {
        q.deleteField.run(sid, field);
        return undefined;
      }
      const json = encodeValue(next, settings.maxValueBytes);
      q.putField.run(sid, field, json);
      return json;
    }),
    delete: ((sid: string, field: string) => {
      const row = q.session.get(sid);
      if (row === undefined) return; // nothing to delete, and nothing to create
      writable(sid);
      q.deleteField.run(sid, field);
    }),
    end,
    rename: ((from: string, to: string) => {
      const now = settings.now();
      const target = q.session.get(to);
      if (target !== undefined && target.ended === 1 && target.expires_at > now) throw sessionEnded();
      if (isLive(from, now) && q.hasFields.get(from) !== undefined) {
        q.deleteFields.run(to);
        q.moveFields.run(to, from);
        q.putSession.run({ sid: to, expiresAt: now + settings.ttlMs, ended: 0 });
      }
      end(from);
    }),
    sweepBatch: transaction((): number => {
      const sids = JSON.stringify(q.expiredBatch.all(settings.now(), settings.sweepBatchSize).map((row) => row.sid));
      q.deleteFieldsOfMany.run(sids);
      return q.deleteSessions.run(sids).changes;
    }),
  };
}

// Rows written straight into a SQLite store's file, as the store lays them out, for tests and
// measurements that need many of them fast (one transaction instead of one per write).
import Database from 'better-sqlite3';

/** `count` sessions with one field each whose deadline lies before `now` (ids from `idOf`). */
export function fillExpired(path: string, count: number, now: number, idOf: (i: number) => string = (i) => `expired-${i}`): void {
  const db = new Database(path);
  const session = db.prepare('INSERT INTO jp_sessions (sid, expires_at, ended) VALUES (?, ?, 0)');
  const field = db.prepare("INSERT INTO jp_fields (sid, field, value) VALUES (?, 'n', '1')");
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const sid = idOf(i);
      session.run(sid, now - 1 - (i % 1000));
      field.run(sid);
    }
  })();
  db.close();
}

export function countRows(path: string): { sessions: number; fields: number } {
  const db = new Database(path, { readonly: true });
  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const rows = { sessions: count('jp_sessions'), fields: count('jp_fields') };
  db.close();
  return rows;
}

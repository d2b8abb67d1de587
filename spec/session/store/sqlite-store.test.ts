import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { sqliteStore, type SqliteStoreOptions } from '../../../lib/session/store/index.js';
import { countRows, fillExpired } from '../../support/sqlite-rows.js';
import { describeStoreContract, expectStoreError } from './store-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'jp-sqlite-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const newFile = () => join(dir, `store-${++files}.db`);

function withClock(options: Partial<SqliteStoreOptions> = {}) {
  let now = 1_000_000;
  const store = sqliteStore({ path: newFile(), now: () => now, ...options });
  return { store, advance: (ms: number) => void (now += ms) };
}

describeStoreContract('sqlite', async ({ ttlSeconds, maxBytes }) => withClock({ ttlSeconds, maxValueBytes: maxBytes }));

describe('sqliteStore', () => {
  describe('sweepExpired', () => {
    it('deletes 100k expired rows in batches, letting the event loop run between them', async () => {
      const path = newFile();
      const now = 10_000_000;
      const store = sqliteStore({ path, now: () => now, sweepBatchSize: 1000 });
      onTestFinished(() => store.close());
      await store.set('live', 'n', 1);
      fillExpired(path, 100_000, now);
      expect(await store.getAll('expired-7')).toEqual({});

      const delay = monitorEventLoopDelay({ resolution: 1 });
      let turns = 0;
      let sweeping = true;
      const otherWork = (): void => {
        turns += 1;
        if (sweeping) setImmediate(otherWork);
      };
      delay.enable();
      await new Promise((resolve) => setTimeout(resolve, 20)); // the monitor records from its second sample on
      const started = performance.now();
      setImmediate(otherWork);
      const report = await store.sweepExpired();
      const elapsedMs = performance.now() - started;
      sweeping = false;
      await new Promise((resolve) => setTimeout(resolve, 20)); // so that a last long block is sampled too
      delay.disable();

      expect(report.sessions).toBe(100_000);
      expect(report.largestBatch).toBeLessThanOrEqual(1000);
      expect(report.batches).toBeGreaterThanOrEqual(100);
      // Other callbacks ran between every two batches, and no single block took most of the sweep.
      expect(turns).toBeGreaterThanOrEqual(report.batches - 1);
      expect(delay.max / 1e6).toBeLessThan(elapsedMs / 2);
      expect(countRows(path)).toEqual({ sessions: 1, fields: 1 });
      expect(await store.get('live', 'n')).toBe(1);
    });

    it('deletes lapsed tombstones, after which the id takes writes again', async () => {
      const { store, advance } = withClock({ ttlSeconds: 10 });
      onTestFinished(() => store.close());
      await store.destroy('ended');
      await store.set('kept', 'n', 1);
      advance(5000);
      expect((await store.sweepExpired()).sessions).toBe(0);
      advance(6000);
      expect((await store.sweepExpired()).sessions).toBe(2);
      await store.set('ended', 'n', 1);
    });
  });

  describe('when several connections share one file', () => {
    it('each sees the others’ writes, and a destroy through one refuses writes through the other', async () => {
      const path = newFile();
      const [one, two] = [sqliteStore({ path }), sqliteStore({ path })];
      onTestFinished(() => Promise.all([one.close(), two.close()]).then(() => undefined));
      await one.incr('s', 'n');
      expect(await two.incr('s', 'n')).toBe(2);
      await two.destroy('s');
      await expectStoreError(one.set('s', 'n', 1), 'session-ended');
    });

    it('a write that waits longer than busyTimeoutMs for the lock rejects unavailable', async () => {
      const path = newFile();
      const store = sqliteStore({ path, busyTimeoutMs: 50 });
      onTestFinished(() => store.close());
      const holder = new Database(path);
      onTestFinished(() => void holder.close());
      holder.exec('BEGIN IMMEDIATE');
      await expectStoreError(store.set('s', 'n', 1), 'unavailable');
      expect(await store.get('s', 'n')).toBeUndefined(); // readers are not blocked (WAL)
      holder.exec('COMMIT');
      await store.set('s', 'n', 1);
    });
  });

  describe('when another process writes to the file as it opens (not WAL yet)', () => {
    it('waits for the lock instead of failing at start-up with SQLITE_BUSY', async () => {
      const path = newFile();
      // A writer holding its lock on a rollback-journal file: the switch to WAL cannot wait for it
      // through the busy handler (SQLite sees a possible deadlock), which two processes opening one
      // new file at the same moment run into.
      const writer = spawn(
        process.execPath,
        [
          '-e',
          `const db = new (require('better-sqlite3'))(process.argv[1]); db.exec('CREATE TABLE w (a)');
           db.exec('BEGIN IMMEDIATE'); db.exec('INSERT INTO w VALUES (1)'); console.log('locked');
           setTimeout(() => { db.exec('COMMIT'); db.close(); }, 300);`,
          path,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      onTestFinished(() => void writer.kill());
      await once(writer.stdout, 'data');
      const store = sqliteStore({ path, busyTimeoutMs: 5000 });
      onTestFinished(() => store.close());
      expect(await store.incr('s', 'n')).toBe(1);
      const reader = new Database(path, { readonly: true });
      onTestFinished(() => void reader.close());
      expect(reader.pragma('journal_mode', { simple: true })).toBe('wal');
    });

    it('still gives up after busyTimeoutMs, with SQLite\'s error', async () => {
      const path = newFile();
      const holder = new Database(path);
      onTestFinished(() => void holder.close());
      holder.exec('CREATE TABLE w (a)');
      holder.exec('BEGIN IMMEDIATE');
      holder.exec('INSERT INTO w VALUES (1)');
      expect(() => sqliteStore({ path, busyTimeoutMs: 50 })).toThrow(/database is locked/);
    });
  });

  it('keeps its data across a close and a reopen', async () => {
    const path = newFile();
    const first = sqliteStore({ path });
    await first.set('s', 'user', { name: 'ada' });
    await first.close();
    const second = sqliteStore({ path });
    onTestFinished(() => second.close());
    expect(await second.getAll('s')).toEqual({ user: { name: 'ada' } });
  });

  describe('options', () => {
    it.each([
      ['path', ''],
      ['busyTimeoutMs', 0],
      ['sweepBatchSize', 2.5],
      ['maxValueBytes', -1],
    ])('throws a TypeError at construction for %s = %s', (name, value) => {
      expect(() => sqliteStore({ path: newFile(), [name]: value } as SqliteStoreOptions)).toThrow(new RegExp(`sqliteStore: ${name}`));
    });

    it('throws a TypeError naming an unknown option', () => {
      expect(() => sqliteStore({ path: newFile(), ttl: 5 } as SqliteStoreOptions)).toThrow(/sqliteStore: unknown option "ttl"/);
    });
  });
});

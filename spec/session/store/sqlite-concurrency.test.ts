// Two processes × 50 concurrent increments × 100 rounds on one session of one SQLite file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteStore } from '../../../lib/session/store/index.js';
import { runStoreLoad } from '../../support/store-load.js';
import { newSid } from './store-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'jp-sqlite-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const LOAD = { concurrency: 50, rounds: 100 };

async function counted(path: string, sid: string): Promise<unknown> {
  const store = sqliteStore({ path });
  try {
    return await store.get(sid, 'n');
  } finally {
    await store.close();
  }
}

describe('sqlite store shared by two processes', () => {
  it('incr loses nothing: 2 × 50 × 100 increments make exactly 10,000', async () => {
    const path = join(dir, 'incr.db');
    const sid = newSid();
    const done = await runStoreLoad({ spec: `sqlite:${path}`, sid, mode: 'incr', ...LOAD }, 2);
    expect(done).toEqual([5000, 5000]);
    expect(await counted(path, sid)).toBe(10_000);
  }, 60_000);


  it('update applies every change under contention: 2 × 20 × 10 compare-and-sets make 400', async () => {
    const path = join(dir, 'update.db');
    const sid = newSid();
    const done = await runStoreLoad({ spec: `sqlite:${path}`, sid, mode: 'update', concurrency: 20, rounds: 10 }, 2);
    expect(done).toEqual([200, 200]);
    expect(await counted(path, sid)).toBe(400);
  }, 60_000);
  it('the same load as get-then-set (the control) loses increments', async () => {
    const path = join(dir, 'naive.db');
    const sid = newSid();
    const done = await runStoreLoad({ spec: `sqlite:${path}`, sid, mode: 'naive', ...LOAD }, 2);
    expect(done).toEqual([5000, 5000]);
    const total = await counted(path, sid);
    expect(total).toBeLessThan(10_000);
  }, 60_000);
});

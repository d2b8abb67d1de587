// Two processes × 50 concurrent increments × 100 rounds on one session of one Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisStore } from '../../../lib/session/store/index.js';
import { newSid } from '../../session/store/store-contract.js';
import { startRedisServer, type RedisServer } from '../../support/redis-server.js';
import { runStoreLoad } from '../../support/store-load.js';

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(() => server?.stop());
const LOAD = { concurrency: 50, rounds: 100 };

async function counted(sid: string): Promise<unknown> {
  const store = redisStore({ url: server.url });
  try {
    return await store.get(sid, 'n');
  } finally {
    await store.close();
  }
}

describe('redis store shared by two processes', () => {
  it('incr loses nothing: 2 × 50 × 100 increments make exactly 10,000', async () => {
    const sid = newSid();
    const done = await runStoreLoad({ spec: server.url, sid, mode: 'incr', ...LOAD }, 2);
    expect(done).toEqual([5000, 5000]);
    expect(await counted(sid)).toBe(10_000);
  }, 60_000);


  it('update applies every change under contention: 2 × 20 × 10 compare-and-sets make 400', async () => {
    const sid = newSid();
    const done = await runStoreLoad({ spec: server.url, sid, mode: 'update', concurrency: 20, rounds: 10 }, 2);
    expect(done).toEqual([200, 200]);
    expect(await counted(sid)).toBe(400);
  }, 60_000);
  it('the same load as get-then-set (the control) loses increments', async () => {
    const sid = newSid();
    const done = await runStoreLoad({ spec: server.url, sid, mode: 'naive', ...LOAD }, 2);
    expect(done).toEqual([5000, 5000]);
    const total = await counted(sid);
    expect(total).toBeLessThan(10_000);
  }, 60_000);
});

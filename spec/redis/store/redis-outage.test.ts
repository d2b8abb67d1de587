// The store's promise for a Redis outage: a fast, clear `unavailable`, never a hang, and working
// again within seconds of Redis coming back, without a restart of the app.
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStoreError, redisStore, type SessionStore } from '../../../lib/session/store/index.js';
import { newSid } from '../../session/store/store-contract.js';
import { pollUntil } from '../../support/poll.js';
import { startRedisServer, type RedisServer } from '../../../demo/cluster/redis-server.js';

/** The product's promise is 1 s; the margin is for this shared 2-core machine. */
const FAIL_FAST_MS = 1500;

const OPERATIONS: [string, (store: SessionStore, sid: string) => Promise<unknown>][] = [
  ['get', (s, sid) => s.get(sid, 'n')],
  ['getAll', (s, sid) => s.getAll(sid)],
  ['set', (s, sid) => s.set(sid, 'n', 1)],
  ['incr', (s, sid) => s.incr(sid, 'n')],
  ['update', (s, sid) => s.update(sid, 'n', () => 2)],
  ['delete', (s, sid) => s.delete(sid, 'n')],
  ['destroy', (s, sid) => s.destroy(sid)],
  ['rename', (s, sid) => s.rename(sid, newSid())],
  ['touch', (s, sid) => s.touch(sid)],
  ['ping', (s) => s.ping()],
];

/** How the operation ended and how long it took. */
async function timed(op: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  const error = await op().then(() => undefined, (err: unknown) => err);
  return { error, ms: performance.now() - started };
}

describe('redisStore when redis-server is killed and restarted', () => {
  let server: RedisServer;
  let store: SessionStore;
  const warnings: string[] = [];
  const sid = newSid();

  beforeAll(async () => {
    server = await startRedisServer();
    store = redisStore({ url: server.url, warn: (message) => warnings.push(message) });
    await store.set(sid, 'n', 1);
    await server.kill();
  });
  afterAll(async () => {
    await store?.close();
    await server?.stop();
  });

  it.each(OPERATIONS)(`%s rejects unavailable within ${FAIL_FAST_MS} ms`, async (_name, op) => {
    const { error, ms } = await timed(() => op(store, sid));
    expect(isStoreError(error, 'unavailable'), String(error)).toBe(true);
    expect(ms).toBeLessThan(FAIL_FAST_MS);
  });

  it('fifty operations at once all reject within the bound (nothing queues up)', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => timed(() => store.incr(sid, 'n'))));
    expect(results.every((r) => isStoreError(r.error, 'unavailable'))).toBe(true);
    expect(Math.max(...results.map((r) => r.ms))).toBeLessThan(FAIL_FAST_MS);
  });

  it('says so once, and names redis and its address', async () => {
    // Operations can fail before the client has even seen the socket close; the warning comes
    // with its first failed reconnect.
    await pollUntil(async () => expect(warnings).not.toHaveLength(0), 5000);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`session store: redis at 127\\.0\\.0\\.1:${server.port} is unreachable`));
  });

  it('a store created while Redis is down rejects unavailable too', async () => {
    const late = redisStore({ url: server.url, warn: () => undefined });
    try {
      const { error, ms } = await timed(() => late.get(sid, 'n'));
      expect(isStoreError(error, 'unavailable')).toBe(true);
      expect(ms).toBeLessThan(FAIL_FAST_MS);
    } finally {
      await late.close();
    }
  });

  it('works again within a few seconds of redis-server restarting on the same port', async () => {
    server = await startRedisServer({ port: server.port });
    const started = performance.now();
    await pollUntil(() => store.set(sid, 'n', 5));
    expect(performance.now() - started).toBeLessThan(5000);
    expect(await store.incr(sid, 'n')).toBe(6);
    expect(warnings.at(-1)).toMatch(/is reachable again/);
  });
});

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { redisStore, type RedisStoreOptions } from '../../../lib/session/store/index.js';
import { describeStoreContract, expectStoreError, newSid } from '../../session/store/store-contract.js';
import { pollUntil } from '../../support/poll.js';
import { startRedisServer, type RedisServer } from '../../../demo/cluster/redis-server.js';

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(() => server?.stop());

const open = (options: Partial<RedisStoreOptions> = {}) => redisStore({ url: server.url, warn: () => undefined, ...options });

describeStoreContract('redis', async ({ ttlSeconds, maxBytes }) => ({ store: open({ ttlSeconds, maxValueBytes: maxBytes }) }));

describe('redisStore', () => {
  const inspect = () => {
    const raw = new Redis(server.url);
    onTestFinished(() => void raw.disconnect());
    return raw;
  };

  it('keeps a session in one hash <prefix>s:{sid} with the ttl, and an ended id as <prefix>e:{sid}', async () => {
    const store = open({ prefix: 'app1:', ttlSeconds: 60 });
    onTestFinished(() => store.close());
    const raw = inspect();
    const sid = newSid();
    await store.set(sid, 'user', { name: 'ada' });
    await store.incr(sid, 'visits');
    expect(await raw.hgetall(`app1:s:{${sid}}`)).toEqual({ user: '{"name":"ada"}', visits: '1' });
    expect(await raw.pttl(`app1:s:{${sid}}`)).toBeGreaterThan(50_000);
    await store.destroy(sid);
    expect(await raw.exists(`app1:s:{${sid}}`)).toBe(0);
    expect(await raw.pttl(`app1:e:{${sid}}`)).toBeGreaterThan(50_000);
  });

  it('two stores with different prefixes share nothing', async () => {
    const [one, two] = [open({ prefix: 'one:' }), open({ prefix: 'two:' })];
    onTestFinished(() => Promise.all([one.close(), two.close()]).then(() => undefined));
    const sid = newSid();
    await one.set(sid, 'n', 1);
    await two.destroy(sid);
    expect(await one.get(sid, 'n')).toBe(1);
    expect(await two.get(sid, 'n')).toBeUndefined();
  });

  it('works again when Redis has forgotten its scripts (SCRIPT FLUSH, as after a restart)', async () => {
    const store = open();
    onTestFinished(() => store.close());
    const sid = newSid();
    await store.set(sid, 'n', 1);
    await inspect().script('FLUSH');
    expect(await store.incr(sid, 'n')).toBe(2);
  });

  describe('client option', () => {
    it('uses a client you pass, and leaves it open on close', async () => {
      const client = new Redis(server.url, { enableOfflineQueue: false, commandTimeout: 500, lazyConnect: false });
      onTestFinished(() => void client.disconnect());
      const store = redisStore({ client, warn: () => undefined });
      const sid = newSid();
      await store.set(sid, 'n', 1);
      await store.close();
      expect(await client.hget(`jp:s:{${sid}}`, 'n')).toBe('1');
    });

    it('connects a lazyConnect client on first use', async () => {
      const client = new Redis(server.url, { enableOfflineQueue: false, commandTimeout: 500, lazyConnect: true });
      onTestFinished(() => void client.disconnect());
      const store = redisStore({ client });
      await store.set(newSid(), 'n', 1);
    });

    it('refuses a client with an offline queue or without a commandTimeout: an outage would hang', () => {
      const queued = new Redis(server.url, { lazyConnect: true, commandTimeout: 500 });
      const untimed = new Redis(server.url, { lazyConnect: true, enableOfflineQueue: false });
      expect(() => redisStore({ client: queued })).toThrow(/enableOfflineQueue: false and a commandTimeout/);
      expect(() => redisStore({ client: untimed })).toThrow(/enableOfflineQueue: false and a commandTimeout/);
    });
  });

  describe('options', () => {
    it.each([
      ['neither url nor client', {}, /give either url or client/],
      ['a url of another scheme', { url: 'http://127.0.0.1:6379' }, /url must start with redis:\/\/ or rediss:\/\//],
      ['commandTimeoutMs 0', { url: 'redis://127.0.0.1:1/0', commandTimeoutMs: 0 }, /commandTimeoutMs must be a positive/],
      ['an unknown option', { url: 'redis://127.0.0.1:1/0', timeout: 5 }, /unknown option "timeout"/],
    ])('throws a TypeError at construction for %s', (_label, options, message) => {
      expect(() => redisStore(options as RedisStoreOptions)).toThrow(message);
    });
  });

  describe('when Redis stops answering', () => {
    it('an operation rejects unavailable after commandTimeoutMs, and the next one works once Redis answers', async () => {
      const store = open({ commandTimeoutMs: 300 });
      onTestFinished(() => store.close());
      const sid = newSid();
      await store.set(sid, 'n', 1);
      await inspect().client('PAUSE', 1500, 'ALL');
      await expectStoreError(store.incr(sid, 'n'), 'unavailable');
      await expect(pollUntil(() => store.get(sid, 'n'))).resolves.toBeGreaterThanOrEqual(1);
    });
  });
});

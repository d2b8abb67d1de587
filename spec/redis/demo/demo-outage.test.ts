// The demo on Redis while Redis goes away and comes back: page requests get a clear 503 fast,
// open pages get an error for their click, nothing crashes, and it all works again by itself.
import { afterEach, describe, expect, it } from 'vitest';
import { createTestClient, PageEventError, type TestClient } from '../../../lib/testing/index.js';
import { startDemo, TEST_SECRET_KEY, type RunningDemo } from '../../support/demo-server.js';
import { startRedisServer, type RedisServer } from '../../../demo/cluster/redis-server.js';

let redis: RedisServer | undefined;
let running: RunningDemo | undefined;
let client: TestClient | undefined;
afterEach(async () => {
  await client?.close();
  await running?.close();
  await redis?.stop();
  client = running = redis = undefined;
});

const SID = '0e'.repeat(16);

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`${what} did not happen within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the demo on Redis, through an outage', () => {
  it('answers 503 within 1 s, reports the failed click to the page, and recovers when Redis returns', async () => {
    redis = await startRedisServer();
    const port = redis.port;
    running = await startDemo({ session: { store: redis.url } });
    client = await createTestClient(running.url, { session: { secretKey: TEST_SECRET_KEY } });
    const page = await client.as(SID).open('/session_test');
    await page.click(/^Number of Click Events/);
    expect(page.text()).toContain('Number of Click Events: 1');

    await redis.kill();
    const started = Date.now();
    const res = await client.fetch('/session_test');
    const took = Date.now() - started;
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(await res.text()).toBe('Session data is unavailable right now; please try again in a few seconds');
    expect(took).toBeLessThan(1000);
    const failed = await page.click(/^Number of Click Events/).then(
      () => null,
      (err: unknown) => err,
    );
    expect(failed).toBeInstanceOf(PageEventError);
    expect((failed as PageEventError).code).toBe('store-unavailable');
    expect(page.connected).toBe(true); // the socket stays up; the page shows its last good state

    redis = await startRedisServer({ port });
    const back = await until('a page served again', async () => ((await client!.fetch('/session_test')).status === 200 ? true : undefined), 10_000);
    expect(back).toBe(true);
    await page.click(/^Number of Click Events/);
    // This Redis keeps nothing across a restart (no persistence here), so the count starts again.
    expect(page.text()).toContain('Number of Click Events: 1');
  });
});

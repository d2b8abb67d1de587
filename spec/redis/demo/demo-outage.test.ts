// The demo on Redis while Redis goes away and comes back: page requests get a clear 503 fast,
// open pages get an error for their click, nothing crashes, and it all works again by itself.
import { afterEach, describe, expect, it } from 'vitest';
import { createTestClient, PageEventError, type TestClient, type TestPage } from '../../../lib/testing/index.js';
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

  it('under click load: every click is acknowledged or refused store-unavailable, none hangs, no page drops', async () => {
    redis = await startRedisServer();
    const port = redis.port;
    running = await startDemo({ session: { store: redis.url } });
    client = await createTestClient(running.url, { session: { secretKey: TEST_SECRET_KEY } });
    const pages: TestPage[] = [];
    for (let i = 0; i < 20; i++) pages.push(await client.newVisitor().open('/session_test'));
    const outcomes = new Map<string, number>();
    let stop = false;
    // Each page clicks as fast as its replies come; anything but an ack or store-unavailable (a
    // timeout, a closed socket) is counted under its own name and fails the test.
    const clicking = pages.map(async (page) => {
      while (!stop) {
        const outcome = await page.click(/^Number of Click Events/).then(
          () => 'ack',
          (err: unknown) => (err instanceof PageEventError ? err.code : String(err)),
        );
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
    });
    const count = (outcome: string): number => outcomes.get(outcome) ?? 0;
    await until('acknowledged clicks', async () => (count('ack') >= 100 ? true : undefined), 10_000);
    await redis.kill();
    await until('refused clicks', async () => (count('store-unavailable') >= 40 ? true : undefined), 10_000);
    const started = Date.now();
    expect((await client.fetch('/session_test')).status).toBe(503);
    expect(Date.now() - started).toBeLessThan(1000);

    const acksBefore = count('ack');
    redis = await startRedisServer({ port });
    await until('clicks acknowledged again', async () => (count('ack') >= acksBefore + 100 ? true : undefined), 10_000);
    stop = true;
    await Promise.all(clicking);
    expect([...outcomes.keys()].sort()).toEqual(['ack', 'store-unavailable']);
    expect(pages.every((page) => page.connected)).toBe(true);
    expect((await client.fetch('/session_test')).status).toBe(200);
  });
});

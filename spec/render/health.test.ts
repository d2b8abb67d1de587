// GET ${basePath}/health, what a load balancer checks: 200 while the instance takes new pages and
// reaches its store, 503 while it drains or the store does not answer; the ping is cached.
import { afterEach, describe, expect, it } from 'vitest';
import { Div } from '../../lib/render/html-components.js';
import { WebPage } from '../../lib/render/webpage.js';
import { memoryStore, type SessionStore } from '../../lib/session/index.js';
import { faultyStore, type FaultyStore } from '../support/faulty-store.js';
import { startLiveServer, type LiveServer } from '../support/live-server.js';
import { ManualTimers } from '../support/manual-timers.js';

let srv: LiveServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

const CACHE_MS = 1000;
const PING_TIMEOUT_MS = 500;

async function serve(store: SessionStore | false, timers = new ManualTimers()): Promise<{ s: LiveServer; timers: ManualTimers }> {
  const page = (): WebPage => {
    const wp = new WebPage();
    new Div({ text: 'hi', a: wp });
    return wp;
  };
  srv = await startLiveServer(
    (app, jp) => app.get('/p', jp.page(page)),
    { timers, instanceId: 'web-1', limits: { healthCacheMs: CACHE_MS, healthStoreTimeoutMs: PING_TIMEOUT_MS } },
    store === false ? false : { store },
  );
  return { s: srv, timers };
}

async function health(s: LiveServer, method = 'GET'): Promise<{ status: number; body: string; res: Response }> {
  const res = await fetch(`${s.origin}/_jp/health`, { method });
  return { status: res.status, body: await res.text(), res };
}

const pings = (store: FaultyStore): number => store.calls.filter((c) => c === 'ping').length;

describe('the health endpoint', () => {
  it('answers 200 with the instance id while the store answers, with no cookie and no caching', async () => {
    const { s } = await serve(faultyStore(memoryStore()));
    const { status, body, res } = await health(s);
    expect(status).toBe(200);
    expect(JSON.parse(body)).toEqual({ status: 'ok', instance: 'web-1', store: 'ok', wrong_instance: 0 });
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const head = await health(s, 'HEAD');
    expect([head.status, head.body]).toEqual([200, '']);
    expect((await health(s, 'POST')).status).toBe(405);
  });

  // A raw socket: the kit's carries the instance that served its page, this one claims another.
  it('counts sockets refused as wrong-instance', async () => {
    const { s } = await serve(faultyStore(memoryStore()));
    const { boot } = await s.load('/p', 'alice');
    const sock = await s.connect(boot, 'alice', { instance: 'web-2' });
    expect((await sock.closed).code).toBe(4421);
    expect(JSON.parse((await health(s)).body).wrong_instance).toBe(1);
  });

  it('answers 503 store-unavailable once the cached ping has expired and the store refuses', async () => {
    const store = faultyStore(memoryStore());
    const { s, timers } = await serve(store);
    expect((await health(s)).status).toBe(200);
    store.cut();
    for (let i = 0; i < 3; i++) expect((await health(s)).status).toBe(200); // within healthCacheMs: the cached answer
    expect(pings(store)).toBe(1);
    timers.advance(CACHE_MS);
    const down = await health(s);
    expect(down.status).toBe(503);
    expect(JSON.parse(down.body)).toEqual({ status: 'store-unavailable', instance: 'web-1', store: 'unavailable', wrong_instance: 0 });
    store.mend();
    timers.advance(CACHE_MS);
    expect((await health(s)).status).toBe(200);
  });

  it('reports the store down when its ping does not answer within healthStoreTimeoutMs', async () => {
    const store = faultyStore(memoryStore());
    let pinged = 0;
    store.ping = () => {
      pinged++;
      return new Promise<void>(() => undefined);
    };
    const { s, timers } = await serve(store);
    let settled = false;
    const answer = health(s).finally(() => (settled = true));
    while (pinged === 0) await new Promise((r) => setTimeout(r, 5));
    timers.advance(PING_TIMEOUT_MS - 1);
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    timers.advance(1);
    expect((await answer).status).toBe(503);
  });

  it('answers 503 draining from the moment drain() starts', async () => {
    const { s } = await serve(faultyStore(memoryStore()));
    void s.jp.drain();
    const { status, body } = await health(s);
    expect(status).toBe(503);
    expect(JSON.parse(body)).toMatchObject({ status: 'draining', store: 'ok' });
  });

  it('says store none without sessions', async () => {
    const { s } = await serve(false);
    expect(JSON.parse((await health(s)).body)).toMatchObject({ status: 'ok', store: 'none' });
  });
});

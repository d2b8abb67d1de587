// msg.session_data: the store, as handlers see it, bound to the socket's handshake session; an event
// is acknowledged only once every store operation its handler started has finished.
import { afterEach, describe, expect, it } from 'vitest';
import { Button, Div } from '../../lib/render/html-components.js';
import { WebPage } from '../../lib/render/webpage.js';
import { memoryStore } from '../../lib/session/index.js';
import { PageEventError, type TestClient, type TestPage } from '../../lib/testing/index.js';
import { faultyStore, type FaultyStore } from '../support/faulty-store.js';
import { startLiveServer, type LiveServer } from '../support/live-server.js';

let srv: LiveServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

const TTL = 604800;

/** A page whose button adds one to the session's `clicks`; `await` says whether the handler waits for it. */
async function serveCounter(store: FaultyStore, awaitWrite: boolean): Promise<LiveServer> {
  srv = await startLiveServer(
    (app, jp) =>
      app.get(
        '/p',
        jp.page(async (req) => {
          const wp = new WebPage();
          new Div({ text: `clicks ${(await req.session_data.get('clicks')) ?? 0}`, a: wp });
          new Button({ text: 'add', a: wp }).on('click', async (self, msg) => {
            const write = msg.session_data.incr('clicks');
            if (awaitWrite) self.text = `now ${await write}`;
          });
          return wp;
        }),
      ),
    {},
    { store },
  );
  return srv;
}

/** A tab of session `sid` on /p. */
async function open(s: LiveServer, sid: string): Promise<TestPage> {
  return (await visitor(s, sid)).open('/p');
}

async function visitor(s: LiveServer, sid: string): Promise<TestClient> {
  return (await s.kit()).as(sid);
}

describe('msg.session_data', () => {
  it("reads and writes the socket's own session, which routes see too", async () => {
    const store = faultyStore(memoryStore({ ttlSeconds: TTL }));
    const s = await serveCounter(store, true);
    const alice = await visitor(s, 'a'.repeat(32));
    const alicePage = await alice.open('/p');
    const bob = await open(s, 'b'.repeat(32));
    const add = alicePage.find('add'); // the same button after its text changes
    await add.click();
    const update = await add.click();
    expect(update.changes![0]!.html).toContain('now 2');
    expect((await bob.click('add')).changes![0]!.html).toContain('now 1');
    expect((await alice.open('/p')).text()).toContain('clicks 2');
    expect(await store.get('b'.repeat(32), 'clicks')).toBe(1);
  });

  it('acknowledges an event only after a write its handler did not await has finished', async () => {
    const store = faultyStore(memoryStore({ ttlSeconds: TTL }));
    const page = await open(await serveCounter(store, false), 'c'.repeat(32));
    const release = store.hold();
    let acked = false;
    const click = page.click('add').then(() => (acked = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(acked).toBe(false); // no ack while the write is parked
    expect(page.messages).toHaveLength(1); // the hello only
    expect(await store.get('c'.repeat(32), 'clicks')).toBeUndefined();
    release();
    await click;
    expect(await store.get('c'.repeat(32), 'clicks')).toBe(1);
  });

  it('reports store-unavailable, not a plain ack, when the write failed, and works again after', async () => {
    const store = faultyStore(memoryStore({ ttlSeconds: TTL }));
    const s = await serveCounter(store, false);
    const page = await open(s, 'd'.repeat(32));
    store.cut();
    const failure = await page.click('add').catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(PageEventError);
    expect((failure as PageEventError).reply).toMatchObject({ type: 'error', code: 'store-unavailable', ack: 1 });
    expect(page.errors.map((e) => e.code)).toEqual(['store-unavailable']);
    expect(s.log.codes()).toContain('store-unavailable');
    store.mend();
    expect(await page.click('add')).toMatchObject({ type: 'update', ack: 2 });
    expect(await store.get('d'.repeat(32), 'clicks')).toBe(1);
  });

  it('costs no store operation for an event whose handler does not touch it', async () => {
    const store = faultyStore(memoryStore({ ttlSeconds: TTL }));
    srv = await startLiveServer(
      (app, jp) =>
        app.get('/p', jp.page(() => {
          const wp = new WebPage();
          new Button({ text: 'x', a: wp }).on('click', (self) => void (self.text = 'y'));
          return wp;
        })),
      {},
      { store },
    );
    const page = await open(srv, 'e'.repeat(32));
    await page.click('x');
    expect(page.has('y')).toBe(true);
    expect(store.calls).toEqual([]);
  });
});

describe('the page route when the store is down', () => {
  it('answers 503 with a clear text and Retry-After instead of a 500', async () => {
    const store = faultyStore(memoryStore({ ttlSeconds: TTL }));
    const client = await visitor(await serveCounter(store, true), 'f'.repeat(32));
    store.cut();
    const res = await client.fetch('/p');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(await res.text()).toMatch(/^Session data is unavailable right now/);
    store.mend();
    expect((await client.open('/p')).text()).toContain('clicks 0');
  });
});

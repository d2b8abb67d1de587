// msg.session_data: the store, as handlers see it, bound to the socket's handshake session; an event
// is acknowledged only once every store operation its handler started has finished.
import { afterEach, describe, expect, it } from 'vitest';
import { Button, Div } from '../../lib/render/html-components.js';
import { WebPage } from '../../lib/render/webpage.js';
import type { ErrorMessage, UpdateMessage } from '../../lib/render/wire.js';
import { memoryStore } from '../../lib/session/index.js';
import { buttonIdIn } from '../support/counter-page.js';
import { faultyStore, type FaultyStore } from '../support/faulty-store.js';
import { startLiveServer, type LiveServer, type TestSocket } from '../support/live-server.js';

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

async function open(s: LiveServer, sid: string): Promise<{ sock: TestSocket; button: string }> {
  const { boot, html } = await s.load('/p', sid);
  const sock = await s.connect(boot, sid);
  expect((await sock.next()).type).toBe('hello');
  return { sock, button: buttonIdIn(html) };
}

describe('msg.session_data', () => {
  it("reads and writes the socket's own session, which routes see too", async () => {
    const store = faultyStore(memoryStore({ ttlSeconds: TTL }));
    const s = await serveCounter(store, true);
    const alice = await open(s, 'a'.repeat(32));
    const bob = await open(s, 'b'.repeat(32));
    alice.sock.click(1, alice.button);
    alice.sock.click(2, alice.button);
    const [update] = (await alice.sock.untilAck(2)).slice(-1) as UpdateMessage[];
    expect(update!.changes[0]!.html).toContain('now 2');
    bob.sock.click(1, bob.button);
    expect(((await bob.sock.untilAck(1)).at(-1) as UpdateMessage).changes[0]!.html).toContain('now 1');
    expect((await s.load('/p', 'a'.repeat(32))).html).toContain('clicks 2');
    expect(await store.get('b'.repeat(32), 'clicks')).toBe(1);
  });

  it('acknowledges an event only after a write its handler did not await has finished', async () => {
    const store = faultyStore(memoryStore({ ttlSeconds: TTL }));
    const s = await serveCounter(store, false);
    const { sock, button } = await open(s, 'c'.repeat(32));
    const release = store.hold();
    sock.click(1, button);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sock.pending).toBe(0); // no ack while the write is parked
    expect(await store.get('c'.repeat(32), 'clicks')).toBeUndefined();
    release();
    await sock.untilAck(1);
    expect(await store.get('c'.repeat(32), 'clicks')).toBe(1);
  });

  it('reports store-unavailable, not a plain ack, when the write failed, and works again after', async () => {
    const store = faultyStore(memoryStore({ ttlSeconds: TTL }));
    const s = await serveCounter(store, false);
    const { sock, button } = await open(s, 'd'.repeat(32));
    store.cut();
    sock.click(1, button);
    const [reply] = (await sock.untilAck(1)).slice(-1) as ErrorMessage[];
    expect(reply).toMatchObject({ type: 'error', code: 'store-unavailable', ack: 1 });
    expect(s.log.codes()).toContain('store-unavailable');
    store.mend();
    sock.click(2, button);
    expect((await sock.untilAck(2)).at(-1)).toMatchObject({ type: 'update', ack: 2 });
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
    const { sock, button } = await open(srv, 'e'.repeat(32));
    sock.click(1, button);
    await sock.untilAck(1);
    expect(store.calls).toEqual([]);
  });
});

describe('the page route when the store is down', () => {
  it('answers 503 with a clear text and Retry-After instead of a 500', async () => {
    const store = faultyStore(memoryStore({ ttlSeconds: TTL }));
    const s = await serveCounter(store, true);
    store.cut();
    const res = await fetch(`${s.origin}/p`, { headers: { cookie: s.cookieFor('f'.repeat(32)) } });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(await res.text()).toMatch(/^Session data is unavailable right now/);
    store.mend();
    expect((await s.load('/p', 'f'.repeat(32))).html).toContain('clicks 0');
  });
});

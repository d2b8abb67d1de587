// Reconnects, page lifetime and close(), as the tabs of justpy-ts/testing see them.
import { WIRE_VERSION } from '../../lib/render/wire.js';
import { once } from 'node:events';
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { HelloMessage, UpdateMessage } from '../../lib/render/wire.js';
import type { TestClient } from '../../lib/testing/index.js';
import { buttonIdIn, counterRoute, onePagePerSession } from '../support/counter-page.js';
import { bootDataOf, startLiveServer } from '../support/live-server.js';
import type { LiveServer } from '../support/live-server.js';
import { ManualTimers } from '../support/manual-timers.js';

let srv: LiveServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

const GRACE = 30_000;
const UNCLAIMED = 60_000;
const HEARTBEAT = 10_000;
const COUNTER = /^Clicks: /;

/** The counter page on /p (a new page per request) and /shared (one live page per session). */
async function serve(): Promise<{ s: LiveServer; timers: ManualTimers; client: TestClient }> {
  const timers = new ManualTimers();
  const { factory } = counterRoute();
  srv = await startLiveServer(
    (app, jp) => {
      app.get('/p', jp.page(factory));
      app.get('/shared', jp.page(onePagePerSession(factory)));
    },
    { timers, limits: { pageGraceMs: GRACE, unclaimedPageMs: UNCLAIMED, heartbeatMs: HEARTBEAT } },
  );
  return { s: srv, timers, client: (await srv.kit()).as('alice') };
}

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
}

describe('reconnect', () => {
  it('keeps the page state for a socket that comes back within the grace period', async () => {
    const { s, timers, client } = await serve();
    const page = await client.open('/p');
    const update = await page.click(COUNTER);
    page.rawSocket!.close();
    await until(() => s.jp.stats().sockets === 0);
    timers.advance(GRACE - 1);
    expect(await page.reconnect()).toEqual({ type: 'hello', wire: WIRE_VERSION, last_seq: 1, version: update.version });
    await page.click(COUNTER);
    expect(page.find(COUNTER).text).toBe('Clicks: 2');
  });

  it('sends the whole root to a tab whose version is stale, and the tab shows it', async () => {
    const { client } = await serve();
    const a = await client.open('/shared');
    const b = await client.open('/shared'); // a second tab on the same live page
    b.rawSocket!.close();
    await b.waitFor(() => !b.connected);
    await a.click(COUNTER);
    const hello = await b.reconnect(); // with the version its HTML shows, now one behind
    expect(hello.last_seq).toBe(0);
    expect(hello.version).toBe(a.boot.version + 1);
    expect(hello.changes).toEqual([{ id: 'jp-root', html: expect.stringContaining('>Clicks: 1</button>') }]);
    expect(hello.changes![0]!.html.startsWith('<div id="jp-root"')).toBe(true);
    expect(b.find(COUNTER).text).toBe('Clicks: 1');
  });
});

describe('page lifetime', () => {
  it('drops a page after the grace period once its last socket is gone; the tab then hears page-gone', async () => {
    const { s, timers, client } = await serve();
    const page = await client.open('/p');
    timers.advance(UNCLAIMED * 10); // attached: never expires
    expect(s.jp.stats().pages).toBe(1);
    page.rawSocket!.close();
    await until(() => s.jp.stats().sockets === 0);
    timers.advance(GRACE);
    expect(s.jp.stats()).toEqual({ pages: 0, sockets: 0, sessions: 0, wrongInstance: 0 });
    await expect(page.reconnect()).rejects.toThrow(/closed with 4404 page-gone/);
    expect(page.closedWith).toEqual({ code: 4404, reason: 'page-gone' });
  });

  it('drops a page that no socket ever claims', async () => {
    const { s, timers, client } = await serve();
    const page = await client.open('/p', { connect: false });
    timers.advance(UNCLAIMED - 1);
    expect(s.jp.stats().pages).toBe(1);
    timers.advance(1);
    expect(s.jp.stats().pages).toBe(0);
    await expect(page.reconnect()).rejects.toThrow(/closed with 4404 page-gone/);
    expect(page.closedWith?.code).toBe(4404);
  });

  it('terminates a tab that stops answering pings, and the other tab goes on', async () => {
    const { s, timers, client } = await serve();
    const live = await client.open('/shared');
    const dead = await client.open('/shared');
    const raw = (dead.rawSocket as unknown as { _socket: { pause(): void } })._socket;
    raw.pause(); // reads nothing, so answers no ping
    const pinged = once(live.rawSocket!, 'ping');
    timers.advance(HEARTBEAT);
    await pinged;
    // the pong went out before this click on the same connection, so once it is acked the pong is in
    await live.click(COUNTER);
    timers.advance(HEARTBEAT);
    await until(() => s.jp.stats().sockets === 1);
    expect(live.connected).toBe(true);
    dead.rawSocket!.terminate(); // a paused socket would hold the client's close() for ws's close timeout
  });
});

describe('close()', () => {
  it('closes every tab with 1001, drops every page and leaves no timer behind', async () => {
    const { s, timers, client } = await serve();
    const page = await client.open('/p');
    await client.newVisitor().as('bob').fetch('/p'); // a page no socket claims, with its timer
    await s.jp.close();
    await page.waitFor(() => page.closedWith);
    expect(page.closedWith).toEqual({ code: 1001, reason: 'server-closing' });
    expect(s.jp.stats()).toEqual({ pages: 0, sockets: 0, sessions: 0, wrongInstance: 0 });
    expect(timers.size).toBe(0);
  });
});

// Raw sockets from here on: the kit resends only the events a hello says are missing, and always
// sends the version its HTML shows.
describe('what a socket claims in its handshake and frames', () => {
  it('acks an event resent after a reconnect without applying it again', async () => {
    const { s } = await serve();
    const { boot, html } = await s.load('/p', 'alice');
    const first = await s.connect(boot, 'alice', { client: 'tab' });
    await first.next();
    first.click(1, buttonIdIn(html));
    const [update] = (await first.untilAck(1)) as UpdateMessage[];
    first.ws.close();
    await until(() => s.jp.stats().sockets === 0);
    const again = await s.connect(boot, 'alice', { client: 'tab', version: update!.version });
    expect((await again.next()).type).toBe('hello');
    again.click(1, buttonIdIn(html));
    again.click(2, buttonIdIn(html));
    const msgs = await again.untilAck(2);
    expect(msgs[0]).toMatchObject({ changes: [], ack: 1 });
    expect((msgs.at(-1) as UpdateMessage).changes[0]!.html).toContain('Clicks: 2');
  });

  it('sends the whole root when the client does not give a readable version', async () => {
    const { s } = await serve();
    const { boot } = await s.load('/p', 'alice');
    const sock = await s.connect(boot, 'alice', { version: -1 });
    const hello = (await sock.next()) as HelloMessage;
    expect(hello.changes?.[0]?.id).toBe('jp-root');
  });
});

// It counts the process's handles, so its client must keep none of its own (no keep-alive pool).
describe('close() with the real timers', () => {
  it('leaves no socket or server handle behind (its own timers are unref-ed)', async () => {
    const count = (): Record<string, number> => {
      const c: Record<string, number> = {};
      for (const r of process.getActiveResourcesInfo()) c[r] = (c[r] ?? 0) + 1;
      return c;
    };
    const before = count();
    const { factory } = counterRoute();
    const s = await startLiveServer((app, jp) => app.get('/p', jp.page(factory)));
    const get = (sid: string): Promise<string> =>
      new Promise<string>((resolve, reject) => {
        const req = http.get(`${s.origin}/p`, { agent: false, headers: { cookie: s.cookieFor(sid) } }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve(body));
        });
        req.on('error', reject);
      });
    const html = await get('alice');
    await get('bob'); // a page no socket claims, waiting on its expiry timer
    const sock = await s.connect(bootDataOf(html), 'alice');
    await sock.next();
    await s.jp.close();
    await sock.closed;
    await s.close();
    await new Promise((r) => setImmediate(r));
    const after = count();
    expect(after.Timeout ?? 0).toBeLessThanOrEqual(before.Timeout ?? 0);
    expect(after.TCPServerWrap ?? 0).toBe(before.TCPServerWrap ?? 0);
    expect(after.TCPSocketWrap ?? 0).toBeLessThanOrEqual(before.TCPSocketWrap ?? 0);
  });
});

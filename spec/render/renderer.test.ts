import { WIRE_VERSION } from '../../lib/render/wire.js';
import { once } from 'node:events';
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { HelloMessage, UpdateMessage } from '../../lib/render/wire.js';
import { buttonIdIn, counterRoute } from '../support/counter-page.js';
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

async function serve(): Promise<{ s: LiveServer; timers: ManualTimers }> {
  const timers = new ManualTimers();
  const { factory } = counterRoute();
  srv = await startLiveServer((app, jp) => app.get('/p', jp.page(factory)), {
    timers,
    limits: { pageGraceMs: GRACE, unclaimedPageMs: UNCLAIMED, heartbeatMs: HEARTBEAT },
  });
  return { s: srv, timers };
}

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
}

describe('reconnect', () => {
  it('keeps the page state for a socket that comes back within the grace period', async () => {
    const { s, timers } = await serve();
    const { boot, html } = await s.load('/p', 'alice');
    const first = await s.connect(boot, 'alice', { client: 'tab' });
    await first.next();
    first.click(1, buttonIdIn(html));
    const [update] = (await first.untilAck(1)) as UpdateMessage[];
    first.ws.close();
    await until(() => s.jp.stats().sockets === 0);
    timers.advance(GRACE - 1);
    const again = await s.connect(boot, 'alice', { client: 'tab', version: update!.version });
    expect(await again.next()).toEqual({ type: 'hello', wire: WIRE_VERSION, last_seq: 1, version: update!.version });
    again.click(1, buttonIdIn(html)); // a resend of an event the page already applied
    again.click(2, buttonIdIn(html));
    const msgs = await again.untilAck(2);
    expect(msgs[0]).toMatchObject({ changes: [], ack: 1 });
    expect((msgs.at(-1) as UpdateMessage).changes[0]!.html).toContain('Clicks: 2');
  });

  it('sends the whole root to a client whose version is stale', async () => {
    const { s } = await serve();
    const { boot, html } = await s.load('/p', 'alice');
    const a = await s.connect(boot, 'alice', { client: 'a' });
    await a.next();
    a.click(1, buttonIdIn(html));
    await a.untilAck(1);
    const stale = await s.connect(boot, 'alice', { client: 'b', version: boot.version });
    const hello = (await stale.next()) as HelloMessage;
    expect(hello.last_seq).toBe(0);
    expect(hello.version).toBe(boot.version + 1);
    expect(hello.changes).toEqual([{ id: 'jp-root', html: expect.stringContaining('>Clicks: 1</button>') }]);
    expect(hello.changes![0]!.html.startsWith('<div id="jp-root"')).toBe(true);
  });

  it('sends the whole root when the client does not give a readable version', async () => {
    const { s } = await serve();
    const { boot } = await s.load('/p', 'alice');
    const sock = await s.connect(boot, 'alice', { version: -1 });
    const hello = (await sock.next()) as HelloMessage;
    expect(hello.changes?.[0]?.id).toBe('jp-root');
  });
});

describe('page lifetime', () => {
  it('drops a page after the grace period once its last socket is gone', async () => {
    const { s, timers } = await serve();
    const { boot } = await s.load('/p', 'alice');
    const sock = await s.connect(boot, 'alice');
    await sock.next();
    timers.advance(UNCLAIMED * 10); // attached: never expires
    expect(s.jp.stats().pages).toBe(1);
    sock.ws.close();
    await until(() => s.jp.stats().sockets === 0);
    timers.advance(GRACE);
    expect(s.jp.stats()).toEqual({ pages: 0, sockets: 0, sessions: 0, wrongInstance: 0 });
    const late = await s.connect(boot, 'alice');
    expect(await late.closed).toEqual({ code: 4404, reason: 'page-gone' });
  });

  it('drops a page that no socket ever claims', async () => {
    const { s, timers } = await serve();
    const { boot } = await s.load('/p', 'alice');
    timers.advance(UNCLAIMED - 1);
    expect(s.jp.stats().pages).toBe(1);
    timers.advance(1);
    expect(s.jp.stats().pages).toBe(0);
    const late = await s.connect(boot, 'alice');
    expect((await late.closed).code).toBe(4404);
  });

  it('terminates a peer that stops answering pings', async () => {
    const { s, timers } = await serve();
    const { boot, html } = await s.load('/p', 'alice');
    const live = await s.connect(boot, 'alice', { client: 'live' });
    const dead = await s.connect(boot, 'alice', { client: 'dead' });
    await live.next();
    await dead.next();
    const raw = (dead.ws as unknown as { _socket: { pause(): void } })._socket;
    raw.pause(); // reads nothing, so answers no ping
    const pinged = once(live.ws, 'ping');
    timers.advance(HEARTBEAT);
    await pinged;
    // the pong went out before this click on the same connection, so once it is acked the pong is in
    live.click(1, buttonIdIn(html));
    await live.untilAck(1);
    timers.advance(HEARTBEAT);
    await until(() => s.jp.stats().sockets === 1);
    expect(live.ws.readyState).toBe(live.ws.OPEN);
  });
});

describe('close()', () => {
  it('closes every socket with 1001, drops every page and leaves no timer behind', async () => {
    const { s, timers } = await serve();
    const a = await s.load('/p', 'alice');
    await s.load('/p', 'bob'); // unclaimed, with its timer
    const sock = await s.connect(a.boot, 'alice');
    await sock.next();
    await s.jp.close();
    expect(await sock.closed).toEqual({ code: 1001, reason: 'server-closing' });
    expect(s.jp.stats()).toEqual({ pages: 0, sockets: 0, sessions: 0, wrongInstance: 0 });
    expect(timers.size).toBe(0);
  });
});

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

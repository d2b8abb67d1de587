import { WIRE_VERSION } from '../../lib/render/wire.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UpdateMessage } from '../../lib/render/wire.js';
import { buttonIdIn, counterRoute } from '../support/counter-page.js';
import { startLiveServer } from '../support/live-server.js';
import type { LiveServer, TestSocket } from '../support/live-server.js';

let srv: LiveServer;
/** A socket of another session, open before each test, that must keep working whatever the test does. */
let bystander: { sock: TestSocket; button: string; clicks: number };
beforeEach(async () => {
  const { factory } = counterRoute();
  srv = await startLiveServer((app, jp) => app.get('/p', jp.page(factory)), { limits: { maxMessageBytes: 1024 } });
  const { sock, button } = await open('bystander');
  bystander = { sock, button, clicks: 0 };
});
afterEach(() => srv.close());

/** Opens a page as `sid`, reads the hello, and returns the socket with the button's id. */
async function open(sid: string): Promise<{ sock: TestSocket; button: string; page: string }> {
  const { boot, html } = await srv.load('/p', sid);
  const sock = await srv.connect(boot, sid);
  expect((await sock.next()).type).toBe('hello');
  return { sock, button: buttonIdIn(html), page: boot.page };
}

/** Proof that the server still serves: the bystander's socket is applied a click, and a new page opens. */
async function stillWorks(): Promise<void> {
  const seq = ++bystander.clicks;
  bystander.sock.click(seq, bystander.button);
  const [update] = (await bystander.sock.untilAck(seq)) as UpdateMessage[];
  expect(update!.changes[0]!.html).toContain(`Clicks: ${seq}`);
  const fresh = await open('newcomer');
  fresh.sock.click(1, fresh.button);
  await fresh.sock.untilAck(1);
}

describe('handshake', () => {
  it('accepts a socket of the page owner and says hello with the page version', async () => {
    const { boot } = await srv.load('/p', 'alice');
    const sock = await srv.connect(boot, 'alice');
    expect(await sock.next()).toEqual({ type: 'hello', wire: WIRE_VERSION, last_seq: 0, version: boot.version });
    expect(srv.jp.stats()).toEqual({ pages: 2, sockets: 2, sessions: 2 });
  });

  describe('refuses, then the server still works', () => {
    it.each([
      ['without a cookie', { cookie: null }, 1008, 'bad-cookie'],
      ['with a tampered cookie', { cookie: 'jp_token=alice.AAAAAAAAAAAAAAAAAAAAAAAAAAA' }, 1008, 'bad-cookie'],
      ['from another origin', { origin: 'http://evil.example' }, 1008, 'bad-origin'],
      ['for an unknown page', { page: 'AAAAAAAAAAAAAAAAAAAAAA' }, 4404, 'page-gone'],
      ['without a client id', { client: '' }, 1007, 'bad-message'],
    ])('a socket %s', async (_name, extra, code, reason) => {
      const { boot } = await srv.load('/p', 'alice');
      const sock = await srv.connect(boot, 'alice', extra);
      expect(await sock.closed).toEqual({ code, reason });
      expect(srv.log.codes()).toContain(reason);
      await stillWorks();
    });

    it("a socket of another session for alice's page, as if the page did not exist", async () => {
      const { boot } = await srv.load('/p', 'alice');
      const mallory = await srv.connect(boot, 'mallory');
      expect(await mallory.closed).toEqual({ code: 4404, reason: 'page-gone' });
      const owner = await srv.connect(boot, 'alice');
      expect((await owner.next()).type).toBe('hello');
    });
  });

  it('leaves upgrades on other paths to other listeners', async () => {
    let seen = '';
    srv.server.on('upgrade', (req, socket) => {
      if (req.url?.startsWith('/other')) {
        seen = req.url;
        socket.end('HTTP/1.1 418 Teapot\r\n\r\n');
      }
    });
    const { boot } = await srv.load('/p', 'alice');
    await expect(srv.connect({ ...boot, ws_path: '/other' }, 'alice')).rejects.toThrow(/418/);
    expect(seen).toMatch(/^\/other\?/);
  });
});

describe('malformed frames', () => {
  it.each([
    ['invalid JSON', '{"type":"event",', 1007, 'bad-message'],
    ['a message of the wrong shape', JSON.stringify({ type: 'event', seq: 0, component: 'x', event_type: 'click' }), 1007, 'bad-message'],
    ['an event name we do not know', JSON.stringify({ type: 'event', seq: 1, component: 'x', event_type: 'load' }), 1007, 'bad-message'],
    ['a frame over maxMessageBytes', JSON.stringify({ type: 'event', seq: 1, component: 'x', event_type: 'click', value: 'x'.repeat(2000) }), 1009, ''],
  ])('closes the socket on %s and the server still works', async (_name, frame, code, reason) => {
    const { sock } = await open('alice');
    sock.send(frame);
    const closed = await sock.closed;
    expect(closed.code).toBe(code);
    if (reason) expect(closed.reason).toBe(reason);
    await stillWorks();
  });

  it('closes on a binary frame', async () => {
    const { sock } = await open('alice');
    sock.ws.send(Buffer.from('{}'), { binary: true });
    expect((await sock.closed).code).toBe(1007);
  });

  it('answers an unknown component id with an error and keeps the socket usable', async () => {
    const { sock, button } = await open('alice');
    sock.click(1, 'jdoesnotexist');
    expect(await sock.next()).toEqual({
      type: 'error',
      code: 'unknown-component',
      message: expect.any(String),
      ack: 1,
    });
    sock.click(2, button);
    const [update] = (await sock.untilAck(2)) as UpdateMessage[];
    expect(update!.changes[0]!.html).toContain('Clicks: 1');
  });

  it("does not find a component of another session's page through one's own page", async () => {
    const alice = await open('alice');
    const mallory = await open('mallory');
    mallory.sock.click(1, alice.button);
    expect(await mallory.sock.next()).toMatchObject({ type: 'error', code: 'unknown-component', ack: 1 });
    alice.sock.click(1, alice.button);
    const [update] = (await alice.sock.untilAck(1)) as UpdateMessage[];
    expect(update!.changes[0]!.html).toContain('Clicks: 1');
  });
});

describe('limits', () => {
  it('closes a socket past maxSocketsPerPage and keeps the others', async () => {
    await srv.close();
    const { factory } = counterRoute();
    srv = await startLiveServer((app, jp) => app.get('/p', jp.page(factory)), { limits: { maxSocketsPerPage: 1 } });
    const { boot } = await srv.load('/p', 'alice');
    const first = await srv.connect(boot, 'alice');
    await first.next();
    const second = await srv.connect(boot, 'alice', { client: 'c2' });
    expect(await second.closed).toEqual({ code: 1013, reason: 'too-many-sockets' });
    expect(srv.jp.stats().sockets).toBe(1);
  });
});

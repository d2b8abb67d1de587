import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WIRE_VERSION } from '../../lib/render/wire.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { RendererOptions } from '../../lib/render/render-options.js';
import type { ServerMessage, UpdateMessage } from '../../lib/render/wire.js';
import { Button, Div } from '../../lib/render/html-components.js';
import { WebPage } from '../../lib/render/webpage.js';
import { buttonIdIn, counterRoute } from '../support/counter-page.js';
import { startLiveServer } from '../support/live-server.js';
import type { LiveServer, TestSocket } from '../support/live-server.js';
import { ManualTimers } from '../support/manual-timers.js';
import { rawExchange, upgradeRequest } from '../support/raw-http.js';

let srv: LiveServer;
/** A socket of another session, open before each test, that must keep working whatever the test does. */
let bystander: { sock: TestSocket; button: string; clicks: number };
beforeEach(() => serve({ limits: { maxMessageBytes: 1024 } }));
afterEach(() => srv.close());

/** (Re)starts the server with these options, the counter page on /p and /big, and a bystander on /p. */
async function serve(options: Omit<RendererOptions, 'session'>): Promise<void> {
  await srv?.close();
  const { factory } = counterRoute();
  srv = await startLiveServer((app, jp) => {
    app.get('/p', jp.page(factory));
    app.get('/big', jp.page(bigUpdatePage));
  }, options);
  const { sock, button } = await open('bystander');
  bystander = { sock, button, clicks: 0 };
}

/** A page whose every click changes 100 KB of text, so a socket that does not read falls behind quickly. */
function bigUpdatePage(): WebPage {
  const wp = new WebPage();
  const out = new Div({ text: '', a: wp });
  let n = 0;
  new Button({ text: 'grow', a: wp }).on('click', () => {
    out.text = `${++n} ${'x'.repeat(100_000)}`;
  });
  return wp;
}

const portOf = (): number => (srv.server.address() as AddressInfo).port;

/** Opens a page as `sid`, reads the hello, and returns the socket with the button's id. */
async function open(sid: string, path = '/p'): Promise<{ sock: TestSocket; button: string; page: string }> {
  const { boot, html } = await srv.load(path, sid);
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
    expect(srv.jp.stats()).toEqual({ pages: 2, sockets: 2, sessions: 2, wrongInstance: 0 });
  });

  describe('refuses, then the server still works', () => {
    it.each([
      ['without a cookie', { cookie: null }, 1008, 'bad-cookie'],
      ['with a tampered cookie', { cookie: 'jp_token=alice.AAAAAAAAAAAAAAAAAAAAAAAAAAA' }, 1008, 'bad-cookie'],
      ['from another origin', { origin: 'http://evil.example' }, 1008, 'bad-origin'],
      ['for an unknown page', { page: 'AAAAAAAAAAAAAAAAAAAAAA' }, 4404, 'page-gone'],
      ['without a client id', { client: '' }, 1007, 'bad-message'],
      ["with another instance's id", { instance: 'web-9' }, 4421, 'wrong-instance'],
    ])('a socket %s', async (_name, extra, code, reason) => {
      const { boot } = await srv.load('/p', 'alice');
      const sock = await srv.connect(boot, 'alice', extra);
      expect(await sock.closed).toEqual({ code, reason });
      expect(srv.log.codes()).toContain(reason);
      await stillWorks();
    });

    it("a page's socket that reached another instance: 4421, logged and counted, before the page is looked up", async () => {
      const { boot } = await srv.load('/p', 'alice');
      const elsewhere = { instance: `${boot.instance}x` };
      const own = await srv.connect(boot, 'alice', elsewhere);
      const foreign = await srv.connect(boot, 'mallory', elsewhere);
      const unknown = await srv.connect(boot, 'alice', { ...elsewhere, page: 'AAAAAAAAAAAAAAAAAAAAAA' });
      for (const sock of [own, foreign, unknown]) expect(await sock.closed).toEqual({ code: 4421, reason: 'wrong-instance' });
      expect(srv.jp.stats().wrongInstance).toBe(3);
      const logged = srv.log.warn.filter((line) => line[0] === '[justpy-ts] wrong-instance');
      expect(logged[0]?.[1]).toEqual({ instance: `${boot.instance}x`, here: srv.jp.instanceId });
      const owner = await srv.connect(boot, 'alice');
      expect((await owner.next()).type).toBe('hello');
    });

    it("a page of this instance id's previous run (a restart under a stable INSTANCE_ID): 4421, not 4404", async () => {
      await serve({ instanceId: 'web-1' });
      const { boot } = await srv.load('/p', 'alice');
      await serve({ instanceId: 'web-1' }); // the same id, a new process: the page died with the old one
      const { boot: fresh } = await srv.load('/p', 'alice');
      expect([fresh.instance, fresh.run === boot.run]).toEqual(['web-1', false]);
      const old = await srv.connect(boot, 'alice');
      expect(await old.closed).toEqual({ code: 4421, reason: 'wrong-instance' });
      expect(srv.jp.stats().wrongInstance).toBe(1);
      const logged = srv.log.warn.filter((line) => line[0] === '[justpy-ts] wrong-instance');
      expect(logged[0]?.[1]).toEqual({ instance: 'web-1', here: 'web-1', why: 'a page of a previous run' });
      expect((await (await srv.connect(fresh, 'alice')).next()).type).toBe('hello');
    });

    it('a socket URL without a run is looked up by page, as before runs were sent', async () => {
      const { boot } = await srv.load('/p', 'alice');
      const sock = await srv.connect(boot, 'alice', { run: null });
      expect((await sock.next()).type).toBe('hello');
      const unknown = await srv.connect(boot, 'alice', { run: null, page: 'AAAAAAAAAAAAAAAAAAAAAA' });
      expect(await unknown.closed).toEqual({ code: 4404, reason: 'page-gone' });
    });

    it('a socket URL without an instance (a runtime older than wire 4) is looked up as before', async () => {
      const { boot } = await srv.load('/p', 'alice');
      const sock = await srv.connect(boot, 'alice', { instance: null });
      expect((await sock.next()).type).toBe('hello');
      expect(srv.jp.stats().wrongInstance).toBe(0);
    });

    it("a socket of another session for alice's page, as if the page did not exist", async () => {
      const { boot } = await srv.load('/p', 'alice');
      const mallory = await srv.connect(boot, 'mallory');
      expect(await mallory.closed).toEqual({ code: 4404, reason: 'page-gone' });
      const owner = await srv.connect(boot, 'alice');
      expect((await owner.next()).type).toBe('hello');
    });
  });

  it('leaves upgrades on other paths to the app\'s own listeners', async () => {
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

describe('upgrade requests the renderer does not serve (issue 7)', () => {
  it.each(['//[', 'http://a:99999/', '/_jp/ws/../x', '*', '/%zz?%%', 'http://a:99999/_jp/wsx?page=1'])(
    'answers 404 to an upgrade of %s, closes it, and the server still works',
    async (target) => {
      const { answer } = await rawExchange(portOf(), upgradeRequest(target));
      expect(await answer).toMatch(/^HTTP\/1\.1 404 /);
      expect(srv.log.codes()).toContain('upgrade-not-found');
      await stillWorks();
    },
  );

  it('answers an upgrade of the socket path with an unparseable target like any handshake', async () => {
    const { answer, socket } = await rawExchange(portOf(), upgradeRequest('http://a:99999/_jp/ws?page=x&client=c'));
    expect((await Promise.race([answer, once(socket, 'data').then(() => 'data')])) !== '').toBe(true);
    socket.destroy();
    await stillWorks();
  });

  describe('when the app has its own upgrade listeners', () => {
    let timers: ManualTimers;
    let chat: WebSocketServer;
    beforeEach(async () => {
      timers = new ManualTimers();
      await serve({ timers, limits: { upgradeTimeoutMs: 1000 } });
      chat = new WebSocketServer({ noServer: true });
      chat.on('connection', (ws) => ws.on('message', (m) => ws.send(`echo ${m}`)));
      srv.server.on('upgrade', (req, socket, head) => {
        if (req.url === '/chat') chat.handleUpgrade(req, socket, head, (ws) => chat.emit('connection', ws, req));
      });
    });
    afterEach(() => new Promise<void>((r) => chat.close(() => r())));

    it('destroys, after upgradeTimeoutMs, an upgrade none of them answered, and leaves theirs alone', async () => {
      const ours = new WebSocket(`${srv.origin.replace('http', 'ws')}/chat`);
      await once(ours, 'open');
      const before = timers.size;
      const nobodys = await rawExchange(portOf(), upgradeRequest('/nobody'));
      await until(() => timers.size > before); // the server has it and waits for the app's listeners
      timers.advance(999);
      expect(nobodys.socket.destroyed).toBe(false);
      timers.advance(1);
      expect(await nobodys.answer).toBe('');
      expect(srv.log.codes()).toContain('upgrade-timeout');
      ours.send('hi');
      expect(String((await once(ours, 'message'))[0])).toBe('echo hi');
      ours.close();
      await stillWorks();
    });

    it('survives a client that resets the connection while nobody has answered', async () => {
      const before = timers.size;
      const { socket, answer } = await rawExchange(portOf(), upgradeRequest('/nobody'));
      await until(() => timers.size > before);
      socket.resetAndDestroy();
      await answer;
      await until(() => timers.size === before); // the server saw the reset and dropped its timer
      await stillWorks();
    });
  });
});

describe('malformed frames', () => {
  it.each([
    ['invalid JSON', '{"type":"event",', 1007, 'bad-message'],
    ['a message of the wrong shape', JSON.stringify({ type: 'event', seq: 0, component: 'x', event_type: 'click' }), 1007, 'bad-message'],
    ['an event name we do not know', JSON.stringify({ type: 'event', seq: 1, component: 'x', event_type: 'load' }), 1007, 'bad-message'],
    ['key_data of the wrong shape', JSON.stringify({ type: 'event', seq: 1, component: 'x', event_type: 'keydown', key_data: { key: 'a' } }), 1007, 'bad-message'],
    ['form_data of the wrong shape', JSON.stringify({ type: 'event', seq: 1, component: 'x', event_type: 'submit', form_data: [{ name: 1 }] }), 1007, 'bad-message'],
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
    await serve({ limits: { maxSocketsPerPage: 1 } });
    const { boot } = await srv.load('/p', 'alice');
    const first = await srv.connect(boot, 'alice');
    await first.next();
    const second = await srv.connect(boot, 'alice', { client: 'c2' });
    expect(await second.closed).toEqual({ code: 1013, reason: 'too-many-sockets' });
    expect(srv.jp.stats().sockets).toBe(2); // the bystander's and the first
  });

  it('closes a socket past maxSockets for the whole renderer with 1013, and takes one again when one leaves (issue 7)', async () => {
    await serve({ limits: { maxSockets: 2 } });
    const alice = await open('alice');
    const { boot } = await srv.load('/p', 'bob');
    const refused = await srv.connect(boot, 'bob');
    expect(await refused.closed).toEqual({ code: 1013, reason: 'too-many-sockets' });
    expect(srv.log.warn.some((line) => JSON.stringify(line).includes('maxSockets'))).toBe(true);
    alice.sock.ws.close();
    await alice.sock.closed;
    await until(() => srv.jp.stats().sockets === 1);
    const again = await srv.connect(boot, 'bob');
    expect((await again.next()).type).toBe('hello');
    bystander.sock.click(++bystander.clicks, bystander.button);
    await bystander.sock.untilAck(bystander.clicks);
  });
});

describe('a client that sends events faster than maxEventsPerSocketPerSecond (issue 7)', () => {
  it('is read no faster than the rate: its events all apply, in order, and other sockets are not kept waiting', async () => {
    const timers = new ManualTimers();
    await serve({ timers, limits: { maxEventsPerSocketPerSecond: 5 } });
    const flooder = await open('mallory');
    for (let seq = 1; seq <= 20; seq++) flooder.sock.click(seq, flooder.button);
    await flooder.sock.untilAck(5);
    bystander.sock.click(++bystander.clicks, bystander.button);
    await bystander.sock.untilAck(bystander.clicks); // answered while 15 of mallory's events still wait
    expect(flooder.sock.pending).toBe(0);
    let rest: ServerMessage[] | undefined;
    void flooder.sock.untilAck(20).then((msgs) => (rest = msgs));
    while (!rest) {
      timers.advance(200); // one more event's worth of time
      await new Promise((r) => setTimeout(r, 5));
    }
    const acks = rest.flatMap((m) => (m.type === 'update' && m.ack !== undefined ? [m.ack] : []));
    expect(acks).toEqual(Array.from({ length: 15 }, (_, i) => i + 6));
    expect((rest.at(-1) as UpdateMessage).changes[0]!.html).toContain('Clicks: 20');
  });
});

describe('the log, when one client makes the server refuse it again and again (issue 7)', () => {
  it('gets logLinesPerCode lines of each refusal per window, not one per refusal', async () => {
    await serve({ limits: { logLinesPerCode: 3 } });
    const { boot } = await srv.load('/p', 'mallory');
    for (let i = 0; i < 10; i++) {
      const sock = await srv.connect(boot, 'mallory', { cookie: 'jp_token=mallory.AAAAAAAAAAAAAAAAAAAAAAAAAAA' });
      await sock.closed;
    }
    expect(srv.log.codes().filter((c) => c === 'bad-cookie')).toHaveLength(3);
    await stillWorks();
  });
});

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
}

describe('a client that does not read (issue 7)', () => {
  it('is closed with 1008 too-slow once its unsent backlog passes maxBufferedBytesPerSocket; the page and its readers go on', async () => {
    await serve({ limits: { maxBufferedBytesPerSocket: 64 * 1024, closeTimeoutMs: 50 } });
    const { boot, html } = await srv.load('/big', 'alice');
    const reader = await srv.connect(boot, 'alice', { client: 'reader' });
    const idle = await srv.connect(boot, 'alice', { client: 'idle' });
    (idle.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    for (let seq = 1; seq <= 400 && !srv.log.codes().includes('too-slow'); seq++) {
      reader.click(seq, buttonIdIn(html));
      await reader.untilAck(seq);
    }
    expect(srv.log.codes()).toContain('too-slow');
    await until(() => srv.jp.stats().sockets === 2); // destroyed after closeTimeoutMs, as it never reads the close
    await stillWorks();
  });
});

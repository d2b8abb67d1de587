// The renderer's socket endpoint. What a tab does (the hello, events for components its page lacks,
// the socket and event limits, a tab that stops reading) goes through justpy-ts/testing; what no
// runtime sends (refused handshakes, raw upgrades, malformed frames) through raw sockets and TCP.
// Hostile cases end by checking that a bystander's tab is still served.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WIRE_VERSION } from '../../lib/render/wire.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { RendererOptions } from '../../lib/render/render-options.js';
import type { ServerMessage, UpdateMessage } from '../../lib/render/wire.js';
import { Button, Div } from '../../lib/render/html-components.js';
import { WebPage } from '../../lib/render/webpage.js';
import { PageEventError, type OpenOptions, type TestPage } from '../../lib/testing/index.js';
import { counterRoute, onePagePerSession } from '../support/counter-page.js';
import { startLiveServer } from '../support/live-server.js';
import type { LiveServer, TestSocket } from '../support/live-server.js';
import { ManualTimers } from '../support/manual-timers.js';
import { rawExchange, upgradeRequest } from '../support/raw-http.js';

let srv: LiveServer;
/** A tab of another session, open before each test, that must keep working whatever the test does. */
let bystander: { page: TestPage; clicks: number };
beforeEach(() => serve({ limits: { maxMessageBytes: 1024 } }));
afterEach(() => srv.close());

const COUNTER = /^Clicks: /;

/**
 * (Re)starts the server with these options: the counter page on /p (a page per request) and /shared
 * (one live page per session), the big-update page on /big (one per session), and a bystander on /p.
 */
async function serve(options: Omit<RendererOptions, 'session'>): Promise<void> {
  await srv?.close();
  const { factory } = counterRoute();
  srv = await startLiveServer((app, jp) => {
    app.get('/p', jp.page(factory));
    app.get('/shared', jp.page(onePagePerSession(factory)));
    app.get('/big', jp.page(onePagePerSession(bigUpdatePage)));
  }, options);
  bystander = { page: await tab('bystander'), clicks: 0 };
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

/** A tab of `sid` on `path`, through a justpy-ts/testing client of its own (closed with the server). */
async function tab(sid: string, path = '/p', options?: OpenOptions): Promise<TestPage> {
  return (await srv.kit()).as(sid).open(path, options);
}

/** The bystander clicks its counter, and the update shows one more click. */
async function bystanderClicks(): Promise<void> {
  const clicks = ++bystander.clicks;
  const update = await bystander.page.click(COUNTER);
  expect(update.changes![0]!.html).toContain(`Clicks: ${clicks}`);
  expect(bystander.page.find(COUNTER).text).toBe(`Clicks: ${clicks}`);
}

/** Proof that the server still serves: the bystander's click is applied, and a new page opens and takes a click. */
async function stillWorks(): Promise<void> {
  await bystanderClicks();
  const fresh = await tab('newcomer');
  await fresh.click(COUNTER);
}

/** Opens a page as `sid` on a raw socket and reads the hello. */
async function rawOpen(sid: string): Promise<TestSocket> {
  const { boot } = await srv.load('/p', sid);
  const sock = await srv.connect(boot, sid);
  expect((await sock.next()).type).toBe('hello');
  return sock;
}

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
}

const oneTo = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);
/** An update's ack, or the type of any other message, so a list of them shows what came in order. */
const ackOrType = (m: ServerMessage): number | string => (m.type === 'update' && m.ack !== undefined ? m.ack : m.type);

describe('handshake', () => {
  it('accepts a socket of the page owner and says hello with the page version', async () => {
    const page = await tab('alice');
    expect(page.messages).toEqual([{ type: 'hello', wire: WIRE_VERSION, last_seq: 0, version: page.boot.version }]);
    expect(srv.jp.stats()).toEqual({ pages: 2, sockets: 2, sessions: 2, wrongInstance: 0 });
  });

  // Raw sockets: a tab's handshake is always the runtime's (the jar's cookie, the page's origin, client id and instance, its own page).
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
});

// Raw upgrades over TCP or ws: targets no runtime builds, and paths that are not the renderer's.
describe('upgrade requests the renderer does not serve (issue 7)', () => {
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

// Raw sockets: no runtime sends these frames (bad JSON, wrong shapes, unknown event names, binary, oversized).
describe('malformed frames', () => {
  it.each([
    ['invalid JSON', '{"type":"event",', 1007, 'bad-message'],
    ['a message of the wrong shape', JSON.stringify({ type: 'event', seq: 0, component: 'x', event_type: 'click' }), 1007, 'bad-message'],
    ['an event name we do not know', JSON.stringify({ type: 'event', seq: 1, component: 'x', event_type: 'load' }), 1007, 'bad-message'],
    ['key_data of the wrong shape', JSON.stringify({ type: 'event', seq: 1, component: 'x', event_type: 'keydown', key_data: { key: 'a' } }), 1007, 'bad-message'],
    ['form_data of the wrong shape', JSON.stringify({ type: 'event', seq: 1, component: 'x', event_type: 'submit', form_data: [{ name: 1 }] }), 1007, 'bad-message'],
    ['a frame over maxMessageBytes', JSON.stringify({ type: 'event', seq: 1, component: 'x', event_type: 'click', value: 'x'.repeat(2000) }), 1009, ''],
  ])('closes the socket on %s and the server still works', async (_name, frame, code, reason) => {
    const sock = await rawOpen('alice');
    sock.send(frame);
    const closed = await sock.closed;
    expect(closed.code).toBe(code);
    if (reason) expect(closed.reason).toBe(reason);
    await stillWorks();
  });

  it('closes on a binary frame', async () => {
    const sock = await rawOpen('alice');
    sock.ws.send(Buffer.from('{}'), { binary: true });
    expect((await sock.closed).code).toBe(1007);
  });
});

describe('an event for a component the page does not have', () => {
  it('is answered with an error, and the socket stays usable', async () => {
    const page = await tab('alice');
    await expect(page.send({ component: 'jdoesnotexist', event_type: 'click' })).rejects.toThrow(PageEventError);
    expect(page.messages.slice(1)).toEqual([{ type: 'error', code: 'unknown-component', message: expect.any(String), ack: 1 }]);
    const update = await page.click(COUNTER);
    expect(update.changes![0]!.html).toContain('Clicks: 1');
  });

  it("does not find a component of another session's page through one's own page", async () => {
    const alice = await tab('alice');
    const mallory = await tab('mallory');
    await expect(mallory.send({ component: alice.find(COUNTER).id, event_type: 'click' })).rejects.toMatchObject({ code: 'unknown-component' });
    expect(mallory.messages.at(-1)).toMatchObject({ type: 'error', code: 'unknown-component', ack: 1 });
    const update = await alice.click(COUNTER);
    expect(update.changes![0]!.html).toContain('Clicks: 1');
  });
});

describe('limits', () => {
  it('closes a socket past maxSocketsPerPage and keeps the others', async () => {
    await serve({ limits: { maxSocketsPerPage: 1 } });
    const first = await tab('alice', '/shared');
    const second = await tab('alice', '/shared', { connect: false }); // another tab of the same live page
    expect(second.boot.page).toBe(first.boot.page);
    await expect(second.reconnect()).rejects.toThrow(/closed with 1013 too-many-sockets/);
    expect(second.closedWith).toEqual({ code: 1013, reason: 'too-many-sockets' });
    expect(srv.jp.stats().sockets).toBe(2); // the bystander's and the first
    await first.click(COUNTER);
    expect(first.find(COUNTER).text).toBe('Clicks: 1');
  });

  it('closes a socket past maxSockets for the whole renderer with 1013, and takes one again when one leaves (issue 7)', async () => {
    await serve({ limits: { maxSockets: 2 } });
    const alice = await tab('alice');
    const bob = await tab('bob', '/p', { connect: false });
    await expect(bob.reconnect()).rejects.toThrow(/closed with 1013 too-many-sockets/);
    expect(bob.closedWith).toEqual({ code: 1013, reason: 'too-many-sockets' });
    expect(srv.log.warn.some((line) => JSON.stringify(line).includes('maxSockets'))).toBe(true);
    await alice.close();
    await until(() => srv.jp.stats().sockets === 1);
    expect((await bob.reconnect()).type).toBe('hello');
    await bystanderClicks();
  });
});

describe('a client that sends events faster than maxEventsPerSocketPerSecond (issue 7)', () => {
  it('is read no faster than the rate: its events all apply, in order, and other sockets are not kept waiting', async () => {
    const timers = new ManualTimers();
    await serve({ timers, limits: { maxEventsPerSocketPerSecond: 5 } });
    const flooder = await tab('mallory');
    // The server's clock moves only when the loop below says so: the kit's wait must outlast the loop.
    const clicks = oneTo(20).map(() => flooder.click(COUNTER, { timeoutMs: 10_000 }));
    let settled = false;
    void Promise.allSettled(clicks).then(() => (settled = true));
    try {
      await clicks[4];
      await bystanderClicks(); // answered while 15 of mallory's events still wait
      expect(flooder.messages.map(ackOrType)).toEqual(['hello', ...oneTo(5)]);
      while (!settled) {
        timers.advance(200); // one more event's worth of time
        await new Promise((r) => setTimeout(r, 5));
      }
      await Promise.all(clicks);
      expect(flooder.messages.map(ackOrType)).toEqual(['hello', ...oneTo(20)]);
      expect((flooder.messages.at(-1) as UpdateMessage).changes[0]!.html).toContain('Clicks: 20');
      expect(flooder.find(COUNTER).text).toBe('Clicks: 20');
    } finally {
      // After a failure the server may still hold this socket paused, and a close would wait for ws's close timeout.
      flooder.rawSocket?.terminate();
    }
  });
});

// Raw sockets: the refusals need a bad cookie on the socket alone; a tab's page load would get 400 first.
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

describe('a client that does not read (issue 7)', () => {
  it('is closed with 1008 too-slow once its unsent backlog passes maxBufferedBytesPerSocket; the page and its readers go on', async () => {
    await serve({ limits: { maxBufferedBytesPerSocket: 64 * 1024, closeTimeoutMs: 50 } });
    const reader = await tab('alice', '/big');
    const idle = await tab('alice', '/big'); // another tab of the same live page
    expect(idle.boot.page).toBe(reader.boot.page);
    // A tab of the kit reads every frame; a machine that stops reading is its TCP socket paused.
    const idleTcp = (idle.rawSocket as unknown as { _socket: { pause(): void } })._socket;
    idleTcp.pause();
    try {
      for (let n = 1; n <= 400 && !srv.log.codes().includes('too-slow'); n++) await reader.click('grow');
      expect(srv.log.codes()).toContain('too-slow');
      await until(() => srv.jp.stats().sockets === 2); // destroyed after closeTimeoutMs, as it never reads the close
      await reader.click('grow');
      expect(reader.connected).toBe(true);
      await stillWorks();
    } finally {
      idle.rawSocket?.terminate(); // a paused socket would hold the client's close() for ws's close timeout
    }
  });
});

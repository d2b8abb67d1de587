// Upgrades left to the app's own 'upgrade' listeners: how many may wait at once (issue 7).
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { DEFAULT_LIMITS } from '../../lib/render/render-limits.js';
import type { UpdateMessage } from '../../lib/render/wire.js';
import { buttonIdIn, counterRoute } from '../support/counter-page.js';
import { startLiveServer, type LiveServer } from '../support/live-server.js';
import { ManualTimers } from '../support/manual-timers.js';
import { rawExchange, upgradeRequest, type RawExchange } from '../support/raw-http.js';

let srv: LiveServer;
let timers: ManualTimers;
let chat: WebSocketServer;
/** Client ends of the test's connections: upgraded ones are no longer the HTTP server's to close. */
let opened: { destroy(): void }[];

beforeEach(async () => {
  timers = new ManualTimers();
  opened = [];
  const { factory } = counterRoute();
  srv = await startLiveServer((app, jp) => app.get('/p', jp.page(factory)), { timers, limits: { maxUnansweredUpgrades: 2 } });
  chat = new WebSocketServer({ noServer: true });
  chat.on('connection', (ws) => ws.on('message', (m) => ws.send(`echo ${m}`)));
  srv.server.on('upgrade', (req, socket, head) => {
    if (req.url === '/chat') chat.handleUpgrade(req, socket, head, (ws) => chat.emit('connection', ws, req));
  });
});
afterEach(async () => {
  for (const end of opened) end.destroy();
  timers.advance(DEFAULT_LIMITS.upgradeTimeoutMs); // the server's ends of those still waiting (half-open after the client's FIN)
  await new Promise<void>((r) => chat.close(() => r()));
  await srv.close();
});

/** An upgrade on a path none of the app's listeners serves, once the renderer has started its wait. */
async function nobodys(): Promise<RawExchange> {
  const seen = once(srv.server, 'upgrade'); // a listener added last runs after the renderer's
  const exchange = await rawExchange((srv.server.address() as AddressInfo).port, upgradeRequest('/nobody'));
  opened.push(exchange.socket);
  await seen;
  return exchange;
}

async function chatSocket(): Promise<WebSocket> {
  const ws = new WebSocket(`${srv.origin.replace('http', 'ws')}/chat`);
  opened.push({ destroy: () => ws.terminate() });
  await once(ws, 'open');
  return ws;
}

/** A page of the renderer opens, says hello and applies a click. */
async function pagesWork(): Promise<void> {
  const { boot, html } = await srv.load('/p', 'alice');
  const sock = await srv.connect(boot, 'alice');
  expect((await sock.next()).type).toBe('hello');
  sock.click(1, buttonIdIn(html));
  const [update] = (await sock.untilAck(1)) as UpdateMessage[];
  expect(update!.changes[0]!.html).toContain('Clicks: 1');
}

describe('upgrades nobody answers, at maxUnansweredUpgrades', () => {
  it('lets as many as the bound wait', async () => {
    const [a, b] = [await nobodys(), await nobodys()];
    expect(srv.log.codes()).not.toContain('too-many-upgrades');
    await pagesWork();
    expect([a.socket.destroyed, b.socket.destroyed]).toEqual([false, false]);
  });

  it('one past it: the oldest is answered 503 and closed, the others go on waiting', async () => {
    const [a, b, c] = [await nobodys(), await nobodys(), await nobodys()];
    expect(await a.answer).toMatch(/^HTTP\/1\.1 503 /);
    expect([b.socket.destroyed, c.socket.destroyed]).toEqual([false, false]);
    expect(srv.log.codes()).toContain('too-many-upgrades');
    await pagesWork();
  });

  it('does not count upgrades that one of the app\'s listeners answered', async () => {
    const talking = [await chatSocket(), await chatSocket(), await chatSocket()];
    const [a, b] = [await nobodys(), await nobodys()];
    expect([a.socket.destroyed, b.socket.destroyed]).toEqual([false, false]);
    for (const ws of talking) {
      ws.send('hi');
      expect(String((await once(ws, 'message'))[0])).toBe('echo hi');
    }
    expect(srv.log.codes()).not.toContain('too-many-upgrades');
  });
});

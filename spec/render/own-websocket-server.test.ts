// An app with a WebSocket server of its own beside the renderer's, on one HTTP server, as the README
// shows it (its block is checked against startApp below).
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { createRenderer, jpSession } from '../../lib/index.js';
import type { Renderer } from '../../lib/index.js';
import { DEFAULT_LIMITS } from '../../lib/render/render-limits.js';
import { buttonIdIn, counterRoute } from '../support/counter-page.js';
import { SECRET, TestSocket, bootDataOf, captureLog } from '../support/live-server.js';
import { ManualTimers } from '../support/manual-timers.js';
import { rawExchange, upgradeRequest } from '../support/raw-http.js';

interface App {
  server: http.Server;
  jp: Renderer;
  chat: WebSocketServer;
}

function startApp(timers: ManualTimers): App {
  const session = jpSession({ secretKey: SECRET, loadEnv: false, warn: () => {} });
  const jp = createRenderer({ session, timers, logger: captureLog().logger });
  const app = express();
  app.use(jp.assets);
  app.use(session);
  app.get('/p', jp.page(counterRoute().factory));
  const server = http.createServer(app);
  const chat = new WebSocketServer({ noServer: true });
  chat.on('connection', (ws) => ws.on('message', (text) => ws.send(`echo ${text}`)));
  server.on('upgrade', (req, socket, head) => {
    if (req.url?.split('?')[0] !== '/chat') return; // another path: the renderer's, or nobody's
    chat.handleUpgrade(req, socket, head, (ws) => chat.emit('connection', ws, req));
  });
  jp.attach(server);
  return { server, jp, chat };
}

let app: App;
let timers: ManualTimers;
let origin: string;
const clients: { terminate(): void }[] = [];

beforeEach(async () => {
  timers = new ManualTimers();
  app = startApp(timers);
  app.server.listen(0, '127.0.0.1');
  await once(app.server, 'listening');
  origin = `127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.terminate();
  await app.jp.close();
  await new Promise<void>((r) => app.chat.close(() => r()));
  app.server.closeAllConnections();
  await new Promise<void>((r) => app.server.close(() => r()));
});

async function chatSays(text: string): Promise<string> {
  const ws = new WebSocket(`ws://${origin}/chat?room=1`);
  clients.push(ws);
  await once(ws, 'open');
  ws.send(text);
  return String((await once(ws, 'message'))[0]);
}

/** Loads the renderer's page, opens its socket and clicks: the click's update says how many. */
async function pageClicks(): Promise<string> {
  const res = await fetch(`http://${origin}/p`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const html = await res.text();
  const boot = bootDataOf(html);
  const query = new URLSearchParams({ page: boot.page, client: 'c1', v: String(boot.version), instance: boot.instance });
  const ws = new WebSocket(`ws://${origin}${boot.ws_path}?${query}`, { headers: { cookie }, origin: `http://${origin}` });
  clients.push(ws);
  const sock = new TestSocket(ws);
  expect((await sock.next()).type).toBe('hello');
  sock.click(1, buttonIdIn(html));
  const [update] = await sock.untilAck(1);
  return update?.type === 'update' ? (update.changes[0]?.html ?? '') : '';
}

describe('an app with its own WebSocket server (noServer and a listener for its own path)', () => {
  it("keeps both its /chat socket and the renderer's pages working", async () => {
    expect(await chatSays('hi')).toBe('echo hi');
    expect(await pageClicks()).toContain('Clicks: 1');
    expect(await chatSays('again')).toBe('echo again');
  });

  it('does not throw on a request target no URL parser takes', async () => {
    const seen = once(app.server, 'upgrade'); // added last, so it runs after the app's and the renderer's
    const { answer } = await rawExchange(Number(origin.split(':')[1]), upgradeRequest('//['));
    await seen;
    expect(await pageClicks()).toContain('Clicks: 1');
    timers.advance(DEFAULT_LIMITS.upgradeTimeoutMs); // nobody answered it: the renderer closes it
    expect(await answer).toBe('');
  });
});

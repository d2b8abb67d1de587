// createRenderer({ session }): the renderer verifies handshakes with the jpSession() it is given,
// so one configuration and one verifier serve both the page and its socket.
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import express from 'express';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { createRenderer, type Renderer } from '../../lib/render/renderer.js';
import { jpSession, signSessionId, type JpSessionOptions } from '../../lib/session/index.js';
import { counterRoute } from '../support/counter-page.js';
import { bootDataOf, captureLog } from '../support/live-server.js';

const KEY = 'renderer-session-spec-key-0123456789';
let running: { jp: Renderer; server: Server } | null = null;
afterEach(async () => {
  vi.unstubAllEnvs();
  if (!running) return;
  await running.jp.close();
  running.server.closeAllConnections();
  await new Promise((resolve) => running!.server.close(resolve));
  running = null;
});

async function serve(sessionOptions: JpSessionOptions): Promise<{ origin: string; log: ReturnType<typeof captureLog> }> {
  const log = captureLog();
  const session = jpSession({ loadEnv: false, warn: () => {}, ...sessionOptions });
  const jp = createRenderer({ session, logger: log.logger });
  const app = express();
  app.use(jp.assets);
  app.use(session);
  app.get('/p', jp.page(counterRoute().factory));
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  jp.attach(server);
  running = { jp, server };
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, log };
}

/** GETs the page (with `cookie`, or taking the one the response issues) and opens its socket with the same cookie. */
async function openPage(origin: string, cookie?: string): Promise<{ status: number; first: unknown }> {
  const res = await fetch(`${origin}/p`, { headers: cookie ? { cookie } : {} });
  const html = await res.text();
  if (res.status !== 200) return { status: res.status, first: html };
  const jar = cookie ?? res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const boot = bootDataOf(html);
  const q = new URLSearchParams({ page: boot.page, client: 'c1', v: String(boot.version) });
  const ws = new WebSocket(`${origin.replace('http', 'ws')}${boot.ws_path}?${q}`, { headers: jar ? { cookie: jar } : {}, origin });
  const first = await new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(String(data))));
    ws.once('close', (code, reason) => resolve({ closed: code, reason: String(reason) }));
  });
  ws.terminate();
  return { status: 200, first };
}

describe('createRenderer({ session })', () => {
  it('starts under NODE_ENV=production with an explicit key, and its sockets accept that key', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    const { origin, log } = await serve({ secretKey: KEY });
    const { first } = await openPage(origin, `jp_token=${signSessionId('a'.repeat(32), KEY)}`);
    expect(first).toMatchObject({ type: 'hello' });
    expect(log.codes()).toEqual([]);
  });

  it('warns about no default key when jpSession has a real one: nothing reads the environment a second time', async () => {
    const printed = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const sessionWarn = vi.fn();
    vi.stubEnv('SECRET_KEY', '');
    const { origin, log } = await serve({ secretKey: KEY, warn: sessionWarn });
    const { first } = await openPage(origin);
    printed.mockRestore();
    expect(first).toMatchObject({ type: 'hello' });
    expect(sessionWarn).not.toHaveBeenCalled();
    expect(printed).not.toHaveBeenCalled();
    expect(log.codes()).toEqual([]);
  });

  it('accepts on the socket the cookie that jpSession issued under another name and key', async () => {
    const { origin } = await serve({ secretKey: KEY, cookieName: 'my_cookie_name' });
    const res = await fetch(`${origin}/p`);
    expect(res.headers.getSetCookie()[0]).toMatch(/^my_cookie_name=[0-9a-f]{32}\./);
    const { first } = await openPage(origin);
    expect(first).toMatchObject({ type: 'hello' });
  });

  it('serves pages and sockets when jpSession has sessions off', async () => {
    const { origin } = await serve({ sessions: false });
    const { status, first } = await openPage(origin);
    expect(status).toBe(200);
    expect(first).toMatchObject({ type: 'hello' });
  });

  it('throws at creation, naming the fix, without a session', () => {
    expect(() => createRenderer({} as never)).toThrow(/createRenderer\(\{ session \}\)/);
    expect(() => createRenderer({ session: (() => {}) as never })).toThrow(TypeError);
  });

  it('serves pages without sessions with { session: false }', async () => {
    const jp = createRenderer({ session: false, logger: captureLog().logger });
    const app = express();
    app.get('/p', jp.page(counterRoute().factory));
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    jp.attach(server);
    running = { jp, server };
    const { status, first } = await openPage(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    expect(status).toBe(200);
    expect(first).toMatchObject({ type: 'hello' });
  });
});

describe('printing the session middleware', () => {
  it('never shows the secret key or its fallbacks', () => {
    const session = jpSession({ secretKey: 'the-real-key-42', secretKeyFallbacks: ['an-old-key-41'], loadEnv: false });
    for (const shown of [inspect(session, { depth: 5 }), inspect(session.options), JSON.stringify(session.options)]) {
      expect(shown).not.toContain('the-real-key-42');
      expect(shown).not.toContain('an-old-key-41');
      expect(shown).toContain('jp_token');
    }
    expect(session.options.secretKey).toBe('the-real-key-42');
  });

  it('never shows the password of a Redis store, in the middleware or in the store', async () => {
    const session = jpSession({ secretKey: 'k', loadEnv: false, store: 'redis://ada:pw-s3cret@127.0.0.1:1/0', warn: () => undefined });
    try {
      for (const shown of [inspect(session, { depth: 8 }), inspect(session.store, { depth: 8 }), inspect({ session }, { depth: 8 })]) {
        expect(shown).not.toContain('pw-s3cret');
        expect(shown).toMatch(/127\.0\.0\.1/);
      }
    } finally {
      await session.close();
    }
  });
});

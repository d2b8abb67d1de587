// createRenderer({ session }): the renderer verifies handshakes with the jpSession() it is given,
// so one configuration and one verifier serve both the page and its socket.
import { inspect } from 'node:util';
import express from 'express';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRenderer, type Renderer } from '../../lib/render/renderer.js';
import { jpSession, type JpSessionMiddleware, type JpSessionOptions } from '../../lib/session/index.js';
import { createTestClient, type TestClient } from '../../lib/testing/index.js';
import { counterRoute } from '../support/counter-page.js';
import { captureLog } from '../support/live-server.js';

const KEY = 'renderer-session-spec-key-0123456789';
let running: { jp: Renderer; client: TestClient } | null = null;
afterEach(async () => {
  vi.unstubAllEnvs();
  if (!running) return;
  await running.client.close();
  await running.jp.close();
  running = null;
});

/** The counter page on /p with this session (or none), started by a test client that `as()` signs for. */
async function serve(session: JpSessionMiddleware | false): Promise<{ client: TestClient; log: ReturnType<typeof captureLog> }> {
  const log = captureLog();
  const jp = createRenderer({ session, logger: log.logger });
  const app = express();
  app.use(jp.assets);
  if (session) app.use(session);
  app.get('/p', jp.page(counterRoute().factory));
  const client = await createTestClient(app, { attach: jp, ...(session ? { session } : {}) });
  running = { jp, client };
  return { client, log };
}

const withSession = (options: JpSessionOptions): JpSessionMiddleware => jpSession({ loadEnv: false, warn: () => {}, ...options });

describe('createRenderer({ session })', () => {
  it('starts under NODE_ENV=production with an explicit key, and its sockets accept that key', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    const { client, log } = await serve(withSession({ secretKey: KEY }));
    const page = await client.as('a'.repeat(32)).open('/p'); // a cookie signed with KEY
    expect(page.messages[0]).toMatchObject({ type: 'hello' });
    expect(log.codes()).toEqual([]);
  });

  it('warns about no default key when jpSession has a real one: nothing reads the environment a second time', async () => {
    const printed = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const sessionWarn = vi.fn();
    vi.stubEnv('SECRET_KEY', '');
    const { client, log } = await serve(jpSession({ loadEnv: false, secretKey: KEY, warn: sessionWarn }));
    const page = await client.open('/p');
    printed.mockRestore();
    expect(page.messages[0]).toMatchObject({ type: 'hello' });
    expect(sessionWarn).not.toHaveBeenCalled();
    expect(printed).not.toHaveBeenCalled();
    expect(log.codes()).toEqual([]);
  });

  it('accepts on the socket the cookie that jpSession issued under another name and key', async () => {
    const { client } = await serve(withSession({ secretKey: KEY, cookieName: 'my_cookie_name' }));
    const res = await client.fetch('/p');
    expect(res.headers.getSetCookie()[0]).toMatch(/^my_cookie_name=[0-9a-f]{32}\./);
    const page = await client.open('/p'); // the jar sends that cookie with the page and its socket
    expect(page.messages[0]).toMatchObject({ type: 'hello' });
  });

  it('serves pages and sockets when jpSession has sessions off', async () => {
    const { client } = await serve(withSession({ sessions: false }));
    expect((await client.fetch('/p')).status).toBe(200);
    expect((await client.open('/p')).messages[0]).toMatchObject({ type: 'hello' });
  });

  it('throws at creation, naming the fix, without a session', () => {
    expect(() => createRenderer({} as never)).toThrow(/createRenderer\(\{ session \}\)/);
    expect(() => createRenderer({ session: (() => {}) as never })).toThrow(TypeError);
  });

  it('serves pages without sessions with { session: false }', async () => {
    const { client } = await serve(false);
    expect((await client.fetch('/p')).status).toBe(200);
    expect((await client.open('/p')).messages[0]).toMatchObject({ type: 'hello' });
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

import express from 'express';
import express4 from 'express4';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { Button, Div } from '../../lib/render/html-components.js';
import { createRenderer } from '../../lib/render/renderer.js';
import type { Renderer } from '../../lib/render/renderer.js';
import type { RendererOptions } from '../../lib/render/render-options.js';
import { WebPage } from '../../lib/render/webpage.js';
import { jpSession, signSessionId } from '../../lib/session/index.js';
import type { TestPage } from '../../lib/testing/index.js';
import { bootDataOf, captureLog, SECRET, startLiveServer } from '../support/live-server.js';
import type { CapturedLog, LiveServer } from '../support/live-server.js';

let renderers: Renderer[] = [];
afterEach(async () => {
  await Promise.all(renderers.map((r) => r.close()));
  renderers = [];
});

function setup(
  route: (jp: Renderer) => express.RequestHandler,
  options: Partial<RendererOptions> = {},
  mountSession = true,
): { app: express.Express; jp: Renderer; log: CapturedLog } {
  const log = captureLog();
  const session = jpSession({ secretKey: SECRET, loadEnv: false, warn: () => {} });
  const jp = createRenderer({
    session,
    logger: log.logger,
    ...options,
  });
  renderers.push(jp);
  const app = express();
  if (mountSession) app.use(session);
  app.get('/p', route(jp));
  return { app, jp, log };
}

const sessionTest = (req: express.Request): WebPage => {
  const wp = new WebPage();
  new Div({ text: `My session id: ${req.session_id}`, a: wp });
  new Button({ text: 'Number of Click Events: 0', a: wp }).on('click', () => {});
  return wp;
};

const cookie = (sid: string): string => `jp_token=${signSessionId(sid, SECRET)}`;

describe('jp.page(factory)', () => {
  it('answers with the complete server-rendered page and a fresh session cookie', async () => {
    const { app } = setup((jp) => jp.page(sessionTest));
    const res = await request(app).get('/p').expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['set-cookie']?.[0]).toMatch(/^jp_token=[0-9a-f]{32}\./);
    const sid = /jp_token=([0-9a-f]{32})\./.exec(res.headers['set-cookie']![0]!)![1];
    expect(res.text).toContain(`>My session id: ${sid}</div>`);
    expect(res.text).toMatch(/<button id="j[\w-]+" data-jp-on="click">Number of Click Events: 0<\/button>/);
  });

  it('binds the page to the request session under a fresh token each time', async () => {
    let built: WebPage | undefined;
    const { app, jp } = setup((r) =>
      r.page((req) => {
        built = sessionTest(req);
        return built;
      }),
    );
    const a = bootDataOf((await request(app).get('/p').set('Cookie', cookie('s1'))).text);
    expect(built!.session_id).toBe('s1');
    const b = bootDataOf((await request(app).get('/p').set('Cookie', cookie('s1'))).text);
    expect(a.page).not.toBe(b.page);
    expect(jp.stats()).toEqual({ pages: 2, sockets: 0, sessions: 1, wrongInstance: 0 });
  });

  it('registers only the page an async factory returns, not one it started', async () => {
    const { app, jp } = setup((r) =>
      r.page(async (req) => {
        sessionTest(req); // built, then abandoned, as login_test does
        await new Promise((resolve) => setTimeout(resolve, 1));
        const other = new WebPage({ title: 'Login' });
        new Div({ text: 'login form', a: other });
        return other;
      }),
    );
    const res = await request(app).get('/p').set('Cookie', cookie('s1')).expect(200);
    expect(res.text).toContain('<title>Login</title>');
    expect(res.text).toContain('login form');
    expect(jp.stats().pages).toBe(1);
  });

  it('serves a page that is already live in this session under its token, and refuses it to another session', async () => {
    let shared: WebPage | undefined;
    const { app, jp } = setup((r) => r.page((req) => (shared ??= sessionTest(req))));
    const a = bootDataOf((await request(app).get('/p').set('Cookie', cookie('s1')).expect(200)).text);
    const b = bootDataOf((await request(app).get('/p').set('Cookie', cookie('s1')).expect(200)).text);
    expect(b.page).toBe(a.page);
    await request(app).get('/p').set('Cookie', cookie('s2')).expect(500);
    expect(jp.stats()).toEqual({ pages: 1, sockets: 0, sessions: 1, wrongInstance: 0 });
  });

  it('escapes component text and page fields inside the boot script', async () => {
    const evil = '</SCRIPT><script>alert(1)</script>\u2028';
    const { app } = setup((r) =>
      r.page(() => {
        const wp = new WebPage({ title: evil });
        wp.display_url = evil;
        new Div({ text: evil, a: wp });
        return wp;
      }),
    );
    const res = await request(app).get('/p').set('Cookie', cookie('s1')).expect(200);
    expect(res.text.match(/<script/gi)).toHaveLength(3); // tailwind, boot data, client
    expect(bootDataOf(res.text).display_url).toBe(evil);
  });

  describe('when a page bound is reached (issue 7)', () => {
    it("makes the session's oldest unclaimed page give way instead of refusing a reload", async () => {
      let calls = 0;
      const { app, jp } = setup(
        (r) =>
          r.page((req) => {
            calls++;
            return sessionTest(req);
          }),
        { limits: { maxPagesPerSession: 2 } },
      );
      for (let i = 0; i < 5; i++) await request(app).get('/p').set('Cookie', cookie('s1')).expect(200);
      expect(calls).toBe(5);
      expect(jp.stats()).toEqual({ pages: 2, sockets: 0, sessions: 1, wrongInstance: 0 });
    });

    it('serves cookie-less visitors past maxPages by evicting the oldest unclaimed page', async () => {
      const { app, jp } = setup((r) => r.page(sessionTest), { limits: { maxPages: 3 } });
      for (let i = 0; i < 10; i++) await request(app).get('/p').expect(200);
      expect(jp.stats().pages).toBe(3);
    });

    it('serves both requests when the bound is reached while an async factory ran; the first page is gone', async () => {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const { app, jp } = setup(
        (r) =>
          r.page(async (req) => {
            await gate;
            return sessionTest(req);
          }),
        { limits: { maxPages: 1 } },
      );
      const first = request(app).get('/p').set('Cookie', cookie('s1'));
      const second = request(app).get('/p').set('Cookie', cookie('s2'));
      const pending = Promise.all([first, second]);
      await new Promise((r) => setTimeout(r, 20));
      release();
      expect((await pending).map((r) => r.status)).toEqual([200, 200]);
      expect(jp.stats().pages).toBe(1);
    });
  });

  describe('when the cookie is tampered with', () => {
    it("leaves jpSession's 400 Bad Cookie untouched and builds no page", async () => {
      let calls = 0;
      const { app, jp } = setup((r) =>
        r.page((req) => {
          calls++;
          return sessionTest(req);
        }),
      );
      const forged = cookie('s1').replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
      const res = await request(app).get('/p').set('Cookie', forged).expect(400);
      expect(res.text).toBe('Bad Cookie');
      expect(calls).toBe(0);
      expect(jp.stats().pages).toBe(0);
    });
  });

  describe('when jpSession() is not mounted', () => {
    it('answers 500 saying so, without calling the factory', async () => {
      let calls = 0;
      const { app, log } = setup(
        (r) =>
          r.page((req) => {
            calls++;
            return sessionTest(req);
          }),
        {},
        false,
      );
      const res = await request(app).get('/p').expect(500);
      expect(res.text).toBe('jpSession() must be mounted before jp.page()');
      expect(calls).toBe(0);
      expect(log.codes()).toContain('session-missing');
    });
  });

  describe('when sessions are off', () => {
    it('builds pages with session_id null', async () => {
      let built: WebPage | undefined;
      const { app } = setup(
        (r) =>
          r.page((req) => {
            built = sessionTest(req);
            return built;
          }),
        { session: false },
        false,
      );
      await request(app).get('/p').expect(200);
      expect(built!.session_id).toBeNull();
    });
  });

  describe('when the factory fails', () => {
    it.each([
      ['throws', () => {
        throw new Error('boom');
      }],
      ['rejects', async () => {
        throw new Error('boom');
      }],
      ['returns something else than a page', () => ({}) as WebPage],
    ])('answers 500 when it %s, and logs factory-error', async (_name, factory) => {
      const { app, jp, log } = setup((r) => r.page(factory));
      const res = await request(app).get('/p').set('Cookie', cookie('s1')).expect(500);
      expect(res.text).not.toContain('jp-root');
      expect(log.codes()).toContain('factory-error');
      expect(jp.stats().pages).toBe(0);
    });
  });

  it('works the same in an Express 4 app, assets included', async () => {
    const session = jpSession({ secretKey: SECRET, loadEnv: false, warn: () => {} });
    const jp = createRenderer({ session, logger: captureLog().logger });
    renderers.push(jp);
    const app = express4();
    app.use(jp.assets as unknown as express4.RequestHandler);
    app.use(session as unknown as express4.RequestHandler);
    app.get('/p', jp.page(sessionTest) as unknown as express4.RequestHandler);
    app.get('/boom', jp.page(() => {
      throw new Error('boom');
    }) as unknown as express4.RequestHandler);
    const res = await request(app).get('/p').set('Cookie', cookie('s1')).expect(200);
    expect(res.text).toContain('>My session id: s1</div>');
    const { page } = bootDataOf(res.text);
    expect(page).toMatch(/^[\w-]{22}$/);
    const src = /<script type="module" src="([^"]+)"/.exec(res.text)![1]!;
    await request(app).get(src).expect(200).expect('Cache-Control', 'public, max-age=31536000, immutable');
    await request(app).get('/boom').set('Cookie', cookie('s1')).expect(500);
  });

  describe('when every page that could give way is held by a live socket (issue 7)', () => {
    let live: LiveServer | undefined;
    afterEach(async () => {
      await live?.close();
      live = undefined;
    });

    /** A tab of `sid` with its socket open: a page that cannot give way. */
    async function holdPage(s: LiveServer, sid: string): Promise<TestPage> {
      const tab = await (await s.kit()).as(sid).open('/p');
      expect(tab.connected).toBe(true);
      return tab;
    }

    it('answers 503 too-many-pages with Retry-After to the session that holds them all, without calling the factory', async () => {
      let calls = 0;
      live = await startLiveServer((app, jp) => app.get('/p', jp.page((req) => (calls++, sessionTest(req)))), { limits: { maxPagesPerSession: 2 } });
      await holdPage(live, 'alice');
      await holdPage(live, 'alice');
      const res = await (await live.kit()).as('alice').fetch('/p');
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await res.text()).toMatch(/close some tabs/);
      expect(calls).toBe(2);
      expect(live.log.codes()).toContain('too-many-pages');
      await holdPage(live, 'bob');
    });

    it('answers 503 server-busy, in words for a visitor with no tabs open, when all pages overall are held', async () => {
      live = await startLiveServer((app, jp) => app.get('/p', jp.page(sessionTest)), { limits: { maxPages: 2 } });
      await holdPage(live, 'alice');
      await holdPage(live, 'bob');
      const res = await (await live.kit()).fetch('/p'); // no cookie yet
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      const text = await res.text();
      expect(text).toMatch(/busy/);
      expect(text).not.toMatch(/tabs/);
      expect(live.log.codes()).toContain('server-busy');
    });

    it('serves a visitor who reloads again and again within the grace period: the pages it left give way', async () => {
      live = await startLiveServer((app, jp) => app.get('/p', jp.page(sessionTest)), { limits: { maxPagesPerSession: 3 } });
      const tab = await holdPage(live, 'alice');
      for (let i = 0; i < 9; i++) await tab.reload(); // throws on anything but 200, or without a hello
      expect(tab.reloads).toBe(9);
      expect(tab.connected).toBe(true);
      expect(live.jp.stats().pages).toBeLessThanOrEqual(3);
    });

    it('sends the socket of a page evicted before it arrived down the page-gone path (4404)', async () => {
      live = await startLiveServer((app, jp) => app.get('/p', jp.page(sessionTest)), { limits: { maxPages: 1 } });
      const client = await live.kit();
      const late = await client.as('alice').open('/p', { connect: false });
      await client.newVisitor().as('bob').open('/p', { connect: false });
      await expect(late.reconnect()).rejects.toThrow(/closed with 4404 page-gone/);
      expect(late.closedWith).toEqual({ code: 4404, reason: 'page-gone' });
    });
  });

  describe('on a HEAD request (issue 7)', () => {
    it("sends a GET's headers without building or registering a page", async () => {
      let calls = 0;
      const { app, jp } = setup((r) =>
        r.page((req) => {
          calls++;
          return sessionTest(req);
        }),
      );
      const get = await request(app).get('/p').set('Cookie', cookie('s1')).expect(200);
      for (let i = 0; i < 3; i++) {
        const head = await request(app).head('/p').set('Cookie', cookie('s1')).expect(200);
        for (const name of ['content-type', 'cache-control', 'content-security-policy', 'x-content-type-options']) {
          expect([name, head.headers[name]]).toEqual([name, get.headers[name]]);
        }
        expect(head.text ?? '').toBe('');
      }
      expect(calls).toBe(1);
      expect(jp.stats()).toEqual({ pages: 1, sockets: 0, sessions: 1, wrongInstance: 0 });
    });

    it('gives a new visitor its session cookie, as a GET would', async () => {
      const { app, jp } = setup((r) => r.page(sessionTest));
      const head = await request(app).head('/p').expect(200);
      expect(head.headers['set-cookie']?.[0]).toMatch(/^jp_token=[0-9a-f]{32}\./);
      expect(jp.stats().pages).toBe(0);
    });
  });

  describe('security headers (issue 7)', () => {
    it('forbid framing by other sites and MIME sniffing on pages and on refusals, by default', async () => {
      const { app } = setup((r) => r.page(sessionTest), {}, false);
      const { app: pages } = setup((r) => r.page(sessionTest));
      for (const res of [await request(pages).get('/p').expect(200), await request(app).get('/p').expect(500)]) {
        expect(res.headers['content-security-policy']).toBe("frame-ancestors 'self'");
        expect(res.headers['x-content-type-options']).toBe('nosniff');
      }
    });

    it('are what the securityHeaders option says', async () => {
      const { app } = setup((r) => r.page(sessionTest), { securityHeaders: { 'X-Frame-Options': 'DENY' } });
      const res = await request(app).get('/p').expect(200);
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['content-security-policy']).toBeUndefined();
    });
  });

  it('throws at once when given something else than a function', () => {
    const { jp } = setup((r) => r.page(sessionTest));
    expect(() => jp.page('nope' as never)).toThrow(TypeError);
  });
});

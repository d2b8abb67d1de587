// justpy(): the one-call start. What it mounts, where it listens, and what close() stops.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createJustpyApp, justpy, type JustpyApp, type JustpyOptions } from '../../lib/app/index.js';
import { resolveJustpyOptions } from '../../lib/app/options.js';
import { Button, Div } from '../../lib/render/html-components.js';
import { WebPage } from '../../lib/render/webpage.js';
import { jpSession } from '../../lib/session/jp-session.js';
import { memoryStore } from '../../lib/session/store/memory-store.js';
import { createTestClient } from '../../lib/testing/index.js';
import { captureLog } from '../support/live-server.js';
import { EXPRESS_VERSIONS } from '../support/session-app.js';

const SECRET = 'app-spec-secret-0123456789abcdef';
const started: JustpyApp[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((app) => app.close()));
});

/** Test settings: nothing from the environment, a free port on loopback, the log kept. */
function testOptions(extra: JustpyOptions = {}): JustpyOptions {
  return {
    loadEnv: false,
    port: 0,
    ...extra,
    session: { secretKey: SECRET, warn: () => undefined, ...(extra.session as object) },
    renderer: { logger: captureLog().logger, ...extra.renderer },
  };
}

async function start(...args: Parameters<typeof justpy>) {
  const app = await justpy(...args);
  started.push(app);
  return app;
}

function clicker(req: { session_id: string }): WebPage {
  const wp = new WebPage();
  new Div({ text: `My session id: ${req.session_id}`, a: wp });
  new Button({ text: 'Clicks: 0', a: wp }).with({ n: 0 }).on('click', (self) => {
    self.n += 1;
    self.text = `Clicks: ${self.n}`;
  });
  return wp;
}

describe.each(EXPRESS_VERSIONS)('justpy() under $label', ({ create }) => {
  it('serves one factory at / and keeps it live over the socket', async () => {
    const jp = await start(clicker, testOptions({ createApp: create }));
    expect(jp.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const client = await createTestClient(jp.url, { session: jp.session });
    try {
      const page = await client.as('ab'.repeat(16)).open('/');
      expect(page.text()).toContain(`My session id: ${'ab'.repeat(16)}`);
      await page.click('Clicks: 0');
      expect(page.find(/Clicks/).text).toBe('Clicks: 1');
    } finally {
      await client.close();
    }
  });

  it('mounts each path of a route map, and nothing else', async () => {
    const text = (t: string) => () => new WebPage().add(new Div({ text: t }));
    const jp = await start({ '/one': text('one'), '/two/:n': text('two') }, testOptions({ createApp: create }));
    expect((await request(jp.server).get('/one')).text).toContain('>one</div>');
    expect((await request(jp.server).get('/two/2')).text).toContain('>two</div>');
    expect((await request(jp.server).get('/')).status).toBe(404);
  });
});

describe('what justpy() mounts, in order', () => {
  it("serves the renderer's own URLs before the session (no cookie for the runtime's script)", async () => {
    const jp = await start(clicker, testOptions());
    const page = await request(jp.server).get('/');
    expect(page.headers['set-cookie']?.[0]).toMatch(/^jp_token=/);
    const src = /<script type="module" src="([^"]+)"/.exec(page.text)?.[1];
    expect(src).toMatch(/^\/_jp\/static\/client-/);
    const script = await request(jp.server).get(src!);
    expect(script.status).toBe(200);
    expect(script.headers['set-cookie']).toBeUndefined();
  });

  it('runs setup after jpSession() and before the page routes', async () => {
    const order: string[] = [];
    const jp = await start(
      (req) => {
        order.push('page');
        return clicker(req);
      },
      testOptions({
        setup(app, { session, renderer }) {
          expect(typeof session.readCookie).toBe('function');
          expect(typeof renderer.page).toBe('function');
          app.use((req, _res, next) => {
            order.push(`setup saw ${typeof req.session_id}`);
            next();
          });
          app.get('/health', (_req, res) => res.send('ok'));
        },
      }),
    );
    expect((await request(jp.server).get('/health')).text).toBe('ok');
    await request(jp.server).get('/').expect(200);
    expect(order).toEqual(['setup saw string', 'setup saw string', 'page']);
  });

  it('takes a jpSession() middleware you made', async () => {
    const session = jpSession({ secretKey: SECRET, loadEnv: false, cookieName: 'mine' });
    const jp = await start(clicker, { loadEnv: false, port: 0, session });
    expect(jp.session).toBe(session);
    expect((await request(jp.server).get('/')).headers['set-cookie']?.[0]).toMatch(/^mine=/);
  });

  it('serves pages without sessions (req.session_id null, no cookie)', async () => {
    const seen: unknown[] = [];
    const jp = await start(
      (req) => {
        seen.push(req.session_id);
        return new WebPage().add(new Div({ text: 'no sessions' }));
      },
      testOptions({ session: { sessions: false } }),
    );
    const res = await request(jp.server).get('/').expect(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(seen).toEqual([null]);
  });

  it('builds an app without listening (createJustpyApp) for supertest', async () => {
    const jp = createJustpyApp(clicker, testOptions());
    started.push(jp);
    expect(jp.server).toBeNull();
    expect(jp.url).toBeNull();
    expect((await request(jp.app).get('/')).text).toContain('Clicks: 0');
  });
});

describe('where it listens', () => {
  it('defaults to JustPy\'s 127.0.0.1:8000', () => {
    expect(resolveJustpyOptions(clicker, { loadEnv: false })).toMatchObject({ host: '127.0.0.1', port: 8000 });
  });

  it('reads HOST and PORT from the environment, then .env, then justpy.env; options win', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'jp-app-'));
    try {
      await writeFile(join(cwd, '.env'), 'PORT=8123\n');
      await writeFile(join(cwd, 'justpy.env'), 'HOST = "0.0.0.0"\nPORT = 8124\n');
      expect(resolveJustpyOptions(clicker, { loadEnv: { cwd, env: {} } })).toMatchObject({ host: '0.0.0.0', port: 8123 });
      expect(resolveJustpyOptions(clicker, { loadEnv: { cwd, env: { PORT: '0' } } }).port).toBe(0);
      expect(resolveJustpyOptions(clicker, { loadEnv: { cwd, env: { PORT: '0' } }, port: 9000, host: 'localhost' })).toMatchObject({
        host: 'localhost',
        port: 9000,
      });
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });

  it("takes INSTANCE_ID from the environment as the renderer's instanceId; the renderer option wins", async () => {
    const jp = await start(clicker, testOptions({ loadEnv: { env: { INSTANCE_ID: 'web-3' }, cwd: tmpdir() } }));
    expect(jp.renderer.instanceId).toBe('web-3');
    const own = createJustpyApp(clicker, testOptions({ loadEnv: { env: { INSTANCE_ID: 'web-3' }, cwd: tmpdir() }, renderer: { instanceId: 'mine' } }));
    started.push(own);
    expect(own.renderer.instanceId).toBe('mine');
    expect(createJustpyApp(clicker, testOptions()).renderer.instanceId).toMatch(/^[0-9a-f]{12}$/);
  });

  it('listens where the environment says', async () => {
    const jp = await start(clicker, testOptions({ port: undefined, loadEnv: { env: { PORT: '0', HOST: '127.0.0.1' }, cwd: tmpdir() } }));
    expect(jp.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(jp.url).not.toMatch(/:8000\//);
  });

  it('throws at once on a bad port, route or option', () => {
    expect(() => resolveJustpyOptions(clicker, { loadEnv: { env: { PORT: 'eighty' }, cwd: tmpdir() } })).toThrow(
      'justpy: PORT must be a whole number from 0 to 65535, got "eighty"',
    );
    expect(() => resolveJustpyOptions(clicker, { loadEnv: false, port: 70000 })).toThrow(/port must be a whole number/);
    expect(() => resolveJustpyOptions({}, { loadEnv: false })).toThrow(/give a page factory/);
    expect(() => resolveJustpyOptions({ '/x': 'page' as never }, { loadEnv: false })).toThrow('justpy: the route "/x" needs a page factory function');
    expect(() => resolveJustpyOptions(clicker, { prot: 1 } as never)).toThrow('justpy: unknown option "prot"');
  });

  it('rejects when the port is taken, and can listen again after', async () => {
    const first = await start(clicker, testOptions());
    const port = Number(new URL(first.url).port);
    const second = createJustpyApp(clicker, testOptions({ port }));
    started.push(second);
    await expect(second.listen()).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect(second.server).toBeNull();
    await expect(first.listen()).rejects.toThrow(/already listens/);
  });
});

describe('close()', () => {
  it('closes the sockets, the server and the session store', async () => {
    const store = memoryStore();
    const jp = await start(clicker, testOptions({ session: { store } }));
    const client = await createTestClient(jp.url, { session: jp.session });
    const page = await client.open('/');
    expect(jp.renderer.stats().sockets).toBe(1);
    await jp.close();
    await page.waitFor(() => page.closedWith);
    expect(page.closedWith).toEqual({ code: 1001, reason: 'server-closing' });
    expect(jp.renderer.stats()).toEqual({ pages: 0, sockets: 0, sessions: 0, wrongInstance: 0 });
    expect(jp.server.listening).toBe(false);
    await expect(store.get('ab'.repeat(16), 'x')).rejects.toMatchObject({ code: 'unavailable' });
    await client.close();
  });

  it('with { drain: true } turns the health check to 503 first, then closes the sockets with 1001 and the server', async () => {
    const jp = await start(clicker, testOptions({ renderer: { limits: { drainNoticeMs: 1000 } } }));
    const client = await createTestClient(jp.url, { session: jp.session });
    const page = await client.open('/');
    const closed = jp.close({ drain: true });
    expect((await client.fetch('/_jp/health')).status).toBe(503);
    await page.click('Clicks: 0'); // still served during the notice
    await closed;
    expect(page.closedWith).toEqual({ code: 1001, reason: 'server-closing' });
    expect(jp.server.listening).toBe(false);
    await client.close();
  });
});

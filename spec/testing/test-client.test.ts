// createTestClient: what it talks to, its one cookie jar (HTTP and sockets), acting as a session.
import http, { type Server } from 'node:http';
import express5 from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestClient, type TestClient } from '../../lib/testing/index.js';
import { signSessionId } from '../../lib/session/index.js';
import { createKitApp, KIT_SECRET, type KitApp } from '../support/kit-app.js';
import { EXPRESS_VERSIONS } from '../support/session-app.js';

const SESSION = 'c0ffee00'.repeat(4);

describe.each(EXPRESS_VERSIONS)('createTestClient under $label', ({ create }) => {
  let kit: KitApp;
  let client: TestClient;

  beforeEach(async () => {
    kit = createKitApp(create);
    client = await createTestClient(kit.app, { attach: (server) => kit.attach(server), session: kit.session });
  });
  afterEach(async () => {
    await client.close();
    await kit.close();
  });

  describe('one cookie jar for HTTP and sockets', () => {
    it('sends the cookies HTTP responses set (the new session, a load balancer cookie) on the socket upgrade', async () => {
      const page = await client.open('/widgets');
      const session_id = /Session: ([0-9a-f]{32})/.exec(page.text())?.[1];
      expect(session_id).toBeDefined();
      expect(kit.upgradeCookies).toHaveLength(1);
      expect(kit.upgradeCookies[0]).toContain(`jp_token=${signSessionId(session_id!, KIT_SECRET)}`);
      expect(kit.upgradeCookies[0]).toContain('lb=node-a');
    });

    it('keeps the session across requests and pages, as a browser does', async () => {
      const first = await client.open('/widgets');
      const second = await client.open('/widgets');
      expect(second.text().split('\n')[0]).toBe(first.text().split('\n')[0]);
      expect(client.cookie('lb')).toBe('node-a');
    });

    it('stores cookies that the socket upgrade response sets, and sends them with the next request', async () => {
      client.server!.prependListener('upgrade', (_req, socket: { write: (chunk: unknown, ...rest: unknown[]) => boolean }) => {
        const write = socket.write.bind(socket);
        socket.write = (chunk, ...rest) => {
          socket.write = write;
          return write(String(chunk).replace('\r\n', '\r\nSet-Cookie: upgraded=yes; Path=/\r\n'), ...rest);
        };
      });
      await client.open('/widgets');
      expect(client.cookie('upgraded')).toBe('yes');
      expect(await (await client.fetch('/plain')).text()).toContain('upgraded=yes');
    });

    it('gives another visitor its own jar and so its own session', async () => {
      const mine = await client.open('/widgets');
      const theirs = await client.newVisitor().open('/widgets');
      expect(theirs.text().split('\n')[0]).not.toBe(mine.text().split('\n')[0]);
    });
  });

  describe('as(session_id)', () => {
    it('acts as that session, with a cookie signed by the middleware it was given', async () => {
      const page = await client.as(SESSION).open('/widgets');
      expect(page.text()).toContain(`Session: ${SESSION}`);
      expect(client.cookie('jp_token')).toBe(signSessionId(SESSION, KIT_SECRET));
    });

    it('accepts the settings instead of the middleware', async () => {
      const other = await createTestClient(client.url, { session: { secretKey: KIT_SECRET } });
      try {
        expect((await other.as(SESSION).open('/widgets')).text()).toContain(`Session: ${SESSION}`);
      } finally {
        await other.close();
      }
    });

    it('says what it needs when the client has no session settings', async () => {
      const bare = await createTestClient(client.url);
      try {
        expect(() => bare.as(SESSION)).toThrow(/as\(\) needs the app's session settings/);
      } finally {
        await bare.close();
      }
    });
  });

  describe('a raw cookie', () => {
    const TAMPERED = `jp_token=${SESSION}.${'A'.repeat(27)}`;

    it('gets 400 Bad Cookie over HTTP, which clears it, so the next visit starts a fresh session', async () => {
      client.setCookie(TAMPERED);
      const res = await client.fetch('/widgets');
      expect(res.status).toBe(400);
      expect(await res.text()).toBe('Bad Cookie');
      expect(client.cookie('jp_token')).toBeUndefined();
      expect((await client.open('/widgets')).text()).toMatch(/Session: [0-9a-f]{32}/);
    });

    it('makes open() fail with the status and body', async () => {
      client.setCookie(TAMPERED);
      await expect(client.open('/widgets')).rejects.toThrow('GET /widgets answered 400: Bad Cookie');
    });

    it('closes the socket with 1008 bad-cookie when the page reconnects with it', async () => {
      const page = await client.as(SESSION).open('/widgets');
      client.setCookie(TAMPERED);
      await expect(page.reconnect()).rejects.toThrow(/closed with 1008 bad-cookie before its hello/);
    });
  });

  describe('what it talks to', () => {
    it('closes the server it started for an app', async () => {
      const server = client.server!;
      expect(server.listening).toBe(true);
      await client.open('/widgets');
      await client.close();
      expect(server.listening).toBe(false);
    });

    it('starts a given server that is not listening yet, and closes it', async () => {
      const server = http.createServer(kit.app);
      const own = await createTestClient(server, { attach: kit.renderer });
      expect((await own.open('/target')).text()).toBe('Target page');
      await own.close();
      expect(server.listening).toBe(false);
    });

    it('uses a server that is already listening (attached by its owner) and leaves it running', async () => {
      const server: Server = await new Promise((resolve) => {
        const s = http.createServer(kit.app).listen(0, '127.0.0.1', () => resolve(s));
      });
      kit.renderer.attach(server);
      const own = await createTestClient(server);
      expect((await own.open('/target')).text()).toBe('Target page');
      await own.close();
      expect(server.listening).toBe(true);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it('talks to a URL, as to a deployed instance', async () => {
      const remote = await createTestClient(new URL('/', client.url).href);
      expect((await remote.open('/target')).text()).toBe('Target page');
      await remote.close();
      expect(client.server!.listening).toBe(true);
    });

    it("puts the paths it is given below a URL's path, where a proxy mounts the app, and full URLs as they are", async () => {
      const outer = create();
      outer.use('/app', kit.app);
      const proxied = await createTestClient(outer, { attach: kit.renderer });
      const remote = await createTestClient(new URL('/app', proxied.url)); // with or without the final '/'
      try {
        expect(remote.url).toBe(new URL('/app/', proxied.url).href);
        const page = await remote.open('/widgets');
        expect(page.url).toBe(new URL('/app/widgets', proxied.url).href);
        await page.click('Add item');
        expect(page.find('Item 1').tag).toBe('li');
        expect(await (await remote.fetch('/plain')).text()).toMatch(/^cookie: .*jp_token=/);
        expect((await remote.fetch('plain')).status).toBe(200);
        expect((await remote.fetch(new URL('/plain', proxied.url))).status).toBe(404);
      } finally {
        await remote.close();
        await proxied.close();
      }
    });

    it('explains a refused socket when the renderer was not attached', async () => {
      const unattached = await createTestClient(kit.app);
      try {
        await expect(unattached.open('/target')).rejects.toThrow(/is the renderer attached\?/);
      } finally {
        await unattached.close();
      }
    });

    it('refuses an open() of a response that is not a page', async () => {
      await expect(client.open('/plain')).rejects.toThrow(/has no boot data \(#jp-boot\)/);
    });
  });
});

describe('createTestClient options', () => {
  it('refuses a timeout that is not a positive number', async () => {
    await expect(createTestClient(express5(), { timeoutMs: 0 })).rejects.toThrow(/timeoutMs must be a positive number/);
  });
});

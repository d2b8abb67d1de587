import http from 'node:http';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { destroySession, jpSession, regenerateSession, signSessionId, type JpSessionOptions } from '../../lib/session/index.js';
import { DEFAULT_SECRET_KEY } from '../../lib/session/options.js';
import {
  EXPRESS_VERSIONS,
  TEST_KEY,
  junkCookieValues,
  rawGet,
  setCookies,
  shouldIssueSessionCookie,
  shouldRejectBadCookie,
  startSessionApp,
  type SessionApp,
  type SessionAppOptions,
} from '../support/session-app.js';

const ID = '0123456789abcdef0123456789abcdef';
const valid = (id = ID, key = TEST_KEY) => `jp_token=${signSessionId(id, key)}`;

describe.each(EXPRESS_VERSIONS)('jpSession on $label', ({ create }) => {
  let app: SessionApp | undefined;
  const start = async (options: SessionAppOptions = {}): Promise<SessionApp> => {
    app = await startSessionApp(create, options);
    return app;
  };
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  describe('on a first visit', () => {
    it('issues a JustPy-format cookie holding only the signed id, and the route sees the id', async () => {
      const { url } = await start();
      const res = await request(url).get('/id');
      expect(res.status).toBe(200);
      const { id, pair } = shouldIssueSessionCookie(res);
      expect(res.text).toBe(id);
      expect(pair).toBe(valid(id));
    });

    it('gives every visitor a different id', async () => {
      const { url } = await start();
      const ids = await Promise.all([1, 2, 3].map(async () => shouldIssueSessionCookie(await request(url).get('/id')).id));
      expect(new Set(ids).size).toBe(3);
    });

    it('treats an empty cookie value as absent', async () => {
      const { url } = await start();
      const res = await request(url).get('/id').set('Cookie', 'jp_token=');
      expect(res.status).toBe(200);
      shouldIssueSessionCookie(res);
    });
  });

  describe('on a return visit', () => {
    it('keeps the id and sends no Set-Cookie', async () => {
      const { url } = await start();
      const first = shouldIssueSessionCookie(await request(url).get('/id'));
      const second = await request(url).get('/id').set('Cookie', `other=1; ${first.pair}; more=2`);
      expect(second.status).toBe(200);
      expect(second.text).toBe(first.id);
      expect(setCookies(second)).toEqual([]);
    });

    it('accepts a cookie JustPy issued under the same key', async () => {
      const { url } = await start({ session: { secretKey: DEFAULT_SECRET_KEY, warn: () => {} } });
      // From the shared itsdangerous vectors: JustPy's default key.
      const res = await request(url).get('/id').set('Cookie', 'jp_token=0830277445c84187a8b3bfdac3132942.5PcgJTmd3o9SgskJQF979ELRBSs');
      expect(res.text).toBe('0830277445c84187a8b3bfdac3132942');
      expect(setCookies(res)).toEqual([]);
    });

    it('re-sends the cookie every time when rolling', async () => {
      const { url } = await start({ session: { rolling: true } });
      const res = await request(url).get('/id').set('Cookie', valid());
      expect(res.text).toBe(ID);
      expect(setCookies(res)).toEqual([`${valid()}; Max-Age=604800; Path=/; HttpOnly; SameSite=Lax`]);
    });
  });

  describe('when the cookie is tampered or undecodable', () => {
    const good = signSessionId(ID, TEST_KEY);
    const flipped = good.slice(0, 40) + (good[40] === 'A' ? 'B' : 'A') + good.slice(41);
    it.each([
      ['tampered signature', `jp_token=${flipped}`],
      ['tampered id', `jp_token=1${good.slice(1)}`],
      ['truncated', `jp_token=${good.slice(0, -3)}`],
      ['no signature', `jp_token=${ID}`],
      ['signed with another key', valid(ID, 'wrong-key')],
      ['signed with the public default key', valid(ID, DEFAULT_SECRET_KEY)],
      ['padded (accepted by itsdangerous)', `jp_token=${good}=`],
      ['non-ASCII bytes', `jp_token=${ID}.\u00ff\u00fe\u00e9t\u00e9`],
      ['UTF-8 bytes sent raw', `jp_token=${Buffer.from(`${ID}.é`).toString('latin1')}`],
      ['a huge value', `jp_token=${'a'.repeat(8000)}`],
      ['an empty signed id', `jp_token=${signSessionId('', TEST_KEY)}`],
    ])('%s: 400 Bad Cookie that clears it, and the route never runs', async (_label, cookie) => {
      const server = await start();
      const res = await rawGet(`${server.url}/id`, cookie, new http.Agent());
      shouldRejectBadCookie(res);
      expect(server.calls()).toBe(0);
    });

    it('answers 1,000 random junk cookies with 400 Bad Cookie, never a 5xx, never the route', async () => {
      const server = await start();
      const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
      const junk = junkCookieValues(1000, 7);
      const results = await Promise.all(junk.map((value) => rawGet(`${server.url}/id`, `jp_token=${value}`, agent)));
      agent.destroy();
      const wrong = results.map((r, i) => ({ value: junk[i], status: r.status, text: r.text })).filter((r) => r.status !== 400 || r.text !== 'Bad Cookie');
      expect(wrong).toEqual([]);
      expect(server.calls()).toBe(0);
    });

    it('lets a reload after the 400 start a fresh session', async () => {
      const { url } = await start();
      const bad = await request(url).get('/id').set('Cookie', valid(ID, 'wrong-key'));
      expect(bad.status).toBe(400);
      const reload = await request(url).get('/id'); // the browser dropped the cleared cookie
      shouldIssueSessionCookie(reload);
    });

    describe("with onBadCookie: 'renew'", () => {
      it('silently issues a new session to each of 1,000 junk cookies and runs the route', async () => {
        const server = await start({ session: { onBadCookie: 'renew' } });
        const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
        const results = await Promise.all(junkCookieValues(1000, 11).map((v) => rawGet(`${server.url}/id`, `jp_token=${v}`, agent)));
        agent.destroy();
        for (const res of results) {
          expect(res.status).toBe(200);
          expect(shouldIssueSessionCookie(res).id).toBe(res.text);
        }
        expect(server.calls()).toBe(1000);
      });
    });

    describe('with an onBadCookie handler', () => {
      it('hands over the reason and lets the handler answer', async () => {
        const reasons: string[] = [];
        const { url } = await start({
          session: {
            onBadCookie: (_req, res, _next, reason) => {
              reasons.push(reason);
              res.status(401).send('log in again');
            },
          },
        });
        const a = await request(url).get('/id').set('Cookie', valid(ID, 'wrong-key'));
        const b = await request(url).get('/id').set('Cookie', 'jp_token=junk');
        expect([a.status, a.text, b.status]).toEqual([401, 'log in again', 401]);
        expect(reasons).toEqual(['bad-signature', 'malformed']);
      });

      it('can clear the cookie with destroySession and redirect', async () => {
        const server = await start({
          session: {
            onBadCookie: (req, res) => {
              destroySession(req, res);
              res.redirect('/');
            },
          },
        });
        const res = await request(server.url).get('/id').set('Cookie', 'jp_token=junk');
        expect([res.status, res.headers.location]).toEqual([302, '/']);
        expect(setCookies(res)).toEqual(['jp_token=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax']);
        expect(server.calls()).toBe(0);
      });

      it('can start a fresh session with regenerateSession and continue to the route', async () => {
        const server = await start({
          session: {
            onBadCookie: (req, res, next) => {
              regenerateSession(req, res);
              next();
            },
          },
        });
        const res = await request(server.url).get('/id').set('Cookie', 'jp_token=junk');
        expect(shouldIssueSessionCookie(res).id).toBe(res.text);
      });
    });
  });

  describe('when SESSIONS is off', () => {
    it('sets req.session_id to null (what JpConfig { sessions: false } types it as)', async () => {
      const seen: unknown[] = [];
      const { url } = await start({ session: { sessions: false }, routes: (app) => app.get('/raw', (req, res) => res.json(seen.push(req.session_id))) });
      await request(url).get('/raw').set('Cookie', 'jp_token=junk').expect(200);
      expect(seen).toEqual([null]);
    });

    it('sets no cookie and no session id, whatever the cookie', async () => {
      const { url } = await start({ session: { sessions: false } });
      const fresh = await request(url).get('/id');
      const junk = await request(url).get('/id').set('Cookie', 'jp_token=junk');
      for (const res of [fresh, junk]) {
        expect(res.status).toBe(200);
        expect(res.text).toBe('none');
        expect(setCookies(res)).toEqual([]);
      }
    });
  });

  describe('key rotation (SECRET_KEY_FALLBACKS)', () => {
    it('accepts a cookie signed with an old key and re-signs it with the current key in the same response', async () => {
      const { url } = await start({ session: { secretKeyFallbacks: ['old-1', 'old-2'] } });
      const res = await request(url).get('/id').set('Cookie', valid(ID, 'old-2'));
      expect(res.status).toBe(200);
      expect(res.text).toBe(ID);
      expect(setCookies(res)).toEqual([`${valid(ID)}; Max-Age=604800; Path=/; HttpOnly; SameSite=Lax`]);
    });

    it('still refuses keys that are not listed', async () => {
      const { url } = await start({ session: { secretKeyFallbacks: ['old-1'] } });
      shouldRejectBadCookie(await request(url).get('/id').set('Cookie', valid(ID, 'old-3')));
    });
  });

  describe('Secure attribute', () => {
    const proto = { 'X-Forwarded-Proto': 'https' };
    it("auto: Secure behind a trusted proxy that says HTTPS", async () => {
      const { url } = await start({ trustProxy: true });
      const res = await request(url).get('/id').set(proto);
      shouldIssueSessionCookie(res, 'jp_token', 'Max-Age=604800; Path=/; HttpOnly; Secure; SameSite=Lax');
    });

    it('auto: no Secure when the proxy is not trusted', async () => {
      const { url } = await start();
      shouldIssueSessionCookie(await request(url).get('/id').set(proto));
    });

    it('true: always Secure; the __Host- prefix renames the cookie', async () => {
      const { url } = await start({ session: { hostPrefix: true } });
      const res = await request(url).get('/id');
      shouldIssueSessionCookie(res, '__Host-jp_token', 'Max-Age=604800; Path=/; HttpOnly; Secure; SameSite=Lax');
    });

    it('clears a bad cookie with the same attributes', async () => {
      const { url } = await start({ trustProxy: true });
      const res = await request(url).get('/id').set(proto).set('Cookie', 'jp_token=junk');
      expect(setCookies(res)).toEqual(['jp_token=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax']);
    });
  });

  describe('with cookie-parser mounted first', () => {
    it('keeps the id on return and rejects bad cookies the same way', async () => {
      const server = await start({ cookieParser: true });
      const first = shouldIssueSessionCookie(await request(server.url).get('/id'));
      const again = await request(server.url).get('/id').set('Cookie', first.pair);
      expect([again.text, setCookies(again)]).toEqual([first.id, []]);
      shouldRejectBadCookie(await request(server.url).get('/id').set('Cookie', 'jp_token=j:{"a":1}'));
      shouldRejectBadCookie(await request(server.url).get('/id').set('Cookie', valid(ID, 'wrong-key')));
      expect(server.calls()).toBe(2);
    });
  });

  describe('with cookie-parser mounted first, the middleware and readCookie (the socket handshake) agree (issue 7)', () => {
    it.each([
      ['a j:-wrapped valid value', (v: string) => `jp_token=j:${JSON.stringify(v)}`],
      ['an s:-prefixed valid value', (v: string) => `jp_token=s:${v}`],
      ['a quoted valid value', (v: string) => `jp_token="${v}"`],
      ['a %-encoded valid value', (v: string) => `jp_token=${v.replace('.', '%2E')}`],
      ['the valid value itself', (v: string) => `jp_token=${v}`],
    ])('on %s', async (_name, wrap) => {
      const mw = jpSession({ loadEnv: false, secretKey: TEST_KEY });
      const server = await start({ cookieParser: true });
      const cookie = wrap(signSessionId(ID, TEST_KEY));
      const check = mw.readCookie(cookie);
      const res = await request(server.url).get('/id').set('Cookie', cookie);
      expect(res.status === 200 ? { ok: true, session_id: res.text } : { ok: false }).toEqual(check.ok ? check : { ok: false });
      if (!check.ok) shouldRejectBadCookie(res);
    });
  });

  describe('readCookie on the middleware', () => {
    it('gives the same answers as the middleware for the same options', async () => {
      const options: JpSessionOptions = { loadEnv: false, secretKey: TEST_KEY, secretKeyFallbacks: ['old'] };
      const mw = jpSession(options);
      const server = await start({ session: options });
      for (const cookie of [valid(), valid(ID, 'old'), valid(ID, 'nope'), 'jp_token=junk', ...junkCookieValues(50, 3).map((v) => `jp_token=${v}`)]) {
        const check = mw.readCookie(cookie);
        const res = await rawGet(`${server.url}/id`, cookie, new http.Agent());
        expect(res.status === 200 ? { ok: true, session_id: res.text } : { ok: false }).toEqual(check.ok ? check : { ok: false });
      }
      expect(mw.readCookie(undefined)).toEqual({ ok: false, reason: 'missing' });
      expect(mw.options.secretKeyFallbacks).toEqual(['old']);
    });
  });
});

import request from 'supertest';
import express4 from 'express4';
import { afterEach, describe, expect, it } from 'vitest';
import { destroySession, jpSession, memoryStore, newSession, regenerateSession, signSessionId, type SessionStore } from '../../lib/session/index.js';
import { faultyStore, type FaultyStore } from '../support/faulty-store.js';
import { EXPRESS_VERSIONS, TEST_KEY, setCookies, shouldIssueSessionCookie, startSessionApp, type SessionApp } from '../support/session-app.js';

const ID = '0123456789abcdef0123456789abcdef';
const cookie = `jp_token=${signSessionId(ID, TEST_KEY)}`;

describe.each(EXPRESS_VERSIONS)('regenerateSession / destroySession on $label', ({ create }) => {
  let app: SessionApp | undefined;
  let store: SessionStore;
  let faulty: FaultyStore;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  const start = async () => {
    faulty = faultyStore(memoryStore());
    store = faulty;
    app = await startSessionApp(create, {
      session: { store },
      routes: (a) => {
        a.post('/login', async (req, res) => {
          const ids = await regenerateSession(req, res);
          await req.session_data.set('logged_in', true); // the handle follows the new id
          res.json({ ...ids, seen: req.session_id });
        });
        a.post('/logout', async (req, res) => {
          try {
            await destroySession(req, res);
            res.send('bye');
          } catch (err) {
            res.status(503).send((err as Error).message);
          }
        });
        a.post('/start-over', async (req, res) => {
          const before = req.session_id;
          const { new_id } = newSession(req, res);
          res.json({ before, new_id, seen: req.session_id, data: await req.session_data.getAll() });
        });
      },
    });
    return app.url;
  };

  it('gives a returning visitor a new id and cookie, returning old and new ids', async () => {
    const url = await start();
    const res = await request(url).post('/login').set('Cookie', cookie);
    const { id } = shouldIssueSessionCookie(res);
    expect(res.body).toEqual({ old_id: ID, new_id: id, seen: id });
    expect(id).not.toBe(ID);
    const next = await request(url).get('/id').set('Cookie', `jp_token=${signSessionId(id, TEST_KEY)}`);
    expect(next.text).toBe(id);
  });

  it('moves the data to the new id: the old id reads empty and refuses writes', async () => {
    const url = await start();
    await store.set(ID, 'cart', ['tea']);
    const res = await request(url).post('/login').set('Cookie', cookie);
    const { id } = shouldIssueSessionCookie(res);
    expect(await store.getAll(id)).toEqual({ cart: ['tea'], logged_in: true });
    expect(await store.getAll(ID)).toEqual({});
    await expect(store.set(ID, 'logged_in', true)).rejects.toMatchObject({ code: 'session-ended' });
  });

  it('replaces the cookie issued earlier in the same response for a new visitor', async () => {
    const url = await start();
    const res = await request(url).post('/login');
    const { id } = shouldIssueSessionCookie(res); // exactly one Set-Cookie
    expect(res.body.new_id).toBe(id);
    expect(res.body.old_id).toMatch(/^[0-9a-f]{32}$/);
    expect(res.body.old_id).not.toBe(id);
  });

  it('clears the cookie on destroy and deletes the data', async () => {
    const url = await start();
    await store.set(ID, 'logged_in', true);
    const res = await request(url).post('/logout').set('Cookie', cookie);
    expect(res.text).toBe('bye');
    expect(setCookies(res)).toEqual(['jp_token=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax']);
    expect(await store.getAll(ID)).toEqual({});
  });

  it('keeps the cookie when the store cannot delete the data, so nobody is told "logged out" while the login lives on', async () => {
    const url = await start();
    await store.set(ID, 'logged_in', true);
    faulty.cut();
    const res = await request(url).post('/logout').set('Cookie', cookie);
    expect(res.status).toBe(503);
    expect(setCookies(res)).toEqual([]);
    faulty.mend();
    expect(await store.getAll(ID)).toEqual({ logged_in: true });
  });

  it('newSession gives a fresh, empty session and cookie, and leaves the old data where it was', async () => {
    const url = await start();
    await store.set(ID, 'cart', ['tea']);
    const res = await request(url).post('/start-over').set('Cookie', cookie);
    const { id } = shouldIssueSessionCookie(res);
    expect(res.body).toEqual({ before: ID, new_id: id, seen: id, data: {} });
    expect(id).not.toBe(ID);
    expect(await store.getAll(ID)).toEqual({ cart: ['tea'] });
  });
});

describe('regenerateSession misuse', () => {
  it('throws when jpSession has not run for the request', async () => {
    const app = express4();
    app.post('/login', async (req, res) => {
      await regenerateSession(req, res).then(
        () => res.send('no error'),
        (err: Error) => res.send(err.message),
      );
    });
    const res = await request(app).post('/login');
    expect(res.text).toMatch(/jpSession\(\) has not run/);
  });

  it('throws when SESSIONS is off, while destroySession does nothing', async () => {
    const app = express4();
    app.use(jpSession({ loadEnv: false, sessions: false, secretKey: TEST_KEY }));
    app.post('/login', async (req, res) => {
      await destroySession(req, res);
      await regenerateSession(req, res).then(
        () => res.send('no error'),
        (err: Error) => res.send(err.message),
      );
    });
    const res = await request(app).post('/login');
    expect(res.text).toMatch(/SESSIONS is off/);
    expect(setCookies(res)).toEqual([]);
  });
});

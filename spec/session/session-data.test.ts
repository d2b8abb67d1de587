// req.session_data: the store as routes see it, bound to req.session_id, in Express 4 and 5.
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { jpSession, memoryStore, regenerateSession, signSessionId } from '../../lib/session/index.js';
import { faultyStore, type FaultyStore } from '../support/faulty-store.js';
import { EXPRESS_VERSIONS, TEST_KEY, startSessionApp, type SessionApp } from '../support/session-app.js';

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);
const cookieFor = (id: string): string => `jp_token=${signSessionId(id, TEST_KEY)}`;

describe.each(EXPRESS_VERSIONS)('req.session_data on $label', ({ create }) => {
  let app: SessionApp | undefined;
  let store: FaultyStore;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  const start = async (extra: { rolling?: boolean } = {}) => {
    store = faultyStore(memoryStore());
    app = await startSessionApp(create, {
      session: { store, ...extra },
      routes: (a) => {
        a.get('/visit', async (req, res) => res.json(await req.session_data.incr('visits')));
        a.get('/plain', (_req, res) => res.send('no data'));
        a.post('/renew', async (req, res) => {
          await regenerateSession(req, res);
          res.json({ id: req.session_id, handle: req.session_data.session_id, visits: await req.session_data.get('visits') });
        });
      },
    });
    return app.url;
  };

  it('keeps each session its own data across requests', async () => {
    const url = await start();
    for (const n of [1, 2, 3]) expect((await request(url).get('/visit').set('Cookie', cookieFor(A))).body).toBe(n);
    expect((await request(url).get('/visit').set('Cookie', cookieFor(B))).body).toBe(1);
    expect(await store.getAll(A)).toEqual({ visits: 3 });
  });

  it('costs no store operation on a request whose route never reads it', async () => {
    const url = await start({ rolling: true });
    await request(url).get('/plain').set('Cookie', cookieFor(A)).expect(200);
    await request(url).get('/id').expect(200);
    expect(store.calls).toEqual([]);
  });

  it('restarts the expiry on use only with SESSION_ROLLING', async () => {
    let url = await start();
    await request(url).get('/visit').set('Cookie', cookieFor(A));
    expect(store.calls).toEqual(['incr']);
    await app!.close();
    url = await start({ rolling: true });
    await request(url).get('/visit').set('Cookie', cookieFor(A));
    expect(store.calls.sort()).toEqual(['incr', 'touch']);
  });

  it.each([
    [false, undefined],
    [true, 1],
  ])('with SESSION_ROLLING %s, data last written 100 s ago and read 50 s ago, under a 60 s max age, reads %s', async (rolling, expected) => {
    let now = 1_000_000;
    const clocked = memoryStore({ ttlSeconds: 60, now: () => now });
    app = await startSessionApp(create, {
      session: { store: clocked, maxAge: 60, rolling },
      routes: (a) => {
        a.get('/visit', async (req, res) => res.json(await req.session_data.incr('visits')));
        a.get('/read', async (req, res) => res.json((await req.session_data.get('visits')) ?? null));
      },
    });
    await request(app.url).get('/visit').set('Cookie', cookieFor(A)).expect(200);
    now += 50_000;
    expect((await request(app.url).get('/read').set('Cookie', cookieFor(A))).body).toBe(1); // a use, not a write
    now += 50_000;
    expect((await request(app.url).get('/read').set('Cookie', cookieFor(A))).body).toBe(expected ?? null);
  });

  it('follows the new id after regenerateSession', async () => {
    const url = await start();
    await request(url).get('/visit').set('Cookie', cookieFor(A));
    const res = await request(url).post('/renew').set('Cookie', cookieFor(A));
    expect(res.body.id).not.toBe(A);
    expect(res.body).toEqual({ id: res.body.id, handle: res.body.id, visits: 1 });
  });
});

describe('the store of jpSession()', () => {
  it('is the bounded memory store unless SESSION_STORE or the store option says otherwise', () => {
    expect(jpSession({ loadEnv: false }).store?.kind).toBe('memory');
    expect(jpSession({ loadEnv: { env: { SESSION_STORE: 'memory' }, cwd: '/nonexistent' } }).store?.kind).toBe('memory');
    expect(jpSession({ loadEnv: false, sessions: false }).store).toBeNull();
  });

  it('refuses, at start-up, a store whose data would outlive or die before the cookie', () => {
    expect(() => jpSession({ loadEnv: false, store: memoryStore({ ttlSeconds: 60 }) })).toThrow(/COOKIE_MAX_AGE/);
    expect(jpSession({ loadEnv: false, maxAge: 60, store: memoryStore({ ttlSeconds: 60 }) }).store?.ttlSeconds).toBe(60);
    expect(() => jpSession({ loadEnv: false, store: {} as never })).toThrow(/store must be a SessionStore/);
  });

  it('throws a clear error when session_data is read with SESSIONS off', async () => {
    const session = jpSession({ loadEnv: false, sessions: false });
    expect(() => session.data(A)).toThrow(/SESSIONS is off/);
  });
});

// README's "Login and logout" example of newSession: a route of the app's own that meets an ended
// session starts the visitor over (the page route does the same by itself).
import express, { type Express } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { isStoreError, jpSession, memoryStore, newSession, signSessionId } from '../../lib/index.js';
import { TEST_KEY, setCookies } from '../support/session-app.js';

function cartApp(): { app: Express; store: ReturnType<typeof memoryStore> } {
  const store = memoryStore();
  const app = express();
  app.use(jpSession({ loadEnv: false, secretKey: TEST_KEY, store }));
  app.post('/cart', async (req, res, next) => {
    try {
      await req.session_data.update('cart', (cart) => [...((cart as string[] | undefined) ?? []), 'tea']);
      res.redirect(303, '/cart');
    } catch (err) {
      if (!isStoreError(err, 'session-ended')) return next(err);
      newSession(req, res);               // this visitor starts over, logged out
      res.redirect(303, '/');
    }
  });
  return { app, store };
}

const ID = '0123456789abcdef0123456789abcdef';
const cookie = `jp_token=${signSessionId(ID, TEST_KEY)}`;

describe('newSession in a route of the app', () => {
  it('is not needed while the session lives: the write lands under the same id', async () => {
    const { app, store } = cartApp();
    const res = await request(app).post('/cart').set('Cookie', cookie).expect(303);
    expect(res.headers.location).toBe('/cart');
    expect(setCookies(res)).toEqual([]);
    expect(await store.get(ID, 'cart')).toEqual(['tea']);
  });

  it('gives the visitor of an ended session a new id and cookie, and writes nothing under the old one', async () => {
    const { app, store } = cartApp();
    await store.set(ID, 'logged_in', true);
    await store.destroy(ID);
    const res = await request(app).post('/cart').set('Cookie', cookie).expect(303);
    expect(res.headers.location).toBe('/');
    const [line] = setCookies(res);
    expect(line).toMatch(/^jp_token=[0-9a-f]{32}\./);
    expect(line).not.toContain(ID);
    expect(await store.getAll(ID)).toEqual({});
  });
});

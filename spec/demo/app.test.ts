// The demo's routes over HTTP (no browser): what the first response of each page shows.
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DemoApp } from '../../demo/app.js';
import { bootDataOf, createTestDemo, sessionIdFromSetCookie } from '../support/demo-server.js';

let demo: DemoApp;

beforeEach(() => {
  demo = createTestDemo();
});
afterEach(async () => {
  await demo.close();
});

function cookieOf(res: request.Response): string {
  const header = res.headers['set-cookie'] as unknown as string[];
  const cookie = header.find((c) => c.startsWith('jp_token='));
  if (!cookie) throw new Error('no session cookie issued');
  return cookie.split(';')[0]!;
}

describe("'/'", () => {
  it('links both examples', async () => {
    const res = await request(demo.app).get('/').expect(200);
    expect(res.text).toContain('href="/session_test"');
    expect(res.text).toContain('href="/login"');
  });
});

describe("'/session_test'", () => {
  it("shows the cookie's session id on the first visit, with one visit and no clicks", async () => {
    const res = await request(demo.app).get('/session_test').expect(200);
    const id = sessionIdFromSetCookie(res.headers['set-cookie']);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(res.text).toContain(`My session id: ${id}`);
    expect(res.text).toContain('Number of visits: 1');
    expect(res.text).toContain('Number of Click Events: 0');
    expect(res.text).toContain('bg-blue-500 hover:bg-blue-700 text-white font-bold py-2 px-4 rounded-full');
  });

  it('counts visits per session across requests with the same cookie', async () => {
    const first = await request(demo.app).get('/session_test').expect(200);
    const cookie = cookieOf(first);
    await request(demo.app).get('/session_test').set('Cookie', cookie).expect(200);
    const third = await request(demo.app).get('/session_test').set('Cookie', cookie).expect(200);
    expect(third.text).toContain('Number of visits: 3');
    expect(third.text).toContain(`My session id: ${sessionIdFromSetCookie(first.headers['set-cookie'])}`);
    const other = await request(demo.app).get('/session_test').expect(200);
    expect(other.text).toContain('Number of visits: 1');
  });

  it('does not count a HEAD as a visit, nor keep a page for it (issue 7)', async () => {
    const first = await request(demo.app).get('/session_test').expect(200);
    const cookie = cookieOf(first);
    for (let i = 0; i < 3; i++) await request(demo.app).head('/session_test').set('Cookie', cookie).expect(200);
    const next = await request(demo.app).get('/session_test').set('Cookie', cookie).expect(200);
    expect(next.text).toContain('Number of visits: 2');
    expect(demo.renderer.stats().pages).toBe(2);
  });

  it("answers a tampered cookie with 400 'Bad Cookie', not a traceback", async () => {
    const res = await request(demo.app).get('/session_test').set('Cookie', `jp_token=${'a'.repeat(32)}.forged`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('Bad Cookie');
  });
});

describe("'/login_test' (the seed's login_page)", () => {
  it('shows the login form and asks the browser to display /login_page', async () => {
    const res = await request(demo.app).get('/login_test').expect(200);
    expect(res.text).toContain('Please login');
    expect(res.text).toContain('name="user_name"');
    expect(res.text).toContain('type="password"');
    expect(res.text).toContain('Sign In');
    expect(bootDataOf(res.text)).toMatchObject({ display_url: 'login_page' });
  });

  it('renders the alert hidden', async () => {
    const res = await request(demo.app).get('/login_test').expect(200);
    expect(res.text).toMatch(/<div[^>]*role="alert"[^>]*hidden|<div[^>]*hidden[^>]*role="alert"/);
  });
});

describe("'/login' (the seed's root page, login_test)", () => {
  it('falls back to the login page for a fresh session', async () => {
    const res = await request(demo.app).get('/login').expect(200);
    expect(res.text).toContain('Please login');
    expect(bootDataOf(res.text)).toMatchObject({ display_url: 'login_page' });
  });
});

describe('display_url aliases', () => {
  it('serves /login_page and /login_successful, so reloading the shown address works', async () => {
    const page = await request(demo.app).get('/login_page').expect(200);
    expect(page.text).toContain('Please login');
    const successful = await request(demo.app).get('/login_successful').expect(200);
    expect(successful.text).toContain('Please login');
  });
});

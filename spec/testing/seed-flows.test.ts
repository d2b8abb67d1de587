// Both seed flows of the demo through justpy-ts/testing, exactly as README's "Testing live pages"
// shows them (spec/readme.test.ts checks that each README block is in this file). Express 4 runs
// the same flows in spec/testing/mocha/seed-flows.mocha.ts.
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestClient, type TestClient } from '../../lib/testing/index.js';
import { createDemoApp, type DemoApp } from '../../demo/app.js';

let demo: DemoApp;
let client: TestClient;

afterEach(async () => {
  await client.close(); // its pages, then the server it started
  await demo.close(); // the renderer (pages, timers) and the session store
});

describe('the Simple Example (/session_test)', () => {
  beforeEach(async () => {
    demo = createDemoApp({ loadEnv: false, session: { secretKey: 'test-key' } });
    // The client starts the app on 127.0.0.1, port 0, and attaches the renderer's socket endpoint.
    client = await createTestClient(demo.app, { attach: demo.renderer, session: demo.session });
  });

  it('serves the first visit over plain HTTP (supertest)', async () => {
    const res = await request(demo.app).get('/session_test').expect(200);
    expect(res.text).toContain('Number of visits: 1');
  });

  it('counts visits and clicks per session, across tabs, and not for another visitor', async () => {
    const sid = '0123456789abcdef0123456789abcdef';
    const tab = await client.as(sid).open('/session_test'); // a cookie signed with the app's key
    expect(tab.text()).toContain(`My session id: ${sid}`);

    const update = await tab.click('Number of Click Events: 0'); // by its exact text
    expect(update.changes).toHaveLength(1); // only the button changed
    expect(tab.find(/Number of Click Events/).text).toBe('Number of Click Events: 1');

    const second = await client.open('/session_test'); // same jar, same session
    expect(second.text()).toContain('Number of visits: 2');
    await second.click({ css: 'button' });
    expect(second.find({ css: 'button' }).text).toBe('Number of Click Events: 2');

    const stranger = await client.newVisitor().open('/session_test'); // its own jar
    expect(stranger.text()).toContain('Number of visits: 1');
    expect(stranger.text()).not.toContain(sid);
  });

  it('refuses a tampered cookie with 400 Bad Cookie', async () => {
    client.setCookie(`jp_token=${'a'.repeat(32)}.forged`);
    const res = await client.fetch('/session_test');
    expect(res.status).toBe(400);
    expect(await res.text()).toBe('Bad Cookie');
  });
});

describe('the Login Example (/login)', () => {
  beforeEach(async () => {
    // The seed sleeps 3 s before its redirect; the demo's loginSleepMs shortens that in tests.
    demo = createDemoApp({ loadEnv: false, session: { secretKey: 'test-key' }, loginSleepMs: 20 });
    client = await createTestClient(demo.app, { attach: demo.renderer, session: demo.session });
  });

  it('serves the login form, readable without JavaScript, over plain HTTP (supertest)', async () => {
    const res = await request(demo.app).get('/login').expect(200);
    expect(res.text).toContain('Please login');
    expect(res.text).toMatch(/<input [^>]*name="password"/);
  });

  it('shows the alert for a wrong password', async () => {
    const page = await client.open('/login');
    expect(page.url).toMatch(/\/login_page$/); // the page's display_url
    expect(page.find({ css: '[role=alert]' }).visible).toBe(false);
    await page.type({ name: 'password' }, 'guess'); // by name (byName, name_dict)
    await page.click({ name: 'sign_in_btn' });
    expect(page.find({ css: '[role=alert]' }).visible).toBe(true);
    expect(page.text()).toMatch(/[0-9a-f]{32} login not successful/);
  });

  it('signs in with a new session id, is redirected, and logs out', async () => {
    const sid = 'fedcba9876543210fedcba9876543210';
    const page = await client.as(sid).open('/login');
    await page.type({ name: 'password' }, 'password');
    const signIn = page.click('Sign In'); // its reply comes after the sleep
    await page.waitFor('Login successful. You are now logged in');
    expect(page.url).toMatch(/\/login_successful$/);
    await signIn;
    expect(page.redirect).toBe('/login_test');

    const home = await page.followRedirect(); // same client, same jar
    const renewed = client.cookie('jp_token')!.slice(0, 32); // regenerateSession gave a new id
    expect(renewed).not.toBe(sid);
    expect(home.text()).toContain(`Your session id is: ${renewed}`);
    expect(home.text()).toContain('You are already logged in...');
    expect((await client.newVisitor().as(sid).open('/login')).text()).toContain('Please login'); // the old id is not

    await home.click('Logout');
    expect((await home.followRedirect()).text()).toContain('Please login');
  });
});

// Both seed flows of the demo, driven through justpy-ts/testing as a user's suite would: no browser,
// Express 4 and 5, each flow in a fraction of a second (the login sleep shortened by loginSleepMs).
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DemoApp } from '../../demo/app.js';
import { createTestClient, type TestClient } from '../../lib/testing/index.js';
import { createTestDemo } from '../support/demo-server.js';
import { EXPRESS_VERSIONS } from '../support/session-app.js';

const SESSION = '5e55'.repeat(8);

describe.each(EXPRESS_VERSIONS)('the seed flows under $label', ({ create }) => {
  let demo: DemoApp;
  let client: TestClient;

  beforeEach(async () => {
    demo = createTestDemo({ loginSleepMs: 20, createApp: create });
    client = await createTestClient(demo.app, { attach: demo.renderer, session: demo.session });
  });
  afterEach(async () => {
    await client.close();
    await demo.close();
  });

  describe('/session_test', () => {
    it('counts visits and clicks per session, across tabs, and not for another visitor', async () => {
      const tab = await client.as(SESSION).open('/session_test');
      expect(tab.text()).toContain(`My session id: ${SESSION}`);
      expect(tab.text()).toContain('Number of visits: 1');

      const update = await tab.click('Number of Click Events: 0');
      // The click also sets the visits div to the count it already shows: only the button changes.
      expect(update.changes).toEqual([{ id: tab.find({ css: 'button' }).id, html: expect.stringContaining('Number of Click Events: 1') }]);
      await tab.click(/Number of Click Events/);
      expect(tab.find(/Number of Click Events/).text).toBe('Number of Click Events: 2');

      const second = await client.open('/session_test');
      expect(second.text()).toContain('Number of visits: 2');
      expect(second.text()).toContain('Number of Click Events: 2');
      await second.click({ css: 'button' });
      expect(second.find({ css: 'button' }).text).toBe('Number of Click Events: 3');
      expect(second.find(/Number of visits/).text).toBe('Number of visits: 2');

      const stranger = await client.newVisitor().open('/session_test');
      expect(stranger.text()).not.toContain(SESSION);
      expect(stranger.text()).toContain('Number of visits: 1');
      expect(stranger.text()).toContain('Number of Click Events: 0');
    });

    it('serves the first visit over plain HTTP (supertest) and refuses a tampered cookie', async () => {
      const res = await request(demo.app).get('/session_test').expect(200);
      expect(res.text).toContain('Number of visits: 1');
      client.setCookie(`jp_token=${'a'.repeat(32)}.forged`);
      const refused = await client.fetch('/session_test');
      expect(refused.status).toBe(400);
      expect(await refused.text()).toBe('Bad Cookie');
    });
  });

  describe('/login', () => {
    it('shows the alert for a wrong password', async () => {
      const page = await client.as(SESSION).open('/login');
      expect(page.url).toBe(new URL('/login_page', client.url).href);
      expect(page.find(/Password is incorrect/).visible).toBe(false);

      await page.type({ name: 'password' }, 'guess');
      await page.click({ name: 'sign_in_btn' });

      expect(page.find({ css: '[role=alert]' }).visible).toBe(true);
      expect(page.text()).toContain('Password is incorrect');
      expect(page.text()).toContain(`${SESSION} login not successful`);
      expect(page.redirect).toBeNull();
    });

    it('signs in, redirects to /login_test, which shows the login and logs out', async () => {
      const page = await client.as(SESSION).open('/login');
      await page.type({ name: 'user_name' }, 'me');
      await page.type({ name: 'password' }, 'password');

      const signIn = page.click('Sign In');
      await page.waitFor('Login successful. You are now logged in');
      expect(page.url).toBe(new URL('/login_successful', client.url).href);
      await signIn;
      expect(page.redirect).toBe('/login_test');

      const home = await page.followRedirect();
      expect(home.url).toBe(new URL('/login_test', client.url).href);
      // Sign-in gave the visitor a new session id (the jar holds its cookie), so SESSION is not logged in.
      const renewed = client.cookie('jp_token')!.slice(0, 32);
      expect(renewed).not.toBe(SESSION);
      expect(home.text()).toContain(`Your session id is: ${renewed}`);
      expect(home.text()).toContain('You are already logged in...');
      expect((await client.newVisitor().as(SESSION).open('/login')).text()).toContain('Please login');

      await home.click('Logout');
      const back = await home.followRedirect();
      expect(back.url).toBe(new URL('/login_page', client.url).href);
      expect(back.text()).toContain('Please login');
    });
  });
});

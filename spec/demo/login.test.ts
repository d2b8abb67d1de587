// The seed's login example through justpy-ts/testing (HTTP and socket, one cookie jar, as a
// browser holds them): a new session id at sign-in (fixation defence), the login kept in the
// store, the seed's order of updates, logout.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DemoApp } from '../../demo/app.js';
import { createTestClient, type TestClient, type TestPage } from '../../lib/testing/index.js';
import { createTestDemo } from '../support/demo-server.js';

let demo: DemoApp;
let client: TestClient;
beforeEach(async () => {
  demo = createTestDemo({ loginSleepMs: 0 });
  client = await createTestClient(demo.app, { attach: demo.renderer, session: demo.session });
});
afterEach(async () => {
  await client.close();
  await demo.close();
});

const idIn = (c: TestClient): string => c.cookie('jp_token')!.slice(0, 32);

/** Types the password and clicks Sign In; resolves once the click's own update arrived. */
async function signIn(page: TestPage, password: string): Promise<void> {
  await page.type({ name: 'password' }, password);
  await page.click('Sign In');
}

describe('sign in', () => {
  it('moves the visitor to a new session id, and only the new cookie is logged in', async () => {
    const page = await client.open('/login_test'); // /login_test first: the seed lost such visitors with a KeyError
    const before = idIn(client);
    await signIn(page, 'password');
    expect(page.messages.map((m) => m.type)).toContain('renew');
    expect(idIn(client)).not.toBe(before);
    expect(page.text()).toContain('Login successful. You are now logged in');
    expect(page.redirect).toBe('/login_test');
    const home = await page.followRedirect();
    expect(home.text()).toContain(`Your session id is: ${idIn(client)}`);
    expect(home.text()).toContain('You are already logged in...');
    // The cookie as it was before sign-in is worth nothing.
    expect((await client.newVisitor().as(before).open('/login')).text()).toContain('Please login');
  });

  it('keeps the seed order: the page is cleared before its first update, so the success line never shows', async () => {
    const page = await client.open('/login');
    await signIn(page, 'password');
    expect(JSON.stringify(page.messages)).not.toContain('logged in successfully');
  });

  it('shows the alert and "login not successful" for a wrong password, with the same session', async () => {
    const page = await client.open('/login');
    const id = idIn(client);
    expect(page.find({ css: '[role=alert]' }).visible).toBe(false);
    await signIn(page, 'wrong');
    expect(page.messages.map((m) => m.type)).not.toContain('renew');
    expect(page.text()).toContain(`${id} login not successful`);
    expect(page.find({ css: '[role=alert]' }).visible).toBe(true);
    expect(idIn(client)).toBe(id);
    expect((await client.open('/login')).text()).toContain('Please login');
  });
});

describe('when logged in', () => {
  it('Logout ends the login (in the store) and sends the browser to the logout URL', async () => {
    await signIn(await client.open('/login'), 'password');
    expect((await client.open('/login_page')).text()).toContain('You are already logged in...');
    const page = await client.open('/login');
    await page.click('Logout');
    expect(page.redirect).toBe('/login');
    expect(await demo.session.store!.get(idIn(client), 'logged_in')).toBe(false);
    expect((await page.followRedirect()).text()).toContain('Please login');
  });
});

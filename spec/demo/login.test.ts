// The seed's login example, driven through its handlers (the browser flow is in spec/e2e/demo.test.ts).
import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { loginExample } from '../../demo/login.js';
import type { Component, EventMsg, WebPage } from '../../lib/index.js';

const SESSION = 'ab'.repeat(16);
const req = { session_id: SESSION } as Request;

function find(page: WebPage, predicate: (c: Component) => boolean): Component {
  const stack = [...page.components];
  while (stack.length > 0) {
    const c = stack.shift()!;
    if (predicate(c)) return c;
    stack.push(...c.components);
  }
  throw new Error('component not found');
}

async function click(page: WebPage, button: Component): Promise<void> {
  const msg: EventMsg = { msg_type: 'event', event_type: 'click', id: button.id, page, target: button, session_id: SESSION, value: '' };
  await button.handlerFor('click')!(button, msg);
}

async function signIn(password: string) {
  const example = loginExample({ logout_url: '/login', sleep_ms: 0 });
  const wp = await example.login_page(req); // /login_test first: no entry in users yet
  find(wp, (c) => c.name === 'password').value = password;
  await click(wp, find(wp, (c) => c.name === 'sign_in_btn'));
  return { example, wp };
}

describe('sign in', () => {
  it('works for a visitor who opened /login_test first (the seed lost them with a KeyError)', async () => {
    const { example, wp } = await signIn('password');
    expect(example.users.get(SESSION)).toEqual({ logged_in: true });
    expect(wp.renderRoot()).toContain('Login successful. You are now logged in');
    expect(wp.display_url).toBe('login_successful');
    expect(wp.redirect).toBe('/login_test');
  });

  it('keeps the seed order: the page is cleared before its first update, so the success line never shows', async () => {
    const { wp } = await signIn('password');
    expect(wp.renderRoot()).not.toContain('logged in successfully');
  });

  it('shows the alert and "login not successful" for a wrong password', async () => {
    const { example, wp } = await signIn('wrong');
    expect(example.users.has(SESSION)).toBe(false);
    expect(wp.renderRoot()).toContain(`${SESSION} login not successful`);
    expect(find(wp, (c) => c.getAttr('role') === 'alert').show).toBe(true);
  });
});

describe('when logged in', () => {
  it('shows the session id and a Logout button on both routes', async () => {
    const { example } = await signIn('password');
    for (const page of [await example.login_test(req), await example.login_page(req)]) {
      expect(page.renderRoot()).toContain(`Your session id is: ${SESSION}`);
      expect(page.renderRoot()).toContain('You are already logged in...');
    }
  });

  it('Logout ends the login and sends the browser to the logout URL', async () => {
    const { example } = await signIn('password');
    const wp = await example.login_test(req);
    await click(wp, find(wp, (c) => c.text === 'Logout'));
    expect(example.users.get(SESSION)).toEqual({ logged_in: false });
    expect(wp.redirect).toBe('/login');
    expect((await example.login_test(req)).renderRoot()).toContain('Please login');
  });
});

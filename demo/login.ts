// The seed's "Login Example" (JustPy sessions tutorial): a login form, a logged-in page, logout.
import type { Request } from 'express';
import { Button, Div, Styles, WebPage, parseHtml, type EventMsg } from '../lib/index.js';

export const login_form_html = `
<div class="w-full max-w-xs">
  <form class="bg-white shadow-md rounded px-8 pt-6 pb-8 mb-4">
    <div class="mb-4">
      <label class="block text-gray-700 text-sm font-bold mb-2" for="username">
        Username
      </label>
      <input class="shadow appearance-none border rounded w-full py-2 px-3 text-gray-700 leading-tight focus:outline-none focus:shadow-outline"  type="text" placeholder="Username" name="user_name">
    </div>
    <div class="mb-6">
      <label class="block text-gray-700 text-sm font-bold mb-2" for="password">
        Password
      </label>
      <input class="shadow appearance-none border border-red-500 rounded w-full py-2 px-3 text-gray-700 mb-3 leading-tight focus:outline-none focus:shadow-outline" name="password" type="password" placeholder="******************">
      <p class="text-red-500 text-xs italic">The password is 'password'</p>
    </div>
    <div class="flex items-center justify-between">
      <button class="bg-blue-500 hover:bg-blue-700 text-white font-bold py-2 px-4 rounded focus:outline-none focus:shadow-outline" type="button" name="sign_in_btn">
        Sign In
      </button>
    </div>
  </form>
  <p class="text-center text-gray-500 text-xs">
    Example from https://tailwindcss.com/components/forms
  </p>
</div>
`;

export const alert_html = `
<div role="alert" class="m-1 p-1 w-1/3">
  <div class="bg-red-500 text-white font-bold rounded-t px-4 py-2">
    Password is incorrect
  </div>
  <div class="border border-t-0 border-red-400 rounded-b bg-red-100 px-4 py-3 text-red-700">
    <p>Please enter password again.</p>
  </div>
</div>
`;

declare module '../lib/session/session-data.js' {
  interface JpSessionData {
    logged_in?: boolean;
  }
}

export interface LoginExampleOptions {
  /** Where Logout sends the browser. Default '/' (the seed's root page, login_test). */
  logout_url?: string;
  /** The seed's `asyncio.sleep(3)` before the redirect, in ms. Default 3000. */
  sleep_ms?: number;
}

type PageFunction = (request: Request) => Promise<WebPage>;

/**
 * Returns the seed's page functions. The seed's `users` dict is the session's `logged_in` field in
 * jpSession()'s store, so a sign-in survives a restart and is shared by every instance.
 */
export function loginExample(options: LoginExampleOptions = {}): { login_test: PageFunction; login_page: PageFunction } {
  const logout_url = options.logout_url ?? '/';
  const sleep_ms = options.sleep_ms ?? 3000;

  async function login_test(request: Request): Promise<WebPage> {
    const wp = new WebPage();
    const session_id = request.session_id;
    let logged_in: boolean;
    // The seed also writes users[session_id] = {'logged_in': False} here; an absent field means
    // the same, and visitors who never sign in then leave nothing in the store.
    if ((await request.session_data.get('logged_in')) === true) {
      new Div({ a: wp, text: `Your session id is: ${session_id}`, classes: 'm-1 p-1 text-xl ' });
      new Div({ a: wp, text: 'You are already logged in...', classes: 'm-1 p-1 text-2l' });
      const log_out_btn = new Button({ text: 'Logout', classes: Styles.button_bordered + ' m-1 p-1', a: wp });

      log_out_btn.on('click', async function log_out(_self, msg) {
        await msg.session_data.set('logged_in', false);
        msg.page.redirect = logout_url;
      });

      logged_in = true;
    } else {
      logged_in = false;
    }
    if (!logged_in) {
      return await login_page(request); // Return different page if not logged in
    }
    return wp;
  }

  async function login_page(request: Request): Promise<WebPage> {
    if ((await request.session_data.get('logged_in')) === true) {
      return await login_test(request);
    }
    const wp = new WebPage();
    wp.display_url = 'login_page'; // Sets the url to display in browser without reloading page
    new Div({ text: 'Please login', a: wp, classes: 'm-2 p-2 w-1/4 text-xl font-semibold' });
    const login_form = parseHtml(login_form_html, { a: wp, classes: 'm-2 p-2 w-1/4' });
    const alert = parseHtml(alert_html, { show: false, a: wp });
    const session_div = new Div({ text: 'Session goes here', classes: 'm-1 p-1 text-xl', a: wp });
    const sign_in_btn = login_form.byName('sign_in_btn').with({
      user_name: login_form.byName('user_name'),
      alert,
    });

    sign_in_btn.on('click', async function sign_in_click(self, msg) {
      if (login_form.byName('password').value === 'password') {
        // A new session id at sign-in, so a cookie planted or captured before it is not logged in.
        await msg.regenerateSession();
        session_div.text = msg.session_id + ' logged in successfully';
        self.alert.show = false;
        return await login_successful(wp, msg);
      } else {
        session_div.text = msg.session_id + ' login not successful';
        self.alert.show = true;
      }
    });

    return wp;
  }

  async function login_successful(wp: WebPage, msg: EventMsg): Promise<void> {
    wp.delete_components();
    await msg.session_data.set('logged_in', true);
    wp.display_url = 'login_successful';
    new Div({ text: 'Login successful. You are now logged in', classes: 'm-1 p-1 text-2xl', a: wp });
    await wp.update();
    await sleep(sleep_ms);
    wp.redirect = '/login_test';
  }

  return { login_test, login_page };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

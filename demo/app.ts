// The demo app: the seed's two examples, assembled by createJustpyApp (what justpy() starts).
import { createJustpyApp, type JustpyApp, type JustpyOptions, type JustpyRoutes } from '../lib/index.js';
import { index_page } from './index-page.js';
import { loginExample } from './login.js';
import { sessionTestExample } from './session-test.js';

export interface DemoOptions extends JustpyOptions {
  /** The login example's pause before its redirect, in ms. Default 3000 (the seed's sleep(3)). */
  loginSleepMs?: number;
}

export type DemoApp = JustpyApp;

/**
 * The demo's routes: '/' (index), '/session_test', '/login' (the seed's root page, login_test),
 * '/login_test' (login_page), plus '/login_page' and '/login_successful', the seed's display_url
 * values, so that reloading the address the browser shows works.
 */
export function demoRoutes(options: Pick<DemoOptions, 'loginSleepMs'> = {}): JustpyRoutes {
  const { session_test } = sessionTestExample();
  // `session_dict` and `users` of the seed live in the session's store (see session-test.ts, login.ts).
  const { login_test, login_page } = loginExample({ logout_url: '/login', sleep_ms: options.loginSleepMs });
  return {
    '/': index_page,
    '/session_test': session_test,
    '/login': login_test,
    '/login_test': login_page,
    '/login_page': login_page,
    '/login_successful': login_test,
  };
}

/** The demo, assembled and not listening: `listen()` starts it, `close()` stops it and closes the store. */
export function createDemoApp(options: DemoOptions = {}): DemoApp {
  const { loginSleepMs, ...appOptions } = options;
  return createJustpyApp(demoRoutes({ loginSleepMs }), appOptions);
}

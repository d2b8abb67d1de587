// The demo app: the seed's two examples behind jpSession() and the renderer.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import {
  createRenderer,
  jpSession,
  type JpSessionMiddleware,
  type JpSessionOptions,
  type Renderer,
  type RendererOptions,
} from '../lib/index.js';
import { index_page } from './index-page.js';
import { loginExample } from './login.js';
import { sessionTestExample } from './session-test.js';

export interface DemoOptions {
  /** Session settings (store included). Default: read from .env, justpy.env and the environment. */
  session?: JpSessionOptions;
  /** Renderer settings (the renderer always takes this demo's session middleware). */
  renderer?: Omit<RendererOptions, 'session'>;
  /** The login example's pause before its redirect, in ms. Default 3000 (the seed's sleep(3)). */
  loginSleepMs?: number;
  /** Makes the Express app, e.g. Express 4's `express()` in tests. Default: this package's `express()`. */
  createApp?: () => Express;
}

export interface DemoApp {
  app: Express;
  renderer: Renderer;
  session: JpSessionMiddleware;
  /** The HTTP server once listen() was called. */
  server: http.Server | null;
  /** Listens (port 0 picks a free one), attaches the renderer's socket endpoint, returns the URL. */
  listen(port?: number, host?: string): Promise<string>;
  /** Closes the sockets, drops the pages, stops the server and closes the session store. */
  close(): Promise<void>;
}

/**
 * Builds the demo: '/' (index), '/session_test', '/login' (the seed's root page, login_test),
 * '/login_test' (login_page), plus '/login_page' and '/login_successful', the seed's display_url
 * values, so that reloading the address the browser shows works.
 */
export function createDemoApp(options: DemoOptions = {}): DemoApp {
  const session = jpSession(options.session);
  const renderer = createRenderer({ ...options.renderer, session });
  const { session_test } = sessionTestExample();
  // `session_dict` and `users` of the seed live in the session's store (see session-test.ts, login.ts).
  const { login_test, login_page } = loginExample({ logout_url: '/login', sleep_ms: options.loginSleepMs });

  const app = (options.createApp ?? express)();
  app.disable('x-powered-by');
  app.use(renderer.assets);
  app.use(session);
  app.get('/', renderer.page(index_page));
  app.get('/session_test', renderer.page(session_test));
  app.get('/login', renderer.page(login_test));
  app.get('/login_test', renderer.page(login_page));
  app.get('/login_page', renderer.page(login_page));
  app.get('/login_successful', renderer.page(login_test));

  const demo: DemoApp = {
    app,
    renderer,
    session,
    server: null,
    async listen(port = 0, host = '127.0.0.1') {
      const server = http.createServer(app);
      renderer.attach(server);
      demo.server = server;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      const address = server.address() as AddressInfo;
      const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return `http://${shown}:${address.port}`;
    },
    async close() {
      await renderer.close();
      const server = demo.server;
      if (server) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      await session.close();
    },
  };
  return demo;
}

import http, { type Server } from 'node:http';
import express, { type Express } from 'express';
import { DEFAULT_LIMITS } from '../render/render-limits.js';
import { createRenderer, type Renderer } from '../render/renderer.js';
import { jpSession, type JpSessionMiddleware } from '../session/jp-session.js';
import { closeServer, closeServerGracefully, listenOn, urlOf } from './http-server.js';
import { resolveJustpyOptions, type JustpyOptions, type JustpyRoutes } from './options.js';

/** An assembled app: Express with jpSession(), the renderer and the page routes, not yet listening. */
export interface JustpyApp {
  readonly app: Express;
  readonly session: JpSessionMiddleware;
  readonly renderer: Renderer;
  /** The HTTP server once listen() resolved, else null. */
  readonly server: Server | null;
  /** `http://host:port/` once listen() resolved, else null. */
  readonly url: string | null;
  /** Creates the HTTP server, attaches the socket endpoint and listens on the options' host and port. */
  listen(): Promise<RunningJustpyApp>;
  /**
   * Closes the renderer (sockets, pages, timers), the server if it listens, and the session store.
   * With `{ drain: true }` (what a SIGTERM handler behind a load balancer wants) the renderer drains
   * first ({@link Renderer.drain}: unhealthy at once, events in flight finished, sockets closed with
   * 1001), then the server lets requests in flight finish (`limits.drainTimeoutMs` at most).
   */
  close(options?: JustpyCloseOptions): Promise<void>;
}

export interface JustpyCloseOptions {
  /** Drain gracefully instead of closing at once. [default false] */
  drain?: boolean;
}

/** A {@link JustpyApp} that listens. */
export interface RunningJustpyApp extends JustpyApp {
  readonly server: Server;
  readonly url: string;
}

/**
 * Assembles an app without starting it (for supertest, `justpy-ts/testing`, or your own server):
 * Express, the renderer's own URLs, jpSession(), your `setup`, then one route per page factory.
 * Throws a TypeError for a bad option or route.
 * @param routes a page factory (served at '/') or `{ path: factory }`
 * @param options see {@link JustpyOptions}
 * @example
 * const jp = createJustpyApp({ '/session_test': session_test }, { session: { secretKey: 'test', loadEnv: false } });
 * await request(jp.app).get('/session_test').expect(200);
 * await jp.close();
 */
export function createJustpyApp(routes: JustpyRoutes, options: JustpyOptions = {}): JustpyApp {
  const resolved = resolveJustpyOptions(routes, options);
  const given = options.session;
  const session = typeof given === 'function' ? given : jpSession({ loadEnv: resolved.loadEnv, ...given });
  const renderer = createRenderer({ ...options.renderer, instanceId: options.renderer?.instanceId ?? resolved.instanceId, session });
  const drainTimeoutMs = options.renderer?.limits?.drainTimeoutMs ?? DEFAULT_LIMITS.drainTimeoutMs;
  const app = (options.createApp ?? express)();
  app.disable('x-powered-by');
  app.use(renderer.assets); // the renderer's own URLs need no session (and the session renewal sets its own cookie)
  app.use(session);
  options.setup?.(app, { session, renderer });
  for (const [path, factory] of resolved.routes) app.get(path, renderer.page(factory));

  let server: Server | null = null;
  let url: string | null = null;
  let closing: Promise<void> | null = null;
  const handle: JustpyApp = {
    app,
    session,
    renderer,
    get server() {
      return server;
    },
    get url() {
      return url;
    },
    async listen() {
      if (server !== null) throw new Error(`justpy: this app already listens at ${url}`);
      const created = http.createServer(app);
      renderer.attach(created);
      server = created;
      try {
        await listenOn(created, resolved.port, resolved.host);
      } catch (err) {
        server = null; // EADDRINUSE and the like: close() has no server to stop, listen() may try again
        throw err;
      }
      url = urlOf(created);
      return handle as RunningJustpyApp;
    },
    close(closeOptions = {}) {
      closing ??= (async () => {
        if (closeOptions.drain) await renderer.drain();
        else await renderer.close();
        if (server !== null) await (closeOptions.drain ? closeServerGracefully(server, drainTimeoutMs) : closeServer(server));
        await session.close();
      })();
      return closing;
    },
  };
  return handle;
}

/**
 * JustPy's `jp.justpy(login_test)`: serves page factories and keeps them live, in one call.
 * Builds Express, jpSession() and the renderer, mounts the routes, listens on HOST:PORT (options,
 * then the environment, then 127.0.0.1:8000; port 0 picks a free one) and resolves once it listens.
 * @param routes a page factory (served at '/') or `{ path: factory }`
 * @param options see {@link JustpyOptions}
 * @example
 * const jp = await justpy(session_test);
 * console.log(`listening on ${jp.url}`);
 * process.once('SIGINT', () => void jp.close());
 */
export function justpy(routes: JustpyRoutes, options: JustpyOptions = {}): Promise<RunningJustpyApp> {
  return createJustpyApp(routes, options).listen();
}

import type { Server } from 'node:http';
import type { RequestHandler } from 'express';
import { createAssets, requestPath } from './assets.js';
import { drainInstance } from './drain.js';
import { closeFor } from './errors.js';
import { EventDispatcher } from './event-dispatcher.js';
import { HealthCheck } from './health.js';
import { createHtmlDocument } from './html-document.js';
import { LogLimiter } from './log-limiter.js';
import { PageRegistry } from './page-registry.js';
import type { PageRefusal } from './page-registry.js';
import { createPageRoute } from './page-route.js';
import type { PageFactory } from './page-route.js';
import { resolveRendererOptions } from './render-options.js';
import type { RendererOptions } from './render-options.js';
import { SessionRenewals } from './session-renewal.js';
import { SocketServer } from './socket-server.js';
import type { WebPage } from './webpage.js';

export interface Renderer {
  /** An Express handler that serves the page the factory builds: `app.get('/x', jp.page(f))`. */
  page(factory: PageFactory): RequestHandler;
  /**
   * The renderer's own URLs, mounted before jpSession: the client bundle and Tailwind under
   * `${basePath}/static/`, and `${basePath}/session` (the POST that msg.regenerateSession() needs).
   */
  assets: RequestHandler;
  /** Opens the WebSocket endpoint `${basePath}/ws` on this server's 'upgrade' event. */
  attach(server: Server): void;
  /** Closes every socket (1001), stops all timers and drops every page. */
  close(): Promise<void>;
  /**
   * Stops this instance gracefully behind a load balancer: `${basePath}/health` answers 503 at once,
   * pages and events are served as usual for `limits.drainNoticeMs` (the balancer's checks notice
   * and send new pages elsewhere), then events stop being read, those taken finish and are
   * acknowledged (`limits.drainTimeoutMs` at most), and it closes as {@link close} does.
   */
  drain(): Promise<void>;
  /** The instance id in boot data and socket URLs ({@link RendererOptions.instanceId}). */
  readonly instanceId: string;
  /** Live pages, open sockets, sessions with a live page, and sockets refused as wrong-instance since start. */
  stats(): { pages: number; sockets: number; sessions: number; wrongInstance: number };
}

const RESOLVED = Promise.resolve();

/**
 * Creates the live half of justpy-ts: page routes, their first HTML, the socket endpoint and the event
 * loop of each page. Throws if the client bundle is not built.
 *
 * @param options see {@link RendererOptions}; limits default to {@link DEFAULT_LIMITS}.
 * @example
 * const session = jpSession();
 * const jp = createRenderer({ session });
 * app.use(jp.assets);
 * app.use(session);
 * app.get('/', jp.page((req) => { const wp = new WebPage(); new Div({ text: req.session_id, a: wp }); return wp; }));
 * jp.attach(app.listen(8000));
 */
export function createRenderer(options: RendererOptions): Renderer {
  const checked = resolveRendererOptions(options);
  const { limits } = checked;
  const logger = new LogLimiter(checked.logger, limits.logLinesPerCode, limits.logWindowMs, checked.timers);
  const resolved = { ...checked, logger };
  const assets = createAssets(resolved.basePath, resolved.clientBundle);
  const registry: PageRegistry = new PageRegistry(limits, resolved.timers, (entry) => {
    if (!entry.dropped) dispatcher.broadcast(entry, null, 0);
    return RESOLVED;
  });
  const session = resolved.session;
  const renewals =
    session === null
      ? null
      : new SessionRenewals({
          session,
          path: `${resolved.basePath}/session`,
          timers: resolved.timers,
          logger,
          isAllowedOrigin: resolved.isAllowedOrigin,
          moveSession: (old_id, new_id) => registry.moveSession(old_id, new_id),
        });
  const dispatcher = new EventDispatcher(
    logger,
    limits.maxQueuedEventsPerPage,
    session === null || renewals === null
      ? null
      : {
          session,
          renew: (conn) => renewals.start(conn),
          ended: (entry) => {
            const { code, reason } = closeFor('session-ended');
            const held = entry.sockets;
            registry.drop(entry);
            for (const conn of held) conn.close(code, reason);
          },
        },
  );
  const sockets = new SocketServer(resolved, registry, dispatcher);
  let draining = false;
  const health = new HealthCheck({
    instanceId: resolved.instanceId,
    store: session?.store ?? null,
    timers: resolved.timers,
    storeTimeoutMs: limits.healthStoreTimeoutMs,
    cacheMs: limits.healthCacheMs,
    isDraining: () => draining,
    wrongInstance: () => sockets.wrongInstance,
  });
  const healthPath = `${resolved.basePath}/health`;
  const ownRoutes: RequestHandler = (req, res, next) => {
    const path = requestPath(req);
    if (path === healthPath) return health.handle(req, res);
    if (renewals !== null && renewals.matches(path)) return renewals.handle(req, res, next);
    assets.handler(req, res, next);
  };
  const renderDocument = createHtmlDocument({
    wsPath: resolved.wsPath,
    clientSrc: assets.clientSrc,
    tailwindSrc: assets.tailwindSrc,
    graceMs: limits.pageGraceMs,
    instanceId: resolved.instanceId,
    instanceRun: resolved.instanceRun,
  });

  const registerAndRender = (page: WebPage, session_id: string | null): { html: string } | { refusal: PageRefusal } => {
    const entry = registry.register(page, session_id);
    if (typeof entry === 'string') return { refusal: entry };
    // The HTML shows the page as it is now, so pending changes are either sent to the sockets
    // already on it (a page served twice) or are already part of what this response shows.
    if (entry.sockets.length > 0) dispatcher.broadcast(entry, null, 0);
    else page.markClean();
    return { html: renderDocument(page, entry.token) };
  };

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    draining = true;
    closing ??= (async () => {
      renewals?.close();
      await sockets.close();
      registry.close();
      logger.close();
    })();
    return closing;
  };
  let drained: Promise<void> | null = null;
  const drain = (): Promise<void> => {
    drained ??= drainInstance({
      instanceId: resolved.instanceId,
      limits,
      timers: resolved.timers,
      logger,
      markDraining: () => void (draining = true),
      stopIntake: () => dispatcher.stopIntake(),
      idle: () => registry.idle(),
      close,
    });
    return drained;
  };

  return {
    page: createPageRoute({
      refusalFor: (session_id) => registry.refusalFor(session_id),
      registerAndRender,
      sessionsOff: resolved.session === null,
      securityHeaders: resolved.securityHeaders,
      logger,
    }),
    assets: ownRoutes,
    attach: (server) => sockets.attach(server),
    close,
    drain,
    instanceId: resolved.instanceId,
    stats: () => ({ ...registry.stats(), wrongInstance: sockets.wrongInstance }),
  };
}

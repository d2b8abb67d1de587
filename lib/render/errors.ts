import { deepFreeze } from './freeze.js';
import { CLOSE } from './wire.js';
import type { RenderLogger } from './render-options.js';

/** Seconds a refused page request is told to wait: a tab closing frees a page at once, so it is short. */
const RETRY_AFTER_SEC = 10;

/**
 * Every way the renderer refuses or reports something, with what the client sees. A closed set:
 * logs carry the code first, and the README lists them.
 */
export const RENDER_ERRORS = deepFreeze({
  // HTTP, page route
  'session-missing': { status: 500, message: 'jpSession() must be mounted before jp.page()' },
  // 503s come only when every page that could give way is held by a live socket (see PageRegistry).
  'too-many-pages': {
    status: 503,
    message: 'Too many pages of this site are open in your browser; close some tabs and try again',
    retryAfterSec: RETRY_AFTER_SEC,
  },
  'server-busy': { status: 503, message: 'The server is busy; please try again in a moment', retryAfterSec: RETRY_AFTER_SEC },
  'factory-error': { status: 500, message: 'The page factory failed' },
  // HTTP 503 from the page route, and a soft error on an open socket: the session store is down
  // (the store reconnects by itself, so the visitor is asked to wait only briefly)
  'store-unavailable': {
    status: 503,
    message: 'Session data is unavailable right now; please try again in a few seconds',
    retryAfterSec: 2,
    soft: true,
  },
  // The session was destroyed or renamed (a sign-in elsewhere) while a cookie still names it. Page
  // route: a new session and cookie, 303 to the same address. Event: the page is dropped and its
  // sockets closed as page-gone, so the runtime reloads (with the browser's current cookie).
  'session-ended': { status: 303, message: 'This session has ended; a new one has started', close: CLOSE.pageGone },
  // WebSocket handshake and frames: accepted, then closed with this code
  'bad-cookie': { close: CLOSE.badCookie },
  'bad-origin': { close: CLOSE.badOrigin },
  'page-gone': { close: CLOSE.pageGone },
  'bad-message': { close: CLOSE.badMessage },
  'too-big': { close: CLOSE.tooBig },
  'too-many-sockets': { close: CLOSE.tooManySockets },
  'too-many-events': { close: CLOSE.tooManyEvents },
  'too-slow': { close: CLOSE.tooSlow },
  'server-closing': { close: CLOSE.serverClosing },
  // The socket's page is on another instance (the load balancer sent it here): counted in stats().
  'wrong-instance': { close: CLOSE.wrongInstance },
  // An app-supplied check (readSession, allowedOrigins) or the renderer threw during a handshake.
  'handshake-error': { close: CLOSE.handshakeError },
  // Upgrades on paths the renderer does not serve: answered on the raw socket, then destroyed.
  'upgrade-not-found': { upgradeStatus: 404 },
  'upgrade-timeout': { upgradeStatus: null },
  'too-many-upgrades': { upgradeStatus: 503 },
  // Reported on an open socket as an ErrorMessage; the socket stays usable
  'unknown-component': { soft: true },
  'no-handler': { soft: true },
  'handler-error': { soft: true },
  // The health endpoint (GET ${basePath}/health) while drain() runs: the load balancer sends new pages elsewhere.
  draining: { status: 503, message: 'This instance is shutting down' },
  // Session renewal (msg.regenerateSession over the socket): the POST that sets the new cookie
  'renew-refused': { status: 403, message: 'This session renewal is unknown, expired or not yours' },
} as const);

export type RenderErrorCode = keyof typeof RENDER_ERRORS;
export type CloseErrorCode = {
  [K in RenderErrorCode]: (typeof RENDER_ERRORS)[K] extends { close: unknown } ? K : never;
}[RenderErrorCode];
export type HttpErrorCode = {
  [K in RenderErrorCode]: (typeof RENDER_ERRORS)[K] extends { status: number } ? K : never;
}[RenderErrorCode];

export function closeFor(code: CloseErrorCode): { code: number; reason: string } {
  return RENDER_ERRORS[code].close;
}

export function httpFor(code: HttpErrorCode): { status: number; message: string; retryAfterSec?: number } {
  return RENDER_ERRORS[code];
}

/** Logs with the code first so operators can grep and tests can assert it. */
export function logWarn(logger: RenderLogger, code: RenderErrorCode, details: Record<string, unknown>, err?: unknown): void {
  if (err === undefined) logger.warn(`[justpy-ts] ${code}`, details);
  else logger.warn(`[justpy-ts] ${code}`, details, err);
}

export function logError(logger: RenderLogger, code: RenderErrorCode, details: Record<string, unknown>, err: unknown): void {
  logger.error(`[justpy-ts] ${code}`, details, err);
}

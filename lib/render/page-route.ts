import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { httpFor, logError, logWarn } from './errors.js';
import type { HttpErrorCode } from './errors.js';
import type { PageRefusal } from './page-registry.js';
import type { RenderLogger } from './render-options.js';
import type { WebPage } from './webpage.js';
import { isStoreError, newSession } from '../session/index.js';

/** Builds the page for one request; may be async and may return another page than one it started. */
export type PageFactory = (req: Request) => WebPage | Promise<WebPage>;

export interface PageRouteDeps {
  /** Why one more page would be refused for this session, or null (checked before the factory runs). */
  refusalFor(session_id: string | null): PageRefusal | null;
  /** Registers the page and renders its first response, or says why no page could give way meanwhile. */
  registerAndRender(page: WebPage, session_id: string | null): { html: string } | { refusal: PageRefusal };
  /** true when the pages have no sessions (`session: false` or SESSIONS off). */
  sessionsOff: boolean;
  /** Headers every response of the route carries (framing and sniffing protection by default). */
  securityHeaders: Readonly<Record<string, string>>;
  logger: RenderLogger;
}

/**
 * `jp.page(factory)`: runs the factory with the request and answers with the complete HTML of the page
 * it returns, registered under a fresh token bound to `req.session_id`. A HEAD gets a GET's headers
 * without the factory running (no page is built or registered, no visit is counted).
 */
export function createPageRoute(deps: PageRouteDeps): (factory: PageFactory) => RequestHandler {
  return (factory) => {
    if (typeof factory !== 'function') throw new TypeError('jp.page() needs a page factory function');
    return function jpPage(req: Request, res: Response, next: NextFunction): void {
      const session_id = sessionOf(req, deps.sessionsOff);
      if (session_id === undefined) return plain(res, 'session-missing', deps, req);
      const refusal = deps.refusalFor(session_id);
      if (refusal !== null) return plain(res, refusal, deps, req);
      if (req.method === 'HEAD') return headOnly(res, deps);
      let result: WebPage | Promise<WebPage>;
      try {
        result = factory(req);
        if (!(result instanceof Promise)) return finish(deps, req, res, next, result, session_id);
      } catch (err) {
        return fail(deps, req, res, next, err);
      }
      result.then(
        (page) => {
          try {
            finish(deps, req, res, next, page, session_id);
          } catch (err) {
            fail(deps, req, res, next, err);
          }
        },
        (err: unknown) => fail(deps, req, res, next, err),
      );
    };
  };
}

function finish(
  deps: PageRouteDeps,
  req: Request,
  res: Response,
  next: NextFunction,
  page: WebPage,
  session_id: string | null,
): void {
  if (res.headersSent) return; // the factory answered itself (a redirect, say)
  if (!isPage(page)) return fail(deps, req, res, next, new TypeError('A page factory must return a WebPage'));
  const rendered = deps.registerAndRender(page, session_id);
  if ('refusal' in rendered) return plain(res, rendered.refusal, deps, req);
  const { html } = rendered;
  res.writeHead(200, {
    ...deps.securityHeaders,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store',
  });
  res.end(html);
}

/** What a GET would send before its body; the length is known only once the page is built (RFC 9110 9.3.2). */
function headOnly(res: Response, deps: PageRouteDeps): void {
  res.writeHead(200, { ...deps.securityHeaders, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end();
}

/**
 * A store outage is the visitor's 503 (try again shortly); a session that has ended (logged out, or
 * renamed by a sign-in elsewhere) starts over as a new visitor's; anything else is the app's error.
 */
function fail(deps: PageRouteDeps, req: Request, res: Response, next: NextFunction, err: unknown): void {
  if (!res.headersSent) {
    if (isStoreError(err, 'unavailable')) return plain(res, 'store-unavailable', deps, req);
    if (isStoreError(err, 'session-ended') && !deps.sessionsOff) return startOver(res, deps, req);
  }
  logError(deps.logger, 'factory-error', { path: req.originalUrl }, err);
  next(err);
}

/**
 * A fresh session and cookie, then the same address again (303), so the factory runs for the new
 * session. The Location keeps one leading slash: `//host/x` must not become another site's address.
 */
function startOver(res: Response, deps: PageRouteDeps, req: Request): void {
  newSession(req, res);
  const { status, message } = httpFor('session-ended');
  logWarn(deps.logger, 'session-ended', { path: req.originalUrl });
  res.writeHead(status, {
    ...deps.securityHeaders,
    Location: '/' + req.originalUrl.replace(/^[/\\]+/, ''),
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(message),
    'Cache-Control': 'no-store',
  });
  res.end(message);
}

/** The request's session: a string, null with sessions off, undefined when jpSession() did not run. */
function sessionOf(req: Request, sessionsOff: boolean): string | null | undefined {
  const sid = (req as { session_id?: unknown }).session_id;
  if (typeof sid === 'string') return sid;
  return sid === null || sessionsOff ? null : undefined;
}

function isPage(value: unknown): value is WebPage {
  const p = value as WebPage | null;
  return typeof p === 'object' && p !== null && typeof p.renderRoot === 'function' && typeof p.takeChanges === 'function';
}

function plain(res: Response, code: HttpErrorCode, deps: PageRouteDeps, req: Request): void {
  const { status, message, retryAfterSec } = httpFor(code);
  if (retryAfterSec === undefined) logError(deps.logger, code, { path: req.originalUrl }, new Error(message));
  else logWarn(deps.logger, code, { path: req.originalUrl });
  const headers: Record<string, string | number> = {
    ...deps.securityHeaders,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(message),
    'Cache-Control': 'no-store',
  };
  if (retryAfterSec !== undefined) headers['Retry-After'] = retryAfterSec;
  res.writeHead(status, headers);
  res.end(message);
}

import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { httpFor, logError, logWarn } from './errors.js';
import type { HttpErrorCode } from './errors.js';
import type { RenderLogger } from './render-options.js';
import type { WebPage } from './webpage.js';
import { isStoreError } from '../session/index.js';

/** Seconds a visitor is asked to wait when the session store is down (it reconnects by itself). */
const STORE_RETRY_AFTER_S = 2;

/** Builds the page for one request; may be async and may return another page than one it started. */
export type PageFactory = (req: Request) => WebPage | Promise<WebPage>;

export interface PageRouteDeps {
  /** Whether one more page fits for this session (checked before the factory runs). */
  hasRoom(session_id: string | null): boolean;
  /** Registers the page and renders its first response; null when a bound was reached meanwhile. */
  registerAndRender(page: WebPage, session_id: string | null): string | null;
  /** true when the pages have no sessions (`session: false` or SESSIONS off). */
  sessionsOff: boolean;
  logger: RenderLogger;
}

/**
 * `jp.page(factory)`: runs the factory with the request and answers with the complete HTML of the page
 * it returns, registered under a fresh token bound to `req.session_id`.
 */
export function createPageRoute(deps: PageRouteDeps): (factory: PageFactory) => RequestHandler {
  return (factory) => {
    if (typeof factory !== 'function') throw new TypeError('jp.page() needs a page factory function');
    return function jpPage(req: Request, res: Response, next: NextFunction): void {
      const session_id = sessionOf(req, deps.sessionsOff);
      if (session_id === undefined) return plain(res, 'session-missing', deps.logger, req);
      if (!deps.hasRoom(session_id)) return plain(res, 'too-many-pages', deps.logger, req);
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
  const html = deps.registerAndRender(page, session_id);
  if (html === null) return plain(res, 'too-many-pages', deps.logger, req);
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store',
  });
  res.end(html);
}

/** A store outage is the visitor's 503 (try again shortly); anything else is the app's error. */
function fail(deps: PageRouteDeps, req: Request, res: Response, next: NextFunction, err: unknown): void {
  if (isStoreError(err, 'unavailable') && !res.headersSent) {
    res.setHeader('Retry-After', STORE_RETRY_AFTER_S);
    return plain(res, 'store-unavailable', deps.logger, req);
  }
  logError(deps.logger, 'factory-error', { path: req.originalUrl }, err);
  next(err);
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

function plain(res: Response, code: HttpErrorCode, logger: RenderLogger, req: Request): void {
  const { status, message } = httpFor(code);
  if (status >= 500 && code !== 'too-many-pages' && code !== 'store-unavailable') logError(logger, code, { path: req.originalUrl }, new Error(message));
  else logWarn(logger, code, { path: req.originalUrl });
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(message),
    'Cache-Control': 'no-store',
  });
  res.end(message);
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import type { NextFunction, Request, Response } from 'express';
import { configureSession, type SessionRuntime } from './configure.js';
import { putSetCookie, readCookieValue } from './cookie-header.js';
import type { BadCookieReason, JpSessionOptions, ResolvedSessionOptions } from './options.js';
import { attachRuntime, installSessionDataGetter, secureFor, setSessionId } from './request-state.js';
import { createSessionData, type JpSessionData, type SessionData } from './session-data.js';
import type { SessionStore } from './store/session-store.js';
import type { CookieCheck } from './verify.js';

/** Typed on node's http types so it fits `app.use` of Express 4 and Express 5 alike. */
export type SessionHandler = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

export type JpSessionMiddleware = SessionHandler & {
  /** Checks a raw Cookie header with this middleware's settings (for WebSocket upgrades). */
  readonly readCookie: (cookieHeader: string | undefined) => CookieCheck;
  readonly options: ResolvedSessionOptions;
  /** Where this middleware keeps session data (null when SESSIONS is off). */
  readonly store: SessionStore | null;
  /** The data of one session (what `req.session_data` is for that id). Throws when SESSIONS is off. */
  data<T extends object = JpSessionData>(session_id: string): SessionData<T>;
  /** Closes the store (connections, files, timers). */
  close(): Promise<void>;
};

const BAD_COOKIE_BODY = 'Bad Cookie';

/**
 * JustPy's signed session cookie for any Express 4 or 5 app: sets `req.session_id` (null with
 * SESSIONS off), issuing a new id (and cookie) to new visitors. A tampered cookie gets `400 Bad Cookie` and is cleared.
 * Settings come from .env, justpy.env and the environment; explicit options win.
 * Throws at once on a bad setting, or on the default SECRET_KEY under NODE_ENV=production.
 * @param options see JpSessionOptions (each field documents its variable and default)
 * @example app.use(jpSession()); app.get('/', (req, res) => res.send(req.session_id));
 */
export function jpSession(options?: JpSessionOptions): JpSessionMiddleware {
  const runtime = configureSession(options);
  installSessionDataGetter();
  const handler: SessionHandler = runtime.options.sessions
    ? sessionHandler(runtime)
    : (req, _res, next) => {
        attachRuntime(req, runtime); // so regenerateSession can say that SESSIONS is off
        setSessionId(req, null);
        next();
      };
  const describe = (_depth: number, opts: object, show: typeof inspect): string =>
    `jpSession ${show(runtime.options, opts)}`;
  return Object.assign(handler, {
    readCookie: runtime.readCookie,
    options: runtime.options,
    store: runtime.store,
    data: <T extends object = JpSessionData>(session_id: string) => dataOf<T>(runtime, session_id),
    close: async () => runtime.store?.close(),
    [inspect.custom]: describe,
  });
}

function sessionHandler(runtime: SessionRuntime): SessionHandler {
  const { options, codec, writer } = runtime;
  const { name } = writer;
  const issue = (req: Request, res: Response): void => {
    const id = options.generateId();
    setSessionId(req, id);
    putSetCookie(res, name, writer.issue(codec.sign(id), secureFor(req, options)));
  };
  const onBad = badCookieResponder(runtime, issue);
  return (request, response, next) => {
    const req = request as Request;
    const res = response as Response;
    attachRuntime(req, runtime);
    // Always the raw header, never cookie-parser's req.cookies (which unwraps `j:` JSON and `s:` values):
    // the same parser and the same bytes as readCookie, so a page and its socket agree on every cookie.
    const value = readCookieValue(req.headers.cookie, name);
    if (value === undefined) {
      issue(req, res);
      next();
      return;
    }
    const result = codec.verify(value);
    if (!result.ok) {
      onBad(req, res, next as NextFunction, result.reason);
      return;
    }
    setSessionId(req, result.id);
    if (result.stale || options.rolling) {
      putSetCookie(res, name, writer.issue(result.stale ? codec.sign(result.id) : value, secureFor(req, options)));
    }
    next();
  };
}

type Responder = (req: Request, res: Response, next: NextFunction, reason: BadCookieReason) => void;

function badCookieResponder(runtime: SessionRuntime, issue: (req: Request, res: Response) => void): Responder {
  const { onBadCookie } = runtime.options;
  if (typeof onBadCookie === 'function') return onBadCookie;
  if (onBadCookie === 'renew') {
    return (req, res, next) => {
      issue(req, res);
      next();
    };
  }
  return (req, res) => {
    // Clearing the cookie lets a reload start a fresh session (JustPy leaves users stuck).
    putSetCookie(res, runtime.writer.name, runtime.writer.clear(secureFor(req, runtime.options)));
    res.statusCode = 400;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.setHeader('Content-Length', BAD_COOKIE_BODY.length);
    res.end(BAD_COOKIE_BODY);
  };
}

export function dataOf<T extends object>(runtime: SessionRuntime, session_id: string): SessionData<T> {
  if (runtime.store === null) throw new Error('session_data: SESSIONS is off, there is no session data');
  return createSessionData<T>(runtime.store, session_id, runtime.options.rolling);
}

// msg.regenerateSession() over a socket. A cookie cannot be set over a WebSocket, so the server hands
// the page a one-time token and the browser POSTs it to `${basePath}/session`: that response carries
// the new cookie, the data moves to the new id (regenerateSession) and the session's pages follow.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { regenerateSession, isStoreError, type JpSessionMiddleware } from '../session/index.js';
import { httpFor, logWarn } from './errors.js';
import type { HttpErrorCode } from './errors.js';
import type { PageConnection } from './page-registry.js';
import { RandomPool } from './random-pool.js';
import type { RenderLogger, RenderTimers } from './render-options.js';
import type { RenewMessage } from './wire.js';

/** How long a renewal waits for the browser's POST before the handler's promise rejects. */
export const RENEW_TIMEOUT_MS = 10_000;
const TOKEN_BYTES = 16;
/** Renewals waiting at once (each is one handler awaiting its browser); more are refused at once. */
const MAX_PENDING = 10_000;

export interface RenewedSession {
  old_id: string;
  new_id: string;
}

interface Pending {
  old_id: string;
  timer: unknown;
  resolve(ids: RenewedSession): void;
  reject(err: Error): void;
}

type Request = IncomingMessage & { session_id?: string | null; originalUrl?: string };

export interface SessionRenewalDeps {
  session: JpSessionMiddleware;
  /** `${basePath}/session` */
  path: string;
  timers: RenderTimers;
  logger: RenderLogger;
  isAllowedOrigin(origin: string, host: string): boolean;
  /** Moves this process's pages (and their sockets) of `old_id` to `new_id`. */
  moveSession(old_id: string, new_id: string): void;
}

export class SessionRenewals {
  private readonly pending = new Map<string, Pending>();
  private readonly random = new RandomPool();

  constructor(private readonly deps: SessionRenewalDeps) {}

  /** Asks the browser behind `conn` to fetch a new session cookie; resolves when it has. */
  start(conn: PageConnection): Promise<RenewedSession> {
    const old_id = conn.session_id;
    if (old_id === null) return Promise.reject(new Error('regenerateSession: these pages have no sessions'));
    if (this.pending.size >= MAX_PENDING) return Promise.reject(new Error('regenerateSession: too many renewals waiting'));
    const token = this.random.token(TOKEN_BYTES);
    return new Promise<RenewedSession>((resolve, reject) => {
      const timer = this.deps.timers.setTimeout(() => {
        this.pending.delete(token);
        reject(new Error(`regenerateSession: the browser did not fetch its new session cookie within ${RENEW_TIMEOUT_MS / 1000} s`));
      }, RENEW_TIMEOUT_MS);
      this.pending.set(token, { old_id, timer, resolve, reject });
      const msg: RenewMessage = { type: 'renew', url: `${this.deps.path}?t=${token}` };
      conn.send(JSON.stringify(msg));
    });
  }

  /** True for requests to the renewal endpoint (any method; the handler answers 405 itself). */
  matches(path: string): boolean {
    return path === this.deps.path;
  }

  /** The browser's POST with its token: runs jpSession, then regenerates if the token is this session's. */
  handle(req: Request, res: ServerResponse, next: (err?: unknown) => void): void {
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST', 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end('Method Not Allowed');
      return;
    }
    const origin = req.headers.origin;
    const token = tokenOf(req.originalUrl ?? req.url ?? '');
    const claim = token === null ? undefined : this.pending.get(token);
    if (!claim || (origin !== undefined && !this.deps.isAllowedOrigin(origin, req.headers.host ?? ''))) {
      return this.answer(res, 'renew-refused', { origin });
    }
    this.pending.delete(token as string);
    this.deps.timers.clearTimeout(claim.timer);
    this.deps.session(req, res, (err?: unknown) => {
      if (err !== undefined) {
        claim.reject(new Error('regenerateSession: the session middleware failed'));
        return next(err);
      }
      if (res.headersSent) return claim.reject(new Error('regenerateSession: the browser sent a bad cookie'));
      if (req.session_id !== claim.old_id) {
        claim.reject(new Error('regenerateSession: the renewal was fetched by another session'));
        return this.answer(res, 'renew-refused', { why: 'another session' });
      }
      regenerateSession(req, res).then(
        ({ new_id }) => {
          this.deps.moveSession(claim.old_id, new_id);
          res.writeHead(204, { 'Cache-Control': 'no-store' });
          res.end();
          claim.resolve({ old_id: claim.old_id, new_id });
        },
        (failure: unknown) => {
          claim.reject(failure instanceof Error ? failure : new Error(String(failure)));
          if (isStoreError(failure, 'unavailable')) return this.answer(res, 'store-unavailable', {});
          next(failure);
        },
      );
    });
  }

  /** Rejects every waiting renewal (the renderer is closing). */
  close(): void {
    for (const claim of this.pending.values()) {
      this.deps.timers.clearTimeout(claim.timer);
      claim.reject(new Error('regenerateSession: the server is closing'));
    }
    this.pending.clear();
  }

  private answer(res: ServerResponse, code: HttpErrorCode, details: Record<string, unknown>): void {
    logWarn(this.deps.logger, code, details);
    const { status, message } = httpFor(code);
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(message);
  }
}

/** The `t` query parameter, read without URL parsing (which can throw on hostile input). */
function tokenOf(url: string): string | null {
  const q = url.indexOf('?');
  if (q < 0) return null;
  for (const part of url.slice(q + 1).split('&')) if (part.startsWith('t=')) return part.slice(2);
  return null;
}

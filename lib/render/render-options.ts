import { randomBytes } from 'node:crypto';
import { validateHeaderName, validateHeaderValue } from 'node:http';
import type { CookieCheck, JpSessionMiddleware } from '../session/index.js';
import { DEFAULT_LIMITS, type RenderLimits } from './render-limits.js';

/** The timer functions the renderer uses; injectable so tests can drive page expiry. */
export interface RenderTimers {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface RenderLogger {
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

export interface RendererOptions {
  /**
   * The `jpSession()` middleware in front of these pages, or `false` for pages without sessions.
   * Required: the renderer verifies socket handshakes with this middleware's own reader, so there is
   * one configuration and one verifier.
   */
  session: JpSessionMiddleware | false;
  /** Path prefix of the renderer's own routes: `${basePath}/static/...`, `${basePath}/ws`, `${basePath}/health`. Default '/_jp'. */
  basePath?: string;
  /**
   * This instance's id, when several instances serve one app behind a load balancer: it travels in
   * each page's boot data and socket URL, and a socket that reaches another instance is refused with
   * 4421 wrong-instance (the browser reloads through the balancer). 1 to 64 letters, digits, `.`,
   * `_` or `-`. Default: 12 random hex digits, new for each renderer.
   */
  instanceId?: string;
  /** Origins allowed to open the socket: a list of `scheme://host[:port]`, or a predicate. Default: the request's Host. */
  allowedOrigins?: string[] | ((origin: string, host: string) => boolean);
  /** Overrides of {@link RenderLimits}. */
  limits?: Partial<RenderLimits>;
  /** Where warnings and errors go, each with its code first. Default `console`. */
  logger?: RenderLogger;
  /** Path of the built client bundle. Default: dist/client/jp-client.js next to this package. */
  clientBundle?: string;
  /** Timer functions (tests). Default the global ones. */
  timers?: RenderTimers;
  /**
   * Headers every page response carries. Default {@link DEFAULT_SECURITY_HEADERS}: other sites may not
   * frame the page, browsers may not sniff another type. An object replaces them all (`{}` for none).
   */
  securityHeaders?: Readonly<Record<string, string>>;
}

export interface ResolvedRendererOptions {
  basePath: string;
  wsPath: string;
  instanceId: string;
  /**
   * This start of the renderer (12 random hex digits, new each time): an instance restarted under
   * the same instanceId refuses the sockets of its previous life's pages as another instance would.
   */
  instanceRun: string;
  /** null when pages have no sessions (`session: false`, or SESSIONS off). */
  session: JpSessionMiddleware | null;
  /** The handshake's Cookie header to session id, with the session middleware's rules. */
  readSession: (cookieHeader: string | undefined) => CookieCheck;
  isAllowedOrigin: (origin: string, host: string) => boolean;
  limits: RenderLimits;
  logger: RenderLogger;
  clientBundle: string | null;
  timers: RenderTimers;
  securityHeaders: Readonly<Record<string, string>>;
}

export const DEFAULT_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': "frame-ancestors 'self'",
  'X-Content-Type-Options': 'nosniff',
});

export const DEFAULTS = Object.freeze({
  basePath: '/_jp',
  limits: DEFAULT_LIMITS,
});

const globalTimers: RenderTimers = {
  // Whole milliseconds stay small integers (no boxed double per page deadline) for ~12 days of uptime.
  now: () => Math.ceil(performance.now()),
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  setInterval: (fn, ms) => setInterval(fn, ms).unref(),
  clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
};

/** Checks and completes the options once, at createRenderer; mistakes throw here, not on a request. */
export function resolveRendererOptions(options: RendererOptions): ResolvedRendererOptions {
  const session = sessionOf(options?.session);
  const basePath = options.basePath ?? DEFAULTS.basePath;
  if (basePath !== '' && !/^\/[A-Za-z0-9._~\-/]*[^/]$/.test(basePath)) {
    throw new TypeError(`createRenderer: basePath must start with '/' and not end with '/': ${JSON.stringify(basePath)}`);
  }
  const limits: RenderLimits = { ...DEFAULT_LIMITS, ...options.limits };
  for (const [key, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 1) throw new TypeError(`createRenderer: limits.${key} must be a positive integer, got ${value}`);
  }
  return {
    basePath,
    wsPath: `${basePath}/ws`,
    instanceId: instanceIdOf(options.instanceId),
    instanceRun: randomBytes(6).toString('hex'),
    session,
    readSession: session === null ? NO_SESSION_READER : session.readCookie,
    isAllowedOrigin: originPredicate(options.allowedOrigins),
    limits,
    logger: options.logger ?? console,
    clientBundle: options.clientBundle ?? null,
    timers: options.timers ?? globalTimers,
    securityHeaders: checkedHeaders(options.securityHeaders ?? DEFAULT_SECURITY_HEADERS),
  };
}

const INSTANCE_ID = /^[A-Za-z0-9._-]{1,64}$/;

function instanceIdOf(given: unknown): string {
  if (given === undefined) return randomBytes(6).toString('hex');
  if (typeof given !== 'string' || !INSTANCE_ID.test(given)) {
    throw new TypeError(`createRenderer: instanceId must be 1 to 64 letters, digits, '.', '_' or '-', got ${JSON.stringify(given)}`);
  }
  return given;
}

const NO_SESSION: CookieCheck = Object.freeze({ ok: true, session_id: null });
const NO_SESSION_READER = (_cookieHeader: string | undefined): CookieCheck => NO_SESSION;

function sessionOf(session: unknown): JpSessionMiddleware | null {
  if (session === false) return null;
  const s = session as JpSessionMiddleware | undefined;
  if (typeof s !== 'function' || typeof s.readCookie !== 'function' || typeof s.options !== 'object') {
    throw new TypeError(
      'createRenderer: pass the jpSession() middleware that serves these pages, createRenderer({ session }), ' +
        'or { session: false } for pages without sessions',
    );
  }
  return s.options.sessions ? s : null;
}

function checkedHeaders(headers: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  if (typeof headers !== 'object' || headers === null) throw new TypeError('securityHeaders must be an object of header names to values');
  for (const [name, value] of Object.entries(headers)) {
    try {
      validateHeaderName(name);
      if (typeof value !== 'string') throw new TypeError('not a string');
      validateHeaderValue(name, value);
    } catch (err) {
      throw new TypeError(`securityHeaders: invalid header ${JSON.stringify(name)}: ${(err as Error).message}`);
    }
  }
  return Object.freeze({ ...headers });
}

function originPredicate(allowed: RendererOptions['allowedOrigins']): (origin: string, host: string) => boolean {
  if (typeof allowed === 'function') return allowed;
  if (Array.isArray(allowed)) {
    const set = new Set(allowed.map(normaliseOrigin));
    return (origin) => set.has(normaliseOrigin(origin));
  }
  if (allowed !== undefined) throw new TypeError('createRenderer: allowedOrigins must be an array of origins or a function');
  return sameHost;
}

function sameHost(origin: string, host: string): boolean {
  try {
    const o = new URL(origin);
    return o.host === new URL(`${o.protocol}//${host}`).host;
  } catch {
    return false;
  }
}

function normaliseOrigin(origin: string): string {
  try {
    return new URL(origin).origin;
  } catch {
    return origin;
  }
}

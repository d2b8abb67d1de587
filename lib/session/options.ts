import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { SignerDigest } from './signer.js';
import type { SessionEnvSource } from './env.js';
import { redactSecrets } from './redact.js';
import type { SessionStore } from './store/session-store.js';

/** Why a session cookie was refused. A closed set: each maps to one outcome at the boundary. */
export type BadCookieReason = 'bad-signature' | 'malformed';

/** Custom bad-cookie response. Nothing has been sent yet: reply, or call next() (see docs). */
export type BadCookieHandler = (req: Request, res: Response, next: NextFunction, reason: BadCookieReason) => void;

export type SameSite = 'lax' | 'strict' | 'none';

export interface JpSessionOptions {
  /** Issue and check the session cookie at all. [SESSIONS, default true] */
  sessions?: boolean;
  /** Cookie name (without the `__Host-` prefix). [SESSION_COOKIE_NAME, default 'jp_token'] */
  cookieName?: string;
  /** Key that signs new cookies. [SECRET_KEY, default JustPy's public '$$$my_secret_string$$$'] */
  secretKey?: string;
  /** Older keys still accepted; such cookies are re-signed with secretKey. [SECRET_KEY_FALLBACKS, default []] */
  secretKeyFallbacks?: string[];
  /** Cookie lifetime in seconds. [COOKIE_MAX_AGE, default 604800 (7 days)] */
  maxAge?: number;
  /** HMAC digest, as itsdangerous `digest_method`. [SESSION_DIGEST, default 'sha1' (JustPy)] */
  digest?: SignerDigest;
  /** Secure attribute; 'auto' = when the request is HTTPS (honours `trust proxy`). [COOKIE_SECURE, default 'auto'] */
  secure?: boolean | 'auto';
  /** SameSite attribute. [COOKIE_SAMESITE, default 'lax'] */
  sameSite?: SameSite;
  /** Domain attribute. [COOKIE_DOMAIN, default none (host-only)] */
  domain?: string;
  /** Path attribute. [COOKIE_PATH, default '/'] */
  path?: string;
  /** Name the cookie `__Host-<cookieName>` (forces Secure, Path=/, no Domain). [COOKIE_HOST_PREFIX, default false] */
  hostPrefix?: boolean;
  /** Re-send the cookie on every request so Max-Age restarts. [SESSION_ROLLING, default false] */
  rolling?: boolean;
  /** Tampered or undecodable cookie: 400 'Bad Cookie', a fresh session, or your handler. [SESSION_ON_BAD_COOKIE, default 'reject'] */
  onBadCookie?: 'reject' | 'renew' | BadCookieHandler;
  /** New session ids. [default: crypto.randomUUID() without dashes, 32 lowercase hex like uuid4().hex] */
  generateId?: () => string;
  /**
   * Where session data lives: a store, or a SESSION_STORE spec: 'memory', 'sqlite:PATH',
   * 'redis://HOST:PORT/DB'. A store you pass must have ttlSeconds equal to maxAge. [SESSION_STORE, default 'memory']
   */
  store?: SessionStore | string;
  /** Refuse the default key. [default: NODE_ENV === 'production'] */
  production?: boolean;
  /** Where the default-key warning goes. [default: console.warn, once per process] */
  warn?: (message: string) => void;
  /** Read .env, justpy.env and process.env first (explicit options win). [default true] */
  loadEnv?: boolean | SessionEnvSource;
}

export interface ResolvedSessionOptions {
  readonly sessions: boolean;
  readonly cookieName: string;
  readonly secretKey: string;
  readonly secretKeyFallbacks: readonly string[];
  readonly maxAge: number;
  readonly digest: SignerDigest;
  readonly secure: boolean | 'auto';
  readonly sameSite: SameSite;
  readonly domain: string | undefined;
  readonly path: string;
  readonly hostPrefix: boolean;
  readonly rolling: boolean;
  readonly onBadCookie: 'reject' | 'renew' | BadCookieHandler;
  readonly generateId: () => string;
  readonly store: SessionStore | string;
  readonly production: boolean;
  readonly warn: ((message: string) => void) | undefined;
}

export const DEFAULT_SECRET_KEY = '$$$my_secret_string$$$';

export const DEFAULTS = Object.freeze({
  sessions: true,
  cookieName: 'jp_token',
  secretKey: DEFAULT_SECRET_KEY,
  secretKeyFallbacks: Object.freeze([] as string[]),
  maxAge: 604800,
  digest: 'sha1',
  secure: 'auto',
  sameSite: 'lax',
  domain: undefined,
  path: '/',
  hostPrefix: false,
  rolling: false,
  onBadCookie: 'reject',
  generateId: () => randomUUID().replaceAll('-', ''),
  store: 'memory',
  warn: undefined,
} as const satisfies Omit<ResolvedSessionOptions, 'production'>);

const HOST_PREFIX = '__Host-';
const KNOWN_OPTIONS: ReadonlySet<string> = new Set([...Object.keys(DEFAULTS), 'production', 'loadEnv']);

/** Merges options over defaults (undefined means "not given") and throws on values that cannot work. */
export function resolveSessionOptions(options: JpSessionOptions = {}): ResolvedSessionOptions {
  // A misspelt option (express-session's `secret`, say) would otherwise fall back to the default key.
  const unknown = Object.keys(options).filter((key) => !KNOWN_OPTIONS.has(key));
  if (unknown.length > 0) throw new TypeError(`jpSession: unknown option ${unknown.map((k) => JSON.stringify(k)).join(', ')}`);
  const given = Object.fromEntries(
    Object.entries(options).filter(([key, value]) => value !== undefined && key !== 'loadEnv'),
  ) as JpSessionOptions;
  const hostPrefix = given.hostPrefix ?? DEFAULTS.hostPrefix;
  const resolved: ResolvedSessionOptions = {
    ...DEFAULTS,
    production: process.env.NODE_ENV === 'production',
    ...given,
    secure: given.secure ?? (hostPrefix ? true : DEFAULTS.secure),
    domain: given.domain === '' ? undefined : given.domain,
    secretKeyFallbacks: Object.freeze([...(given.secretKeyFallbacks ?? [])]),
  };
  check(resolved);
  return Object.freeze(redactSecrets(resolved));
}

/** The name the cookie really has on the wire. */
export function wireCookieName(options: ResolvedSessionOptions): string {
  return options.hostPrefix ? HOST_PREFIX + options.cookieName : options.cookieName;
}

function check(o: ResolvedSessionOptions): void {
  if (typeof o.secretKey !== 'string') throw new TypeError('jpSession: secretKey must be a string');
  if (o.secretKeyFallbacks.some((k) => typeof k !== 'string')) {
    throw new TypeError('jpSession: secretKeyFallbacks must be an array of strings');
  }
  if (!Number.isSafeInteger(o.maxAge) || o.maxAge <= 0) {
    throw new TypeError(`jpSession: maxAge must be a positive whole number of seconds, got ${String(o.maxAge)}`);
  }
  if (o.digest !== 'sha1' && o.digest !== 'sha256') {
    throw new TypeError(`jpSession: digest must be 'sha1' or 'sha256', got ${String(o.digest)}`);
  }
  if (o.secure !== true && o.secure !== false && o.secure !== 'auto') {
    throw new TypeError(`jpSession: secure must be true, false or 'auto', got ${String(o.secure)}`);
  }
  if (!['lax', 'strict', 'none'].includes(o.sameSite)) {
    throw new TypeError(`jpSession: sameSite must be 'lax', 'strict' or 'none', got ${String(o.sameSite)}`);
  }
  if (o.sameSite === 'none' && o.secure === false) {
    throw new TypeError('jpSession: sameSite none needs secure (browsers drop SameSite=None cookies without Secure)');
  }
  if (o.onBadCookie !== 'reject' && o.onBadCookie !== 'renew' && typeof o.onBadCookie !== 'function') {
    throw new TypeError(`jpSession: onBadCookie must be 'reject', 'renew' or a function, got ${String(o.onBadCookie)}`);
  }
  if (typeof o.generateId !== 'function') throw new TypeError('jpSession: generateId must be a function');
  if (typeof o.store !== 'string' && !isStore(o.store)) {
    throw new TypeError("jpSession: store must be a SessionStore or a spec such as 'memory', 'sqlite:PATH' or 'redis://HOST:PORT/DB'");
  }
  if (o.hostPrefix && (o.secure !== true || o.path !== '/' || o.domain !== undefined)) {
    throw new TypeError('jpSession: the __Host- prefix needs secure: true, path "/" and no domain');
  }
}

function isStore(value: unknown): value is SessionStore {
  const s = value as SessionStore | null;
  return typeof s === 'object' && s !== null && typeof s.incr === 'function' && typeof s.rename === 'function';
}

// From user options to everything a request needs: resolved options, derived keys, cookie
// writer, and the start-up check of the secret key.
import { loadSessionEnv } from './env.js';
import { createCookieWriter, type CookieWriter } from './cookie-header.js';
import { DEFAULT_SECRET_KEY, resolveSessionOptions, type JpSessionOptions, type ResolvedSessionOptions } from './options.js';
import { createSessionCodec, readerFor, type CookieCheck, type SessionCodec } from './verify.js';
import { createStore } from './store/create-store.js';
import type { SessionStore } from './store/session-store.js';

export interface SessionRuntime {
  readonly options: ResolvedSessionOptions;
  readonly codec: SessionCodec;
  readonly writer: CookieWriter;
  readonly readCookie: (cookieHeader: string | undefined) => CookieCheck;
  /** Where session data lives; null when SESSIONS is off. */
  readonly store: SessionStore | null;
}

/** Options from the environment (unless loadEnv is false) with the explicit ones on top. */
export function resolveWithEnv(options: JpSessionOptions = {}): ResolvedSessionOptions {
  const { loadEnv = true } = options;
  const fromEnv = loadEnv === false ? {} : loadSessionEnv(loadEnv === true ? {} : loadEnv);
  const explicit = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  return resolveSessionOptions({ ...fromEnv, ...explicit });
}

export function configureSession(userOptions?: JpSessionOptions): SessionRuntime {
  const options = resolveWithEnv(userOptions);
  if (options.sessions) checkSecretKey(options);
  const codec = createSessionCodec(options);
  const writer = createCookieWriter(options);
  const store = options.sessions ? storeFor(options) : null;
  return { options, codec, writer, readCookie: readerFor(options, codec, writer.name), store };
}

/** The store the options name; data lives as long as the cookie (COOKIE_MAX_AGE). */
function storeFor(options: ResolvedSessionOptions): SessionStore {
  if (typeof options.store === 'string') return createStore(options.store, { ttlSeconds: options.maxAge });
  if (options.store.ttlSeconds !== options.maxAge) {
    throw new TypeError(
      `jpSession: the store keeps data ${options.store.ttlSeconds} s but the cookie lives ${options.maxAge} s (COOKIE_MAX_AGE); ` +
        'create the store with ttlSeconds equal to maxAge',
    );
  }
  return options.store;
}

const WARNED = Symbol.for('justpy-ts.session.default-key-warned');

/** Default (public) or empty key: refuse in production, otherwise warn loudly (once per process on console). */
function checkSecretKey(options: ResolvedSessionOptions): void {
  const weak = options.secretKey === DEFAULT_SECRET_KEY ? 'is the public default' : options.secretKey === '' ? 'is empty' : null;
  if (weak === null) return;
  if (options.production) {
    throw new Error(
      `jpSession: SECRET_KEY ${weak}, so anyone can forge session cookies. Refusing to start with NODE_ENV=production. ` +
        'Set SECRET_KEY (in the environment, .env or justpy.env) to a long random string, e.g. the output of ' +
        '`node -e "console.log(require(\'crypto\').randomBytes(32).toString(\'base64url\'))"`.',
    );
  }
  const message =
    `\n*** justpy-ts WARNING: SECRET_KEY ${weak}. Anyone can forge session cookies. ***\n` +
    '*** Set SECRET_KEY to a long random string before deploying; with NODE_ENV=production this refuses to start. ***\n';
  if (options.warn !== undefined) {
    options.warn(message);
    return;
  }
  const flags = process as unknown as Record<symbol, boolean>;
  if (flags[WARNED]) return;
  flags[WARNED] = true;
  console.warn(message);
}

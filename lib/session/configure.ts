// From user options to everything a request needs: resolved options, derived keys, cookie
// writer, and the start-up check of the secret key.
import { loadSessionEnv } from './env.js';
import { createCookieWriter, type CookieWriter } from './cookie-header.js';
import { DEFAULT_SECRET_KEY, resolveSessionOptions, type JpSessionOptions, type ResolvedSessionOptions } from './options.js';
import { createSessionCodec, readerFor, type CookieCheck, type SessionCodec } from './verify.js';

export interface SessionRuntime {
  readonly options: ResolvedSessionOptions;
  readonly codec: SessionCodec;
  readonly writer: CookieWriter;
  readonly readCookie: (cookieHeader: string | undefined) => CookieCheck;
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
  return { options, codec, writer, readCookie: readerFor(options, codec, writer.name) };
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

import { configureSession } from './configure.js';
import type { JpSessionOptions } from './options.js';
import type { CookieCheck } from './verify.js';

/**
 * A function that turns a raw Cookie header into the session id, with the same rules (and the
 * same key fallbacks) as jpSession() given the same options. For WebSocket upgrades and tests.
 * @param options same as jpSession(); .env / justpy.env / process.env are read unless loadEnv is false
 * @example const check = createCookieReader()(req.headers.cookie); if (!check.ok) refuse(check.reason);
 */
export function createCookieReader(options?: JpSessionOptions): (cookieHeader: string | undefined) => CookieCheck {
  return configureSession(options).readCookie;
}

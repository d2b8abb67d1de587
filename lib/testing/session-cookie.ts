// Forging the app's own session cookie for a chosen session id (signed with the app's settings).
import type { JpSessionMiddleware } from '../session/jp-session.js';
import { resolveSessionOptions, wireCookieName, type ResolvedSessionOptions } from '../session/options.js';
import { createSigner, type SignerDigest } from '../session/signer.js';
import { TestKitError } from './errors.js';

/** The session settings the kit signs cookies with, when you do not hand it the middleware itself. */
export interface SessionCookieSettings {
  secretKey: string;
  /** [default 'sha1'] */
  digest?: SignerDigest;
  /** [default 'jp_token'] */
  cookieName?: string;
  /** `__Host-` prefix [default false] */
  hostPrefix?: boolean;
  /** [default '/'] */
  path?: string;
}

/** Builds the Set-Cookie line that puts `session_id`, signed, into a jar. */
export type SessionCookieForger = (session_id: string) => string;

export function sessionCookieForger(settings: JpSessionMiddleware | SessionCookieSettings): SessionCookieForger {
  const options: ResolvedSessionOptions =
    typeof settings === 'function' ? settings.options : resolveSessionOptions({ ...settings, loadEnv: false });
  if (!options.sessions) {
    return () => {
      throw new TestKitError('as(): this app runs with sessions off (SESSIONS=false), so there is no session cookie');
    };
  }
  const signer = createSigner(options.secretKey, options.digest);
  const name = wireCookieName(options);
  let attributes = `; Path=${options.path}`;
  if (options.domain !== undefined) attributes += `; Domain=${options.domain}`;
  if (options.secure === true) attributes += '; Secure';
  return (session_id) => `${name}=${signer.sign(session_id)}${attributes}`;
}

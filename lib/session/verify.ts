// Checking a session cookie value against the current key and the fallbacks.
import { deriveKey, macMatches, signatureOf, splitSigned } from './signer.js';
import { readCookieValue } from './cookie-header.js';
import type { BadCookieReason, ResolvedSessionOptions } from './options.js';

/** What a Cookie header says about the session. */
export type CookieCheck =
  | { ok: true; session_id: string | null } // null only when SESSIONS is off
  | { ok: false; reason: 'missing' | BadCookieReason };

export type VerifiedCookie =
  | { ok: true; id: string; /** signed with a fallback key: re-sign it */ stale: boolean }
  | { ok: false; reason: BadCookieReason };

export interface SessionCodec {
  sign(id: string): string;
  verify(value: string): VerifiedCookie;
}

const MALFORMED: VerifiedCookie = Object.freeze({ ok: false, reason: 'malformed' });
const BAD_SIGNATURE: VerifiedCookie = Object.freeze({ ok: false, reason: 'bad-signature' });

/** Derives one HMAC key per secret, once. The first key signs; all of them verify. */
export function createSessionCodec(options: ResolvedSessionOptions): SessionCodec {
  const { digest } = options;
  const keys = [options.secretKey, ...options.secretKeyFallbacks].map((secret) => deriveKey(secret, digest));
  const current = keys[0] as Buffer;
  return {
    sign: (id) => id + '.' + signatureOf(current, digest, id),
    verify(value) {
      const parts = splitSigned(value, digest);
      // An empty id verifies under itsdangerous but is never issued here.
      if (parts === null || parts.value.length === 0) return MALFORMED;
      for (let i = 0; i < keys.length; i++) {
        if (macMatches(keys[i] as Buffer, digest, parts.value, parts.mac)) return { ok: true, id: parts.value, stale: i > 0 };
      }
      return BAD_SIGNATURE;
    },
  };
}

/** Maps a raw cookie value (undefined = absent) to a CookieCheck. */
export function checkCookieValue(codec: SessionCodec, value: string | undefined): CookieCheck {
  if (value === undefined) return { ok: false, reason: 'missing' };
  const result = codec.verify(value);
  return result.ok ? { ok: true, session_id: result.id } : result;
}

/** The Cookie-header reader for one configuration (same answers as the middleware). */
export function readerFor(
  options: ResolvedSessionOptions,
  codec: SessionCodec,
  name: string,
): (cookieHeader: string | undefined) => CookieCheck {
  const off: CookieCheck = Object.freeze({ ok: true, session_id: null });
  if (!options.sessions) return (_cookieHeader: string | undefined): CookieCheck => off;
  return (cookieHeader: string | undefined): CookieCheck => checkCookieValue(codec, readCookieValue(cookieHeader, name));
}

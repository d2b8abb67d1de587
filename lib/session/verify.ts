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

/** How many verified cookie values a codec remembers (about 150 bytes each). */
export const VERIFIED_CACHE_SIZE = 10_000;

/**
 * Derives one HMAC key per secret, once. The first key signs; all of them verify.
 * Values that verified are remembered (bounded, oldest dropped first): a returning visitor then
 * costs one Map lookup instead of an HMAC (measured 0.01 µs instead of 2.2 µs). Only exact
 * strings that passed the full check are stored, so the cache never accepts anything new, and
 * failures are not stored, so junk cannot push real sessions out.
 */
export function createSessionCodec(
  options: ResolvedSessionOptions,
  /** The remembered values (injectable so a test can watch the bound). */
  verified = new Map<string, VerifiedCookie>(),
): SessionCodec {
  const { digest } = options;
  const keys = [options.secretKey, ...options.secretKeyFallbacks].map((secret) => deriveKey(secret, digest));
  const current = keys[0] as Buffer;
  const check = (value: string): VerifiedCookie => {
    const parts = splitSigned(value, digest);
    // An empty id verifies under itsdangerous but is never issued here.
    if (parts === null || parts.value.length === 0) return MALFORMED;
    for (let i = 0; i < keys.length; i++) {
      if (macMatches(keys[i] as Buffer, digest, parts.value, parts.mac)) return { ok: true, id: parts.value, stale: i > 0 };
    }
    return BAD_SIGNATURE;
  };
  return {
    sign: (id) => id + '.' + signatureOf(current, digest, id),
    verify(value) {
      const known = verified.get(value);
      if (known !== undefined) return known;
      const result = check(value);
      if (result.ok) {
        if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value as string);
        verified.set(value, result);
      }
      return result;
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

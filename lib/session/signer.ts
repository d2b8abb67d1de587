// The itsdangerous `Signer` format (what JustPy puts in its cookie), with a strict decoder:
// only the exact string itsdangerous' sign() produces is accepted.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type SignerDigest = 'sha1' | 'sha256';

const SALT = 'itsdangerous.Signer';
const SEPARATOR = '.';

/** Unpadded base64url length of the MAC: 20 bytes → 27 chars, 32 bytes → 43 chars. */
export const SIGNATURE_CHARS: Readonly<Record<SignerDigest, number>> = { sha1: 27, sha256: 43 };

/** base64url alphabet: char code → 6-bit value + 1 (0 = not in the alphabet). */
const B64URL = ((): Uint8Array => {
  const table = new Uint8Array(128);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i + 1;
  return table;
})();

/** itsdangerous' "django-concat" key derivation: HASH(salt + "signer" + secret). */
export function deriveKey(secretKey: string, digest: SignerDigest = 'sha1'): Buffer {
  return createHash(digest).update(SALT).update('signer').update(secretKey, 'utf8').digest();
}

/** The base64url signature (no padding) of `value` under a derived key. */
export function signatureOf(derivedKey: Buffer, digest: SignerDigest, value: string): string {
  return createHmac(digest, derivedKey).update(value, 'utf8').digest('base64url');
}

export interface SplitSigned {
  value: string;
  mac: Buffer;
}

/**
 * Splits `value.sig` at the last dot and decodes the signature, or returns null when the
 * signature is not in canonical form: exactly 27 (sha1) / 43 (sha256) base64url chars whose
 * 2 spare low bits are zero. That rules out padding, the `+`/`/` alphabet, spare-bit variants
 * and trailing junk, which itsdangerous tolerates but never emits.
 */
export function splitSigned(signed: string, digest: SignerDigest): SplitSigned | null {
  const dot = signed.lastIndexOf(SEPARATOR);
  if (dot < 0) return null;
  const chars = SIGNATURE_CHARS[digest];
  if (signed.length - dot - 1 !== chars) return null;
  let last = 0;
  for (let i = dot + 1; i < signed.length; i++) {
    const code = signed.charCodeAt(i);
    last = code < 128 ? (B64URL[code] as number) : 0;
    if (last === 0) return null;
  }
  if (((last - 1) & 3) !== 0) return null;
  return { value: signed.slice(0, dot), mac: Buffer.from(signed.slice(dot + 1), 'base64url') };
}

/** Constant-time check of a decoded MAC against HMAC(derivedKey, value). */
export function macMatches(derivedKey: Buffer, digest: SignerDigest, value: string, mac: Buffer): boolean {
  const expected = createHmac(digest, derivedKey).update(value, 'utf8').digest();
  return expected.length === mac.length && timingSafeEqual(expected, mac);
}

export type UnsignResult =
  | { ok: true; value: string }
  | { ok: false; reason: 'malformed' | 'bad-signature' };

export interface Signer {
  readonly digest: SignerDigest;
  sign(value: string): string;
  unsign(signed: string): UnsignResult;
}

/** An itsdangerous-compatible `Signer(secretKey)`; the key is derived once, here. */
export function createSigner(secretKey: string, digest: SignerDigest = 'sha1'): Signer {
  const key = deriveKey(secretKey, digest);
  return {
    digest,
    sign: (value) => value + SEPARATOR + signatureOf(key, digest, value),
    unsign(signed) {
      const parts = splitSigned(signed, digest);
      if (parts === null) return { ok: false, reason: 'malformed' };
      if (!macMatches(key, digest, parts.value, parts.mac)) return { ok: false, reason: 'bad-signature' };
      return { ok: true, value: parts.value };
    },
  };
}

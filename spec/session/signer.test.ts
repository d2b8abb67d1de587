import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSigner, deriveKey, splitSigned } from '../../lib/session/signer.js';
import { mutate, mutations } from '../support/mutations.js';
import { loadSha256Vectors, loadSignerVectors } from '../support/session-vectors.js';

const { vectors, source } = loadSignerVectors();
const sha256 = loadSha256Vectors();

describe(`itsdangerous Signer vectors (${source})`, () => {
  it('holds every case the brief names', () => {
    expect(vectors.positive.length).toBeGreaterThan(0);
    expect(vectors.negative.length).toBeGreaterThan(0);
    expect(vectors.noncanonical_accepted_by_itsdangerous.length).toBeGreaterThan(0);
  });

  describe('derived keys (django-concat)', () => {
    it.each(vectors.derived_keys)('derives the key for $secret_key', ({ secret_key, derived_key_hex }) => {
      expect(deriveKey(secret_key).toString('hex')).toBe(derived_key_hex);
    });
  });

  describe('positive: sign() gives the same bytes and unsign() returns the value', () => {
    it.each(vectors.positive.map((v, i) => ({ ...v, label: `${i}: ${v.note ?? ''}` })))('$label', ({ secret_key, value, signed }) => {
      const signer = createSigner(secret_key);
      expect(signer.sign(value)).toBe(signed);
      expect(signer.unsign(signed)).toEqual({ ok: true, value });
    });
  });

  describe('negative: unsign() refuses', () => {
    it.each(vectors.negative)('$why', ({ secret_key, cookie }) => {
      expect(createSigner(secret_key).unsign(cookie).ok).toBe(false);
    });
  });

  describe('non-canonical forms itsdangerous tolerates: refused here as malformed', () => {
    it.each(vectors.noncanonical_accepted_by_itsdangerous)('$why', ({ secret_key, cookie, canonical }) => {
      const signer = createSigner(secret_key);
      expect(signer.unsign(cookie)).toEqual({ ok: false, reason: 'malformed' });
      expect(signer.unsign(canonical).ok).toBe(true);
    });
  });
});

describe('reasons', () => {
  const signer = createSigner('k');
  const good = signer.sign('0123456789abcdef0123456789abcdef');

  it('calls a well-formed signature that does not match a bad signature', () => {
    const flipped = good.slice(0, -2) + (good.at(-2) === 'A' ? 'B' : 'A') + good.at(-1);
    expect(signer.unsign(flipped)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('calls a missing separator or a wrong-length signature malformed', () => {
    expect(signer.unsign(good.replace('.', ''))).toEqual({ ok: false, reason: 'malformed' });
    expect(signer.unsign(good + 'A')).toEqual({ ok: false, reason: 'malformed' });
    expect(signer.unsign(good.slice(0, -1))).toEqual({ ok: false, reason: 'malformed' });
  });

  it('splits at the last dot', () => {
    expect(splitSigned(createSigner('k').sign('a.b.c'), 'sha1')?.value).toBe('a.b.c');
  });
});

describe('when SESSION_DIGEST is sha256 (itsdangerous digest_method=hashlib.sha256)', () => {
  it.each(sha256.positive)('signs $value under $secret_key like itsdangerous', ({ secret_key, value, signed }) => {
    const signer = createSigner(secret_key, 'sha256');
    expect(signer.sign(value)).toBe(signed);
    expect(signed.length - signed.lastIndexOf('.') - 1).toBe(43);
    expect(signer.unsign(signed)).toEqual({ ok: true, value });
  });

  it.each(sha256.negative)('refuses: $why', ({ secret_key, cookie }) => {
    expect(createSigner(secret_key, 'sha256').unsign(cookie).ok).toBe(false);
  });

  it('refuses a sha256 signature under a sha1 signer', () => {
    const first = sha256.positive[0];
    expect(createSigner(first!.secret_key, 'sha1').unsign(first!.signed)).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('properties (fast-check)', () => {
  const signer = createSigner('property-key');
  const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  /** Characters a mutation draws from: the signature alphabet, the separator, padding, the other base64 alphabet, odd bytes. */
  const mutationChars = [...B64URL, '.', '=', '+', '/', ' ', '\u0000', 'é', '\uD800'];

  it('unsign(sign(v)) gives v back for any string v', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (value) => {
        expect(signer.unsign(signer.sign(value))).toEqual({ ok: true, value });
      }),
    );
  });

  it('never throws on any string, and accepts only the exact string sign() makes', () => {
    const signedLike = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.tuple(fc.string(), fc.stringMatching(/^[A-Za-z0-9_=+/-]{25,30}$/)).map(([v, s]) => `${v}.${s}`),
    );
    fc.assert(
      fc.property(signedLike, (input) => {
        const result = signer.unsign(input);
        expect(['malformed', 'bad-signature', undefined]).toContain(result.ok ? undefined : result.reason);
        if (result.ok) expect(signer.sign(result.value)).toBe(input);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses every other last character of the signature, spare-bit variants included', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const good = signer.sign(value);
        for (const ch of B64URL) if (ch !== good.at(-1)) expect(signer.unsign(good.slice(0, -1) + ch).ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses every mutation of a valid signed value: a character replaced, inserted or deleted', () => {
    fc.assert(
      fc.property(mutations(mutationChars), (m) => {
        const good = signer.sign(m.id);
        const bad = mutate(good, m);
        fc.pre(bad !== good);
        expect(signer.unsign(bad).ok).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });
});

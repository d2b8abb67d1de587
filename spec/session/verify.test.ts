import { describe, expect, it } from 'vitest';
import { resolveSessionOptions } from '../../lib/session/options.js';
import { createSigner } from '../../lib/session/signer.js';
import { VERIFIED_CACHE_SIZE, checkCookieValue, createSessionCodec } from '../../lib/session/verify.js';
import type { VerifiedCookie } from '../../lib/session/verify.js';

const options = resolveSessionOptions({ secretKey: 'current', secretKeyFallbacks: ['previous'], production: false });
const ID = '0123456789abcdef0123456789abcdef';

describe('createSessionCodec', () => {
  it('signs with the current key only', () => {
    expect(createSessionCodec(options).sign(ID)).toBe(createSigner('current').sign(ID));
  });

  it('marks cookies signed with a fallback key as stale', () => {
    const codec = createSessionCodec(options);
    expect(codec.verify(createSigner('current').sign(ID))).toEqual({ ok: true, id: ID, stale: false });
    expect(codec.verify(createSigner('previous').sign(ID))).toEqual({ ok: true, id: ID, stale: true });
  });

  it('gives the same answers on repeated checks (remembered values never widen what is accepted)', () => {
    const codec = createSessionCodec(options);
    const good = codec.sign(ID);
    const forged = ID + good.slice(ID.length, -1) + (good.endsWith('A') ? 'E' : 'A');
    for (let i = 0; i < 3; i++) {
      expect(codec.verify(good).ok).toBe(true);
      expect(codec.verify(forged)).toEqual({ ok: false, reason: 'bad-signature' });
    }
  });

  it('keeps verifying correctly once more values were seen than it remembers', () => {
    const codec = createSessionCodec(options);
    const first = codec.sign(ID);
    codec.verify(first);
    for (let i = 0; i <= VERIFIED_CACHE_SIZE; i++) codec.verify(codec.sign(i.toString(16).padStart(32, '0')));
    expect(codec.verify(first)).toEqual({ ok: true, id: ID, stale: false });
  });
});

describe('the verified-cookie cache', () => {
  const idOf = (i: number): string => i.toString(16).padStart(32, '0');

  it(`remembers at most VERIFIED_CACHE_SIZE (${VERIFIED_CACHE_SIZE}) values, dropping the oldest first`, () => {
    const cache = new Map<string, VerifiedCookie>();
    const codec = createSessionCodec(options, cache);
    for (let i = 0; i < VERIFIED_CACHE_SIZE; i++) codec.verify(codec.sign(idOf(i)));
    expect(cache.size).toBe(VERIFIED_CACHE_SIZE);
    codec.verify(codec.sign(idOf(VERIFIED_CACHE_SIZE)));
    expect(cache.size).toBe(VERIFIED_CACHE_SIZE);
    expect(cache.has(codec.sign(idOf(0)))).toBe(false);
    expect(cache.has(codec.sign(idOf(1)))).toBe(true);
    expect(cache.has(codec.sign(idOf(VERIFIED_CACHE_SIZE)))).toBe(true);
  });

  it('remembers no value that failed, so junk cannot push real sessions out', () => {
    const cache = new Map<string, VerifiedCookie>();
    const codec = createSessionCodec(options, cache);
    const good = codec.sign(ID);
    codec.verify(good);
    for (let i = 0; i < 100; i++) codec.verify(`${idOf(i)}.${'A'.repeat(27)}`);
    expect([...cache.keys()]).toEqual([good]);
  });
});

describe('checkCookieValue', () => {
  const codec = createSessionCodec(options);
  it('says missing for no value, otherwise the id or the reason', () => {
    expect(checkCookieValue(codec, undefined)).toEqual({ ok: false, reason: 'missing' });
    expect(checkCookieValue(codec, codec.sign(ID))).toEqual({ ok: true, session_id: ID });
    expect(checkCookieValue(codec, 'nope')).toEqual({ ok: false, reason: 'malformed' });
  });
});

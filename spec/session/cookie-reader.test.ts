import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCookieValue } from '../../lib/session/cookie-header.js';
import { mutate, mutations } from '../support/mutations.js';
import { createCookieReader } from '../../lib/session/cookie-reader.js';
import { signSessionId } from '../../lib/session/sign-session-id.js';

const KEY = 'reader-test-key';
const ID = '0123456789abcdef0123456789abcdef';
const read = createCookieReader({ loadEnv: false, secretKey: KEY, secretKeyFallbacks: ['old-key'] });

describe('createCookieReader', () => {
  it('returns the id of a valid cookie', () => {
    expect(read(`a=1; jp_token=${signSessionId(ID, KEY)}`)).toEqual({ ok: true, session_id: ID });
  });

  it('accepts a cookie signed with a fallback key, like the middleware', () => {
    expect(read(`jp_token=${signSessionId(ID, 'old-key')}`)).toEqual({ ok: true, session_id: ID });
  });

  it.each([undefined, '', 'other=1', 'jp_token='])('says missing for %s', (header) => {
    expect(read(header)).toEqual({ ok: false, reason: 'missing' });
  });

  it('says bad-signature for a cookie signed with another key', () => {
    expect(read(`jp_token=${signSessionId(ID, 'someone-else')}`)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it.each(['junk', `${ID}.`, `${signSessionId(ID, KEY)}=`, '.' + signSessionId('', KEY).slice(1)])('says malformed for %s', (value) => {
    expect(read(`jp_token=${value}`)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('answers ok with a null id for anything when SESSIONS is off', () => {
    const off = createCookieReader({ loadEnv: false, sessions: false, secretKey: KEY });
    expect(off(undefined)).toEqual({ ok: true, session_id: null });
    expect(off('jp_token=junk')).toEqual({ ok: true, session_id: null });
  });

  it('uses the __Host- name when the prefix is on', () => {
    const prefixed = createCookieReader({ loadEnv: false, secretKey: KEY, hostPrefix: true });
    expect(prefixed(`__Host-jp_token=${signSessionId(ID, KEY)}`)).toEqual({ ok: true, session_id: ID });
    expect(prefixed(`jp_token=${signSessionId(ID, KEY)}`)).toEqual({ ok: false, reason: 'missing' });
  });

  it('reads sha256 cookies when SESSION_DIGEST is sha256', () => {
    const r = createCookieReader({ loadEnv: false, secretKey: KEY, digest: 'sha256' });
    expect(r(`jp_token=${signSessionId(ID, KEY, 'sha256')}`)).toEqual({ ok: true, session_id: ID });
    expect(r(`jp_token=${signSessionId(ID, KEY, 'sha1')}`)).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('the secret key check at construction', () => {
  it('refuses the default key under production, saying what to set', () => {
    expect(() => createCookieReader({ loadEnv: false, production: true })).toThrow(/SECRET_KEY is the public default.*Set SECRET_KEY/s);
  });

  it('refuses an empty key under production', () => {
    expect(() => createCookieReader({ loadEnv: false, production: true, secretKey: '' })).toThrow(/SECRET_KEY is empty/);
  });

  it('warns loudly, naming SECRET_KEY, outside production', () => {
    const warnings: string[] = [];
    createCookieReader({ loadEnv: false, production: false, warn: (m) => warnings.push(m) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/WARNING: SECRET_KEY is the public default/);
  });

  it('says nothing with a real key, and allows any key when SESSIONS is off', () => {
    const warnings: string[] = [];
    createCookieReader({ loadEnv: false, production: true, secretKey: KEY, warn: (m) => warnings.push(m) });
    createCookieReader({ loadEnv: false, production: true, sessions: false, warn: (m) => warnings.push(m) });
    expect(warnings).toEqual([]);
  });
});

describe('properties of the reader the middleware and the socket handshake share (fast-check)', () => {
  const canonical = (id: string): string[] => [signSessionId(id, KEY), signSessionId(id, 'old-key')];
  const headerPart = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.constantFrom('jp_token=', 'jp_token', ';', '; ', '=', '"', '%', '%2E', ' ', 'j:', 's:', '__proto__=', 'constructor='),
    fc.stringMatching(/^[0-9a-f]{32}\.[A-Za-z0-9_-]{27}$/),
    fc.stringMatching(/^[0-9a-f]{32}$/).map((id) => signSessionId(id, KEY)),
  );
  const header = fc.array(headerPart, { maxLength: 8 }).map((parts) => parts.join(''));

  it('never throws, answers a CookieCheck, and accepts only a value exactly as signSessionId makes it', () => {
    fc.assert(
      fc.property(header, (h) => {
        const check = read(h);
        if (!check.ok) {
          expect(['missing', 'malformed', 'bad-signature']).toContain(check.reason);
          return;
        }
        expect(canonical(check.session_id as string)).toContain(readCookieValue(h, 'jp_token'));
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses every mutation of a valid cookie that changes the value it carries', () => {
    fc.assert(
      fc.property(mutations([...'AZaz09-_.=+/;"% \t,\u0000é']), (m) => {
        const bad = mutate(`jp_token=${signSessionId(m.id, KEY)}`, m, 'jp_token='.length);
        if (read(bad).ok) expect(readCookieValue(bad, 'jp_token')).toBe(signSessionId(m.id, KEY));
      }),
      { numRuns: 5000 },
    );
  });
});

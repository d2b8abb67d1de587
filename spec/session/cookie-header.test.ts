import { describe, expect, it } from 'vitest';
import { createCookieWriter, readCookieValue } from '../../lib/session/cookie-header.js';
import { resolveSessionOptions } from '../../lib/session/options.js';

const writer = (options = {}) => createCookieWriter(resolveSessionOptions({ production: false, ...options }));

describe('readCookieValue', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['other=1', undefined],
    ['jp_token=', undefined],
    ['jp_token=  ; a=b', undefined],
    ['jp_token=abc', 'abc'],
    ['a=b; jp_token=abc; c=d', 'abc'],
    ['jp_token=first; jp_token=second', 'first'],
    ['jp_token="quoted"', 'quoted'],
    ['jp_token=a%2Eb', 'a.b'],
    ['jp_token=%E0%A4%A', '%E0%A4%A'],
    ['xjp_token=abc', undefined],
  ])('%s gives %s', (header, value) => {
    expect(readCookieValue(header, 'jp_token')).toBe(value);
  });

  it('ignores names inherited from Object.prototype', () => {
    expect(readCookieValue('a=constructor', 'constructor')).toBeUndefined();
  });
});

describe('createCookieWriter', () => {
  it("writes JustPy's attributes", () => {
    expect(writer().issue('v', false)).toBe('jp_token=v; Max-Age=604800; Path=/; HttpOnly; SameSite=Lax');
  });

  it('adds Secure when asked', () => {
    expect(writer().issue('v', true)).toBe('jp_token=v; Max-Age=604800; Path=/; HttpOnly; Secure; SameSite=Lax');
  });

  it('clears with the same attributes and Max-Age=0', () => {
    expect(writer().clear(false)).toBe('jp_token=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax');
  });

  it('writes Domain, Path, SameSite and the max age from the options', () => {
    const w = writer({ domain: 'example.com', path: '/app', sameSite: 'strict', maxAge: 60, cookieName: 'sid' });
    expect(w.issue('v', false)).toBe('sid=v; Max-Age=60; Domain=example.com; Path=/app; HttpOnly; SameSite=Strict');
  });

  it('names the cookie __Host-… with the prefix', () => {
    const w = writer({ hostPrefix: true });
    expect(w.name).toBe('__Host-jp_token');
    expect(w.issue('v', true)).toBe('__Host-jp_token=v; Max-Age=604800; Path=/; HttpOnly; Secure; SameSite=Lax');
  });

  it.each([{ cookieName: 'bad name' }, { cookieName: 'a;b' }, { domain: 'exa mple.com' }, { path: '/a;b' }])(
    'refuses impossible settings at start-up: %o',
    (options) => {
      expect(() => writer(options)).toThrow(/jpSession: invalid cookie settings/);
    },
  );
});

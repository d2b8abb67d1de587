import { describe, expect, it } from 'vitest';
import { DEFAULTS, resolveSessionOptions, wireCookieName } from '../../lib/session/options.js';

describe('resolveSessionOptions', () => {
  it("defaults to JustPy's settings", () => {
    const o = resolveSessionOptions({ production: false });
    expect(o).toMatchObject({
      sessions: true,
      cookieName: 'jp_token',
      secretKey: '$$$my_secret_string$$$',
      secretKeyFallbacks: [],
      maxAge: 604800,
      digest: 'sha1',
      secure: 'auto',
      sameSite: 'lax',
      domain: undefined,
      path: '/',
      hostPrefix: false,
      rolling: false,
      onBadCookie: 'reject',
    });
    expect(Object.isFrozen(o)).toBe(true);
  });

  it('ignores options given as undefined', () => {
    expect(resolveSessionOptions({ cookieName: undefined, maxAge: undefined }).cookieName).toBe('jp_token');
  });

  it('generates 32 lowercase hex ids, like uuid4().hex', () => {
    const ids = new Set(Array.from({ length: 100 }, () => DEFAULTS.generateId()));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
  });

  it.each([
    [{ maxAge: 0 }, /maxAge/],
    [{ maxAge: 1.5 }, /maxAge/],
    [{ maxAge: Number.NaN }, /maxAge/],
    [{ digest: 'md5' as never }, /digest/],
    [{ secure: 'yes' as never }, /secure/],
    [{ sameSite: 'loose' as never }, /sameSite/],
    [{ sameSite: 'none' as const, secure: false }, /sameSite none needs secure/],
    [{ onBadCookie: 'ignore' as never }, /onBadCookie/],
    [{ secretKeyFallbacks: [1] as never }, /secretKeyFallbacks/],
    [{ hostPrefix: true, secure: false }, /__Host-/],
    [{ hostPrefix: true, path: '/app' }, /__Host-/],
    [{ hostPrefix: true, domain: 'example.com' }, /__Host-/],
  ])('throws a TypeError for %o', (options, message) => {
    expect(() => resolveSessionOptions(options)).toThrow(message);
  });

  it("refuses unknown options, such as express-session's `secret`", () => {
    expect(() => resolveSessionOptions({ secret: 'x' } as never)).toThrow(/unknown option "secret"/);
  });

  it('makes the __Host- prefix Secure by default and prefixes the name', () => {
    const o = resolveSessionOptions({ hostPrefix: true });
    expect(o.secure).toBe(true);
    expect(wireCookieName(o)).toBe('__Host-jp_token');
  });
});

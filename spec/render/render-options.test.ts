import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../lib/render/render-limits.js';
import { resolveRendererOptions } from '../../lib/render/render-options.js';

const session = false as const;

describe('resolveRendererOptions', () => {
  it('fills in the documented defaults', () => {
    const r = resolveRendererOptions({ session });
    expect(r.basePath).toBe('/_jp');
    expect(r.wsPath).toBe('/_jp/ws');
    expect(r.limits).toEqual({
      maxMessageBytes: 65536,
      maxPagesPerSession: 50,
      maxPages: 20000,
      pageGraceMs: 30000,
      unclaimedPageMs: 60000,
      maxSocketsPerPage: 8,
      heartbeatMs: 30000,
      maxQueuedEventsPerPage: 256,
      maxEventsPerSocketPerSecond: 100,
      maxSockets: 20000,
      maxBufferedBytesPerSocket: 262144,
      closeTimeoutMs: 2000,
      upgradeTimeoutMs: 10000,
      maxUnansweredUpgrades: 1000,
      logLinesPerCode: 20,
      logWindowMs: 60000,
      healthStoreTimeoutMs: 500,
      healthCacheMs: 1000,
      drainNoticeMs: 4000,
      drainTimeoutMs: 10000,
    });
    expect(DEFAULT_LIMITS).toEqual(r.limits);
  });

  it('draws a random instance id for each renderer unless one is given', () => {
    const [a, b] = [resolveRendererOptions({ session }).instanceId, resolveRendererOptions({ session }).instanceId];
    expect(a).toMatch(/^[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
    expect(resolveRendererOptions({ session, instanceId: 'web-1.eu_2' }).instanceId).toBe('web-1.eu_2');
  });

  it.each([[''], ['a b'], ['a/b'], ['x'.repeat(65)], [42]])('throws for instanceId %j', (instanceId) => {
    expect(() => resolveRendererOptions({ session, instanceId: instanceId as string })).toThrow(/instanceId must be 1 to 64/);
  });

  it('takes a partial limits object over the defaults', () => {
    expect(resolveRendererOptions({ session, limits: { maxPages: 5 } }).limits.maxPagesPerSession).toBe(50);
  });

  it.each([['_jp'], ['/_jp/'], ['/a b']])('throws for basePath %j', (basePath) => {
    expect(() => resolveRendererOptions({ session, basePath })).toThrow(TypeError);
  });

  it.each([[0], [-1], [1.5], [Number.NaN]])('throws for a limit of %s', (n) => {
    expect(() => resolveRendererOptions({ session, limits: { pageGraceMs: n } })).toThrow(/pageGraceMs/);
  });

  describe('securityHeaders', () => {
    it('by default forbid framing by other sites and MIME sniffing', () => {
      expect(resolveRendererOptions({ session }).securityHeaders).toEqual({
        'Content-Security-Policy': "frame-ancestors 'self'",
        'X-Content-Type-Options': 'nosniff',
      });
    });

    it('are replaced as a whole by the option', () => {
      expect(resolveRendererOptions({ session, securityHeaders: {} }).securityHeaders).toEqual({});
    });

    it.each([
      [{ 'Bad Name': 'x' }],
      [{ 'X-Ok': 'line\r\nInjected: 1' }],
      [{ 'X-Ok': 1 as unknown as string }],
    ])('throw at construction for %j', (securityHeaders) => {
      expect(() => resolveRendererOptions({ session, securityHeaders })).toThrow(/securityHeaders/);
    });
  });

  describe('allowedOrigins', () => {
    it('by default allows the origin whose host is the Host header, whatever the default port', () => {
      const { isAllowedOrigin } = resolveRendererOptions({ session });
      expect(isAllowedOrigin('http://127.0.0.1:8000', '127.0.0.1:8000')).toBe(true);
      expect(isAllowedOrigin('https://example.com', 'example.com:443')).toBe(true);
      expect(isAllowedOrigin('http://evil.example', '127.0.0.1:8000')).toBe(false);
      expect(isAllowedOrigin('http://127.0.0.1:9000', '127.0.0.1:8000')).toBe(false);
      expect(isAllowedOrigin('null', '127.0.0.1:8000')).toBe(false);
    });

    it('takes a list of origins', () => {
      const { isAllowedOrigin } = resolveRendererOptions({ session, allowedOrigins: ['https://app.example'] });
      expect(isAllowedOrigin('https://app.example', 'internal:8000')).toBe(true);
      expect(isAllowedOrigin('https://app.example:443', 'internal:8000')).toBe(true);
      expect(isAllowedOrigin('http://app.example', 'internal:8000')).toBe(false);
    });

    it('takes a predicate', () => {
      const { isAllowedOrigin } = resolveRendererOptions({ session, allowedOrigins: (o) => o.endsWith('.test') });
      expect(isAllowedOrigin('http://a.test', 'x')).toBe(true);
      expect(isAllowedOrigin('http://a.example', 'x')).toBe(false);
    });
  });
});

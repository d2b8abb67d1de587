// The generated HAProxy configuration: each line the cluster's promises rest on (affinity from the
// first response, health checks, redispatch, WebSocket timeouts). The cluster suite runs it for real.
import { describe, expect, it } from 'vitest';
import { AFFINITY_COOKIE, haproxyConfig, markDownMs, minDrainNoticeMs } from '../../../demo/cluster/haproxy-config.js';
import { DEFAULT_LIMITS } from '../../../lib/render/render-limits.js';
import { findExecutable, HAPROXY_MISSING, REDIS_SERVER_MISSING } from '../../../demo/cluster/executables.js';

const servers = [
  { name: 'i1', host: '127.0.0.1', port: 40001 },
  { name: 'i2', host: '127.0.0.1', port: 40002 },
];
const lines = (text: string): string[] => text.split('\n').map((l) => l.trim());

describe('haproxyConfig', () => {
  it('inserts an affinity cookie on the first response and routes each server by its instance id', () => {
    const config = lines(haproxyConfig({ bind: { host: '127.0.0.1', port: 8000 }, servers }));
    expect(config).toContain('bind 127.0.0.1:8000');
    expect(config).toContain(`cookie ${AFFINITY_COOKIE} insert indirect nocache httponly attr "SameSite=Lax"`);
    expect(config).toContain('server i1 127.0.0.1:40001 check cookie i1');
    expect(config).toContain('server i2 127.0.0.1:40002 check cookie i2');
  });

  it("checks the renderer's health endpoint and moves traffic off a server that fails it or refuses connections", () => {
    const config = lines(haproxyConfig({ bind: { host: '127.0.0.1', port: 8000 }, servers, checkIntervalMs: 500, fall: 3 }));
    expect(config).toContain('option httpchk GET /_jp/health');
    expect(config).toContain('http-check expect status 200');
    expect(config).toContain('default-server inter 500ms fall 3 rise 2');
    expect(config).toContain('option redispatch 1');
    expect(config).toContain('retries 3');
    expect(config).not.toContain('option persist');
  });

  describe('and the drain notice of the instances', () => {
    const bind = { host: '127.0.0.1', port: 8000 };

    it('marks a draining instance down within fall × inter + timeout check, the values it writes', () => {
      const config = lines(haproxyConfig({ bind, servers, checkIntervalMs: 700, fall: 3, drainNoticeMs: 10_000 }));
      expect(config).toContain('default-server inter 700ms fall 3 rise 2');
      expect(config).toContain('timeout check 700ms');
      expect(markDownMs({ checkIntervalMs: 700, fall: 3 })).toBe(3 * 700 + 700);
      expect(minDrainNoticeMs({ checkIntervalMs: 700, fall: 3 })).toBe(3 * 700 + 700 + 700);
    });

    it('with its defaults, leaves the default drainNoticeMs one check interval to spare', () => {
      expect(markDownMs()).toBe(3000);
      expect(DEFAULT_LIMITS.drainNoticeMs).toBeGreaterThanOrEqual(minDrainNoticeMs());
      expect(() => haproxyConfig({ bind, servers })).not.toThrow();
    });

    it('refuses checks the notice does not cover, at the notice and one ms past it', () => {
      const slow = { checkIntervalMs: 2000, fall: 2 }; // down within 6000 ms, notice needed 8000
      expect(() => haproxyConfig({ bind, servers, ...slow })).toThrow(/drainNoticeMs \(4000\) must be at least that plus one interval, 8000/);
      expect(() => haproxyConfig({ bind, servers, ...slow, drainNoticeMs: 7999 })).toThrow(/8000/);
      expect(() => haproxyConfig({ bind, servers, ...slow, drainNoticeMs: 8000 })).not.toThrow();
    });
  });

  it('lets WebSockets live as tunnels, and frees one whose client closed its side after 5 s', () => {
    const config = lines(haproxyConfig({ bind: { host: '127.0.0.1', port: 8000 }, servers }));
    expect(config).toContain('timeout tunnel 1h');
    expect(config).toContain('timeout client-fin 5s');
  });

  it('without affinity (the negative control) has no cookie at all', () => {
    const config = haproxyConfig({ bind: { host: '127.0.0.1', port: 8000 }, servers, affinity: false });
    expect(config).not.toMatch(/cookie/);
    expect(lines(config)).toContain('server i1 127.0.0.1:40001 check');
  });

  it('refuses no servers and a server name HAProxy could misread', () => {
    expect(() => haproxyConfig({ bind: { host: '127.0.0.1', port: 8000 }, servers: [] })).toThrow(/at least one server/);
    expect(() => haproxyConfig({ bind: { host: '127.0.0.1', port: 8000 }, servers: [{ name: 'a b', host: '127.0.0.1', port: 1 }] })).toThrow(
      /bad server name/,
    );
  });
});

describe('finding the cluster tools', () => {
  it('finds an executable on PATH, says undefined for a missing one, and names the apt package to install', () => {
    expect(findExecutable('sh')).toMatch(/\/sh$/);
    expect(findExecutable('no-such-tool-jp-cluster')).toBeUndefined();
    expect(HAPROXY_MISSING).toBe('haproxy is missing: apt-get install -y haproxy');
    expect(REDIS_SERVER_MISSING).toBe('redis-server is missing: apt-get install -y redis-server');
  });
});

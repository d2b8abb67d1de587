// Three demo instances on one redis-server behind HAProxy: one session's clicks from sockets on all
// three add up exactly; a first visit's socket reaches its page's instance (cookie affinity from the
// first response); another session's page token is refused on every instance like an unknown page.
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { freePort } from '../../demo/cluster/free-port.js';
import { haproxyConfig } from '../../demo/cluster/haproxy-config.js';
import { startHaproxy } from '../../demo/cluster/haproxy.js';
import { WS_QUERY, type BootData } from '../../lib/render/wire.js';
import { signSessionId } from '../../lib/session/index.js';
import { Clicker, countBy, healthOf, openVisitors } from '../support/cluster-load.js';
import { CLUSTER_KEY, useCluster } from '../support/cluster-suite.js';

const suite = useCluster(3);
const client = (url?: string) => suite.client({ url });

async function wrongInstanceTotal(): Promise<number> {
  const reports = await Promise.all(suite.cluster.instances.map((i) => healthOf(i.url)));
  return reports.reduce((sum, r) => sum + r.report.wrong_instance, 0);
}

describe('one session on three instances', () => {
  it('60 sockets, 100 clicks each: the store counts exactly 6,000, as many as were acknowledged', async () => {
    const sid = 'c1'.repeat(16);
    const root = await client();
    const pages = await openVisitors(root, 60, (visitor) => visitor.as(sid).open('/session_test'));
    const perInstance = countBy(pages, (p) => p.boot.instance);
    expect(Object.keys(perInstance).sort()).toEqual(['i1', 'i2', 'i3']);
    for (const n of Object.values(perInstance)) expect(n).toBeGreaterThanOrEqual(10); // round robin: 20 each
    const clickers = pages.map((page) => new Clicker(page, sid));
    await Promise.all(clickers.map((c) => c.clickTimes(100)));
    const acked = clickers.reduce((sum, c) => sum + c.acked, 0);
    expect(acked).toBe(6000);
    expect(await suite.store.get(sid, 'events')).toBe(6000);
    const fresh = await root.newVisitor().as(sid).open('/session_test');
    expect(fresh.text()).toContain('Number of Click Events: 6000');
  });
});

describe('affinity from the first visit', () => {
  it('300 new visitors (no cookie): every page socket reaches its own instance, none is closed wrong-instance', async () => {
    const before = await wrongInstanceTotal();
    const root = await client();
    const pages = await openVisitors(root, 300, (visitor) => visitor.open('/session_test'), 20);
    expect(pages.every((p) => p.connected)).toBe(true);
    expect(Object.keys(countBy(pages, (p) => p.boot.instance)).sort()).toEqual(['i1', 'i2', 'i3']);
    expect((await wrongInstanceTotal()) - before).toBe(0);
    await Promise.all(pages.map((p) => p.close()));
  });

  it('the negative control: the same visitors behind round robin without the cookie do reach the wrong instance', async () => {
    const port = await freePort();
    const config = haproxyConfig({
      bind: { host: '127.0.0.1', port },
      servers: suite.cluster.instances.map((i) => ({ name: i.instanceId, host: '127.0.0.1', port: i.port })),
      affinity: false,
    });
    const plain = await startHaproxy({ config, host: '127.0.0.1', port });
    try {
      const before = await wrongInstanceTotal();
      const root = await client(`http://127.0.0.1:${port}`);
      const outcomes = await Promise.all(
        Array.from({ length: 30 }, () => root.newVisitor().open('/session_test').then(() => 'ok', (err: Error) => err.message)),
      );
      const refused = outcomes.filter((o) => /4421 wrong-instance/.test(o)).length;
      expect(refused).toBeGreaterThan(0);
      expect((await wrongInstanceTotal()) - before).toBe(refused);
    } finally {
      await plain.stop();
    }
  });
});

describe("another session's page token", () => {
  it('is refused on every instance exactly like an unknown page: 4404 where the page lives, 4421 elsewhere', async () => {
    const [owner, stranger] = ['0a'.repeat(16), '0b'.repeat(16)];
    const cookieOf = (sid: string): string => `jp_token=${signSessionId(sid, CLUSTER_KEY)}`;
    for (const home of suite.cluster.instances) {
      const page = await (await client(home.url)).as(owner).open('/session_test');
      const boot = page.boot;
      for (const reached of suite.cluster.instances) {
        const foreign = await closeOf(reached.url, boot, boot.page, cookieOf(stranger));
        const unknown = await closeOf(reached.url, boot, 'A'.repeat(22), cookieOf(stranger));
        expect(foreign).toEqual(unknown);
        expect(foreign).toEqual(reached === home ? { code: 4404, reason: 'page-gone' } : { code: 4421, reason: 'wrong-instance' });
      }
      expect(page.connected).toBe(true); // the owner's socket was never touched
    }
  });
});

/** How a socket for `token` (from `boot`'s instance) presented with `cookie` at `instanceUrl` is closed. */
function closeOf(instanceUrl: string, boot: BootData, token: string, cookie: string): Promise<{ code: number; reason: string }> {
  const query = new URLSearchParams({
    [WS_QUERY.page]: token,
    [WS_QUERY.client]: 'probe',
    [WS_QUERY.version]: String(boot.version),
    [WS_QUERY.instance]: boot.instance,
    [WS_QUERY.run]: boot.run,
  });
  const ws = new WebSocket(`${instanceUrl.replace(/^http/, 'ws')}${boot.ws_path}?${query}`, { headers: { cookie }, origin: instanceUrl });
  return new Promise((resolve, reject) => {
    ws.on('message', () => reject(new Error('the socket was accepted (it got a message)')));
    ws.on('error', reject);
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
}

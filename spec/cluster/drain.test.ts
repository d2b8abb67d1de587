// SIGTERM to one of two instances under load: its health check turns 503 first, page loads keep
// getting 200 (HAProxy moves them before the instance stops serving), the events in flight finish
// and are acknowledged, its sockets close with 1001 and its visitors carry on on the other instance.
import { describe, expect, it } from 'vitest';
import type { TestClient } from '../../lib/testing/index.js';
import { Clicker, countBy, healthOf, loadLoop, openVisitors } from '../support/cluster-load.js';
import { sleep, useCluster } from '../support/cluster-suite.js';
import { pollUntil } from '../support/poll.js';

const VISITORS = 20;
const suite = useCluster(2);

describe('SIGTERM to one instance under load', () => {
  it('drains: unhealthy first, no 5xx on page loads, every acknowledged click stored and no other, visitors moved', async () => {
    const { cluster, store } = suite;
    const client = await suite.client({ recover: true });
    const sids = Array.from({ length: VISITORS }, (_, i) => (i + 0x40).toString(16).repeat(16));
    const pages = await openVisitors(client, VISITORS, (visitor, i) => visitor.as(sids[i] as string).open('/session_test'));
    const clickers = pages.map((page, i) => new Clicker(page, sids[i] as string));
    const victim = Object.entries(countBy(pages, (p) => p.boot.instance)).sort((a, b) => b[1] - a[1])[0]![0];
    const drained = cluster.instance(victim);
    const onVictim = clickers.filter((c) => c.page.boot.instance === victim);

    // Page loads while it drains: returning visitors whose affinity cookie names the drained
    // instance, and new visitors without any cookie.
    const returning: TestClient[] = [];
    while (returning.length < 3) {
      const visitor = client.newVisitor();
      if ((await visitor.open('/session_test')).boot.instance === victim) returning.push(visitor);
    }
    const status = async (res: Promise<Response>): Promise<number> => {
      const answer = await res;
      await answer.text();
      return answer.status;
    };
    const loaders = [
      ...returning.map((visitor) => loadLoop(() => status(visitor.fetch('/session_test')))),
      ...Array.from({ length: 2 }, () => loadLoop(() => status(fetch(`${cluster.url}/session_test`)))),
    ];
    for (const c of clickers) c.start();
    await sleep(500);

    const exit = drained.stop(); // SIGTERM
    const unhealthy = await pollUntil(async () => {
      const health = await healthOf(drained.url);
      if (health.status !== 503) throw new Error(`health still ${health.status}`);
      return health.report;
    });
    expect(unhealthy).toMatchObject({ status: 'draining', instance: victim });
    expect(await exit).toBe(0);
    await sleep(2000); // the visitors reconnect, reach the other instance, reload there and click on
    await Promise.all(clickers.map((c) => c.stop()));
    await Promise.all(loaders.map((l) => l.stop()));

    const statuses = loaders.flatMap((l) => l.statuses);
    expect(statuses.length).toBeGreaterThan(10);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(drained.stderr()).toContain('[justpy-ts] draining');
    for (const c of onVictim) {
      expect(c.page.boot.instance).not.toBe(victim);
      expect(c.recoveredAfter(0, victim)).toBeDefined();
    }
    for (const c of clickers) {
      // Drained, not killed: what was taken was finished and acknowledged, what came later was not taken.
      expect(await store.get(c.session_id, 'events')).toBe(c.acked);
    }
  });
});

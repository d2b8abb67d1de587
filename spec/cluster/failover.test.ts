// kill -9 of one of three instances while every visitor clicks: the visitors that were on it have
// a working page from another instance within 5 s (the runtime's way: reconnect, 4421, reload),
// the others notice nothing, and every session's stored count lies between what was acknowledged
// and that plus the one click that may have been in flight when the instance died.
import { describe, expect, it } from 'vitest';
import { Clicker, countBy, openVisitors } from '../support/cluster-load.js';
import { sleep, useCluster } from '../support/cluster-suite.js';

const VISITORS = 30;
/** The product's promise, asserted as an acceptance bound. */
const RECOVERY_BOUND_MS = 5000;
const suite = useCluster(3);

describe('kill -9 of one instance under click load', () => {
  it('moves its visitors to the others within 5 s, leaves the rest alone, and loses no acknowledged click', async () => {
    const sids = Array.from({ length: VISITORS }, (_, i) => i.toString(16).padStart(2, '0').repeat(16));
    const { cluster, store } = suite;
    const client = await suite.client({ recover: true });
    const pages = await openVisitors(client, VISITORS, (visitor, i) => visitor.as(sids[i] as string).open('/session_test'));
    const clickers = pages.map((page, i) => new Clicker(page, sids[i] as string));
    const byInstance = countBy(pages, (p) => p.boot.instance);
    const victim = Object.entries(byInstance).sort((a, b) => b[1] - a[1])[0]![0];
    const onVictim = clickers.filter((c) => c.page.boot.instance === victim);
    const others = clickers.filter((c) => c.page.boot.instance !== victim);
    expect(onVictim.length).toBeGreaterThan(0);

    for (const c of clickers) c.start();
    await sleep(1000);
    await cluster.instance(victim).kill9();
    const killedAt = Date.now();
    // What was sent and not acknowledged when the process was gone: at most one click per visitor.
    const inFlightAtKill = new Map(clickers.map((c) => [c.session_id, c.pending ? 1 : 0]));
    await sleep(RECOVERY_BOUND_MS + 1000);
    await Promise.all(clickers.map((c) => c.stop()));

    const recovery = onVictim.map((c) => c.recoveredAfter(killedAt, victim));
    expect(recovery.every((ms) => ms !== undefined && ms < RECOVERY_BOUND_MS), `recovered after ${JSON.stringify(recovery)} ms`).toBe(true);
    for (const c of onVictim) {
      expect(c.page.boot.instance).not.toBe(victim);
      expect(c.page.errors.map((e) => e.code)).not.toContain('reload-loop');
    }
    for (const c of others) {
      expect([c.page.reloads, c.page.closedWith, c.failed]).toEqual([0, null, 0]); // no disconnect at all
      expect(await store.get(c.session_id, 'events')).toBe(c.acked);
    }
    for (const c of clickers) {
      const stored = (await store.get(c.session_id, 'events')) ?? 0;
      expect(stored).toBeGreaterThanOrEqual(c.acked);
      expect(stored).toBeLessThanOrEqual(c.acked + (inFlightAtKill.get(c.session_id) ?? 0));
      expect(c.acked).toBeGreaterThan(0);
    }
  });
});

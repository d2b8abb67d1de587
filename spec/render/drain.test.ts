// jp.drain(): unhealthy first, business as usual while the load balancer notices, then the events
// in flight finish and are acknowledged, later ones are not taken, and the sockets close with 1001.
import { afterEach, describe, expect, it } from 'vitest';
import { Button } from '../../lib/render/html-components.js';
import { WebPage } from '../../lib/render/webpage.js';
import type { TestClient, TestPage } from '../../lib/testing/index.js';
import { startLiveServer, type LiveServer } from '../support/live-server.js';
import { ManualTimers } from '../support/manual-timers.js';

let srv: LiveServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

const NOTICE_MS = 3000;
const TIMEOUT_MS = 10_000;

interface GatedPage {
  factory: () => WebPage;
  /** From now on clicks wait at the gate ... */
  hold(): void;
  /** ... until this opens it. */
  release(): void;
  /** The counts the handler applied, in order. */
  applied: number[];
}

function gatedPage(): GatedPage {
  let gate: Promise<void> | null = null;
  let open: () => void = () => undefined;
  const applied: number[] = [];
  return {
    applied,
    hold: () => void (gate = new Promise<void>((resolve) => (open = resolve))),
    release: () => open(),
    factory: () => {
      const wp = new WebPage();
      let n = 0;
      new Button({ text: 'Clicks: 0', a: wp }).on('click', async (self) => {
        await gate;
        self.text = `Clicks: ${++n}`;
        applied.push(n);
      });
      return wp;
    },
  };
}

async function serve(gated: GatedPage): Promise<{ s: LiveServer; timers: ManualTimers; client: TestClient }> {
  const timers = new ManualTimers();
  srv = await startLiveServer((app, jp) => app.get('/p', jp.page(gated.factory)), {
    timers,
    limits: { drainNoticeMs: NOTICE_MS, drainTimeoutMs: TIMEOUT_MS },
  });
  return { s: srv, timers, client: await srv.kit() };
}

const COUNTER = /^Clicks: /;
/** For an event that gets no answer: it fails when the test closes its page, never by the kit's timeout. */
const UNTIL_CLOSED = { timeoutMs: 60_000 };
const healthStatus = async (s: LiveServer): Promise<number> => (await fetch(`${s.origin}/_jp/health`)).status;
const turn = (): Promise<void> => new Promise((r) => setTimeout(r, 10));
const closed = async (page: TestPage): Promise<unknown> => page.waitFor(() => page.closedWith);

describe('drain()', () => {
  it('keeps serving pages and events during the notice, with the health check at 503 from the start', async () => {
    const gated = gatedPage();
    const { s, client } = await serve(gated);
    const page = await client.as('alice').open('/p');
    void s.jp.drain(); // the notice period never ends here: these timers do not move
    expect(await healthStatus(s)).toBe(503);
    await page.click(COUNTER);
    expect(page.find(COUNTER).text).toBe('Clicks: 1');
    const late = await client.newVisitor().as('bob').open('/p'); // a page the balancer sent before it noticed
    expect(late.connected).toBe(true);
  });

  it('finishes and acknowledges the event in flight, takes no later one, then closes every tab with 1001', async () => {
    const gated = gatedPage();
    const { s, timers, client } = await serve(gated);
    const page = await client.as('alice').open('/p');
    const other = await client.newVisitor().as('bob').open('/p');
    gated.hold();
    const inFlight = page.click(COUNTER); // waits at the gate
    let finished = false;
    const drained = s.jp.drain().then(() => (finished = true));
    await turn();
    timers.advance(NOTICE_MS);
    await turn();
    // After the notice: not read, so never answered (they fail when the test closes the pages).
    const unanswered = [page, other].map((p) => expect(p.click(COUNTER, UNTIL_CLOSED)).rejects.toThrow(/the page was closed/));
    await turn();
    expect(finished).toBe(false);
    expect(page.connected).toBe(true);
    gated.release();
    const reply = await inFlight;
    expect(page.find(COUNTER).text).toBe('Clicks: 1');
    expect(await closed(page)).toEqual({ code: 1001, reason: 'server-closing' });
    expect(await closed(other)).toEqual({ code: 1001, reason: 'server-closing' });
    await drained;
    expect(gated.applied).toEqual([1]); // the page applied the event in flight and nothing after it
    expect(page.messages.at(-1)).toBe(reply); // nothing came after its ack
    await Promise.all([page.close(), other.close()]);
    await Promise.all(unanswered);
    expect(s.log.codes()).toContain('draining');
  });

  it('closes after drainTimeoutMs even if an event never finishes', async () => {
    const gated = gatedPage();
    const { s, timers, client } = await serve(gated);
    const page = await client.as('alice').open('/p');
    gated.hold();
    const stuck = expect(page.click(COUNTER, UNTIL_CLOSED)).rejects.toThrow(/the page was closed/);
    const drained = s.jp.drain();
    await turn();
    timers.advance(NOTICE_MS);
    await turn();
    timers.advance(TIMEOUT_MS - 1);
    await turn();
    expect(page.connected).toBe(true);
    timers.advance(1);
    expect(await closed(page)).toEqual({ code: 1001, reason: 'server-closing' });
    await drained;
    expect(s.log.warn.some((line) => String(line[0]).endsWith('draining') && (line[1] as { why?: string }).why !== undefined)).toBe(true);
    await page.close();
    await stuck;
  });
});

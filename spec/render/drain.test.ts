// jp.drain(): unhealthy first, business as usual while the load balancer notices, then the events
// in flight finish and are acknowledged, later ones are not taken, and the sockets close with 1001.
import { afterEach, describe, expect, it } from 'vitest';
import { Button } from '../../lib/render/html-components.js';
import { WebPage } from '../../lib/render/webpage.js';
import type { UpdateMessage } from '../../lib/render/wire.js';
import { buttonIdIn } from '../support/counter-page.js';
import { startLiveServer, type LiveServer, type TestSocket } from '../support/live-server.js';
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

async function serve(gated: GatedPage): Promise<{ s: LiveServer; timers: ManualTimers }> {
  const timers = new ManualTimers();
  srv = await startLiveServer((app, jp) => app.get('/p', jp.page(gated.factory)), {
    timers,
    limits: { drainNoticeMs: NOTICE_MS, drainTimeoutMs: TIMEOUT_MS },
  });
  return { s: srv, timers };
}

async function open(s: LiveServer, sid: string): Promise<{ sock: TestSocket; button: string }> {
  const { boot, html } = await s.load('/p', sid);
  const sock = await s.connect(boot, sid);
  expect((await sock.next()).type).toBe('hello');
  return { sock, button: buttonIdIn(html) };
}

const healthStatus = async (s: LiveServer): Promise<number> => (await fetch(`${s.origin}/_jp/health`)).status;
const turn = (): Promise<void> => new Promise((r) => setTimeout(r, 10));

describe('drain()', () => {
  it('keeps serving pages and events during the notice, with the health check at 503 from the start', async () => {
    const gated = gatedPage();
    const { s } = await serve(gated);
    const { sock, button } = await open(s, 'alice');
    void s.jp.drain(); // the notice period never ends here: these timers do not move
    expect(await healthStatus(s)).toBe(503);
    sock.click(1, button);
    const [update] = (await sock.untilAck(1)) as UpdateMessage[];
    expect(update!.changes[0]!.html).toContain('Clicks: 1');
    const late = await open(s, 'bob'); // a page the balancer sent before it noticed
    expect(late.sock.ws.readyState).toBe(late.sock.ws.OPEN);
  });

  it('finishes and acknowledges the event in flight, takes no later one, then closes every socket with 1001', async () => {
    const gated = gatedPage();
    const { s, timers } = await serve(gated);
    const { sock, button } = await open(s, 'alice');
    const other = await open(s, 'bob');
    gated.hold();
    sock.click(1, button); // waits at the gate
    let finished = false;
    const drained = s.jp.drain().then(() => (finished = true));
    await turn();
    timers.advance(NOTICE_MS);
    await turn();
    sock.click(2, button); // after the notice: not read
    other.sock.click(1, other.button);
    await turn();
    expect(finished).toBe(false);
    expect(sock.ws.readyState).toBe(sock.ws.OPEN);
    gated.release();
    const replies = await sock.untilAck(1);
    expect((replies.at(-1) as UpdateMessage).changes[0]!.html).toContain('Clicks: 1');
    expect(await sock.closed).toEqual({ code: 1001, reason: 'server-closing' });
    expect(await other.sock.closed).toEqual({ code: 1001, reason: 'server-closing' });
    await drained;
    expect(gated.applied).toEqual([1]); // the page applied the event in flight and nothing after it
    expect(sock.pending).toBe(0);
    expect(s.log.codes()).toContain('draining');
  });

  it('closes after drainTimeoutMs even if an event never finishes', async () => {
    const gated = gatedPage();
    const { s, timers } = await serve(gated);
    const { sock, button } = await open(s, 'alice');
    gated.hold();
    sock.click(1, button);
    const drained = s.jp.drain();
    await turn();
    timers.advance(NOTICE_MS);
    await turn();
    timers.advance(TIMEOUT_MS - 1);
    await turn();
    expect(sock.ws.readyState).toBe(sock.ws.OPEN);
    timers.advance(1);
    expect(await sock.closed).toEqual({ code: 1001, reason: 'server-closing' });
    await drained;
    expect(s.log.warn.some((line) => String(line[0]).endsWith('draining') && (line[1] as { why?: string }).why !== undefined)).toBe(true);
  });
});

// Events on a page as tabs of justpy-ts/testing send them: order, acks, updates, soft errors.
import type { Request } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventMsg } from '../../lib/render/event-msg.js';
import { Button, Div } from '../../lib/render/html-components.js';
import { Input } from '../../lib/render/input.js';
import type { RendererOptions } from '../../lib/render/render-options.js';
import { WebPage } from '../../lib/render/webpage.js';
import type { ServerMessage, UpdateMessage } from '../../lib/render/wire.js';
import { EventDispatcher } from '../../lib/render/event-dispatcher.js';
import { PageRegistry } from '../../lib/render/page-registry.js';
import type { PageConnection, PageEntry } from '../../lib/render/page-registry.js';
import { DEFAULT_LIMITS } from '../../lib/render/render-limits.js';
import { PageEventError, type TestPage } from '../../lib/testing/index.js';
import { buttonIdIn, counterRoute, onePagePerSession } from '../support/counter-page.js';
import { captureLog, startLiveServer } from '../support/live-server.js';
import { ManualTimers } from '../support/manual-timers.js';
import type { LiveServer, TestSocket } from '../support/live-server.js';

let srv: LiveServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

async function serve(factory: (req: Request) => WebPage, options: Omit<RendererOptions, 'session'> = {}): Promise<LiveServer> {
  srv = await startLiveServer((app, jp) => {
    app.get('/p', jp.page(factory));
    app.get('/shared', jp.page(onePagePerSession(factory)));
  }, options);
  return srv;
}

/** alice's tab on /p. */
async function open(s: LiveServer, path = '/p'): Promise<TestPage> {
  return (await s.kit()).as('alice').open(path);
}

const COUNTER = /^Clicks: /;
const acks = (msgs: readonly ServerMessage[]): number[] => msgs.flatMap((m) => ((m.type === 'update' || m.type === 'error') && m.ack !== undefined ? [m.ack] : []));
const oneTo = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

describe('event order', () => {
  it('applies 100 rapid clicks in order, each once, with one ack each', async () => {
    const { factory, built } = counterRoute();
    const page = await open(await serve(factory));
    const button = page.find(COUNTER).id;
    const replies = await Promise.all(oneTo(100).map(() => page.click(COUNTER)));
    expect(replies.map((r) => r.type === 'update' && r.ack)).toEqual(oneTo(100));
    expect(acks(page.messages)).toEqual(oneTo(100));
    expect(built[0]!.applied).toEqual(oneTo(100));
    expect(replies.at(-1)!.changes).toEqual([{ id: button, html: expect.stringContaining('>Clicks: 100</button>') }]);
    expect(page.find(COUNTER).text).toBe('Clicks: 100');
  });

  it('closes a tab that overflows maxQueuedEventsPerPage with 1008 too-many-events, failing its events', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const s = await serve(
      () => {
        const wp = new WebPage();
        new Button({ text: 'slow', a: wp }).on('click', () => gate);
        return wp;
      },
      { limits: { maxQueuedEventsPerPage: 2 } },
    );
    const page = await open(s);
    const clicks = oneTo(4).map(() => page.click('slow').catch((err: unknown) => err));
    expect(await page.waitFor(() => page.closedWith)).toEqual({ code: 1008, reason: 'too-many-events' });
    release();
    for (const failure of await Promise.all(clicks)) expect(String(failure)).toMatch(/closed with 1008 too-many-events/);
    expect(s.log.codes()).toContain('too-many-events');
  });
});

describe('updates', () => {
  it('reach every tab of the page, the ack only the tab whose event it was', async () => {
    const s = await serve(counterRoute().factory);
    const a = await open(s, '/shared');
    const b = await open(s, '/shared');
    const toA = await a.click(COUNTER);
    await b.waitFor('Clicks: 1');
    const toB = b.messages.at(-1)!;
    expect(toA.changes![0]!.html).toContain('Clicks: 1');
    expect(toB).toEqual({ ...toA, ack: undefined, version: toA.version });
    expect('ack' in toB).toBe(false);
  });

  it('send only the ack when the handler returns true, and the change with the next update', async () => {
    let n = 0;
    const page = await open(await serve(() => {
      const wp = new WebPage();
      new Button({ text: 'quiet', a: wp }).on('click', (self) => {
        self.text = `n=${++n}`;
        return n === 1 ? true : undefined;
      });
      return wp;
    }));
    expect(await page.click('quiet')).toEqual({ type: 'update', version: 0, changes: [], ack: 1 });
    expect(page.has('quiet')).toBe(true);
    const update = await page.click('quiet');
    expect(update).toMatchObject({ ack: 2 });
    expect(update.changes![0]!.html).toContain('n=2');
    expect(page.find({ css: 'button' }).text).toBe('n=2');
  });

  it('push mid-way on await wp.update(), then the rest with the ack', async () => {
    const page = await open(await serve(() => {
      const wp = new WebPage();
      const status = new Div({ text: 'idle', a: wp });
      new Button({ text: 'go', a: wp }).on('click', async (_self, msg) => {
        status.text = 'working';
        await msg.page.update();
        status.text = 'done';
        msg.page.display_url = 'done_page';
      });
      return wp;
    }));
    const reply = await page.click('go');
    expect(page.messages.map((m) => m.type)).toEqual(['hello', 'update', 'update']);
    const [, mid, end] = page.messages as [ServerMessage, UpdateMessage, UpdateMessage];
    expect(end).toBe(reply);
    expect(mid.ack).toBeUndefined();
    expect(mid.changes[0]!.html).toContain('working');
    expect(end.changes[0]!.html).toContain('done');
    expect(end.page_options).toEqual({ display_url: 'done_page' });
    expect(end.version).toBe(mid.version + 1);
    expect(page.has('done')).toBe(true);
    expect(page.url).toMatch(/\/done_page$/);
  });

  it('apply an input value before the click handler that reads it', async () => {
    let read = '';
    const page = await open(await serve(() => {
      const wp = new WebPage();
      const name = new Input({ type: 'text', name: 'user', a: wp });
      new Button({ text: 'sign in', a: wp }).on('click', () => {
        read = String(name.value);
        return true;
      });
      return wp;
    }));
    const typed = page.type({ name: 'user' }, 'bob'); // not awaited: the click follows at once
    await page.click('sign in');
    await typed;
    expect(read).toBe('bob');
  });
});

describe('soft errors', () => {
  it.each([
    ['throws', false],
    ['rejects after an await', true],
  ])('reports a handler that %s, pushes what it changed, and the page keeps working', async (_name, isAsync) => {
    const s = await serve(() => {
      const wp = new WebPage();
      const status = new Div({ text: 'idle', a: wp });
      let calls = 0;
      const sync = (): void => {
        status.text = `call ${++calls}`;
        if (calls === 1) throw new Error('handler bug');
      };
      new Button({ text: 'x', a: wp }).on('click', isAsync ? async () => {
        await new Promise((r) => setImmediate(r));
        sync();
      } : sync);
      return wp;
    });
    const page = await open(s);
    const failure = await page.click('x').catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(PageEventError);
    const [, pushed, error] = page.messages as [ServerMessage, UpdateMessage, ServerMessage];
    expect(page.messages).toHaveLength(3);
    expect(pushed.changes[0]!.html).toContain('call 1');
    expect(pushed.ack).toBeUndefined();
    expect(page.has('call 1')).toBe(true);
    expect(error).toEqual({ type: 'error', code: 'handler-error', message: expect.any(String), ack: 1 });
    expect((failure as PageEventError).reply).toBe(error);
    expect(JSON.stringify(error)).not.toContain('handler bug');
    expect(s.log.error[0]![0]).toBe('[justpy-ts] handler-error');
    expect(s.log.error[0]![1]).toEqual({ page: page.boot.page, component: page.find('x').id, event: 'click' });
    await page.click('x');
    expect(page.has('call 2')).toBe(true);
  });

  it('reports an event the component does not handle', async () => {
    const page = await open(await serve(() => {
      const wp = new WebPage();
      new Button({ text: 'plain', a: wp });
      return wp;
    }));
    // The kit refuses to click what does not listen, as the runtime sends nothing; send() sends it anyway.
    const failure = await page.send({ component: page.find('plain').id, event_type: 'click' }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(PageEventError);
    expect((failure as PageEventError).reply).toMatchObject({ type: 'error', code: 'no-handler', ack: 1 });
  });
});

// Raw sockets: these frames carry what no runtime sends (a seq again, a session_id field).
describe('frames the runtime never sends', () => {
  async function rawOpen(s: LiveServer): Promise<{ sock: TestSocket; html: string; page: string }> {
    const { boot, html } = await s.load('/p', 'alice');
    const sock = await s.connect(boot, 'alice');
    expect((await sock.next()).type).toBe('hello');
    return { sock, html, page: boot.page };
  }

  it('acks a resent seq without applying it again', async () => {
    const { factory, built } = counterRoute();
    const { sock, html } = await rawOpen(await serve(factory));
    const button = buttonIdIn(html);
    sock.click(1, button);
    await sock.untilAck(1);
    sock.click(1, button);
    expect(await sock.next()).toEqual({ type: 'update', version: expect.any(Number), changes: [], ack: 1 });
    sock.click(2, button);
    await sock.untilAck(2);
    expect(built[0]!.applied).toEqual([1, 2]);
  });

  it('gives the handler the session of the handshake, never one from the payload', async () => {
    const seen: EventMsg[] = [];
    const s = await serve(() => {
      const wp = new WebPage();
      new Button({ text: 'who', a: wp }).on('click', (_self, msg) => {
        seen.push(msg);
        return true;
      });
      return wp;
    });
    const { sock, html, page } = await rawOpen(s);
    sock.click(1, buttonIdIn(html), { session_id: 'mallory', value: 'v' });
    await sock.untilAck(1);
    expect(seen[0]).toMatchObject({ msg_type: 'event', event_type: 'click', id: buttonIdIn(html), session_id: 'alice', value: 'v' });
    expect(seen[0]!.page.session_id).toBe('alice');
    expect(page).toMatch(/^[\w-]{22}$/);
  });
});

describe('EventDispatcher without a network', () => {
  it('remembers the last seq of at most 64 clients per page, forgetting the oldest', () => {
    const registry = new PageRegistry(DEFAULT_LIMITS, new ManualTimers(), () => Promise.resolve());
    const dispatcher = new EventDispatcher(captureLog().logger, 256);
    const wp = new WebPage();
    const b = new Button({ text: 'b', a: wp }).on('click', () => true);
    const entry = registry.register(wp, 's') as PageEntry;
    const sent: string[] = [];
    const connFor = (client: string): PageConnection => ({ client, session_id: 's', send: (d) => sent.push(d), close: () => {} });
    for (let i = 0; i < 65; i++) dispatcher.onFrame(entry, connFor(`c${i}`), JSON.stringify({ type: 'event', seq: 1, component: b.id, event_type: 'click' }));
    expect(entry.lastSeq!.size).toBe(64);
    expect(entry.lastSeq!.has('c0')).toBe(false);
    expect(entry.lastSeq!.get('c64')).toBe(1);
    expect(sent).toHaveLength(65);
  });
});

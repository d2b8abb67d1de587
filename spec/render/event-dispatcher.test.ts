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
import { buttonIdIn, counterRoute } from '../support/counter-page.js';
import { captureLog, startLiveServer } from '../support/live-server.js';
import { ManualTimers } from '../support/manual-timers.js';
import type { LiveServer, TestSocket } from '../support/live-server.js';

let srv: LiveServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

async function serve(factory: (req: Request) => WebPage, options: Omit<RendererOptions, 'session'> = {}): Promise<LiveServer> {
  srv = await startLiveServer((app, jp) => app.get('/p', jp.page(factory)), options);
  return srv;
}

async function open(s: LiveServer, sid = 'alice', client = 'c1'): Promise<{ sock: TestSocket; html: string; page: string }> {
  const { boot, html } = await s.load('/p', sid);
  const sock = await s.connect(boot, sid, { client });
  expect((await sock.next()).type).toBe('hello');
  return { sock, html, page: boot.page };
}

const acks = (msgs: ServerMessage[]): number[] => msgs.flatMap((m) => ((m.type === 'update' || m.type === 'error') && m.ack !== undefined ? [m.ack] : []));

describe('event order', () => {
  it('applies 100 rapid clicks in order, each once, with one ack each', async () => {
    const { factory, built } = counterRoute();
    const s = await serve(factory);
    const { sock, html } = await open(s);
    const button = buttonIdIn(html);
    for (let seq = 1; seq <= 100; seq++) sock.click(seq, button);
    const msgs = await sock.untilAck(100);
    expect(acks(msgs)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(built[0]!.applied).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    const last = msgs.at(-1) as UpdateMessage;
    expect(last.changes).toEqual([{ id: button, html: expect.stringContaining('>Clicks: 100</button>') }]);
  });

  it('acks a resent seq without applying it again', async () => {
    const { factory, built } = counterRoute();
    const s = await serve(factory);
    const { sock, html } = await open(s);
    const button = buttonIdIn(html);
    sock.click(1, button);
    await sock.untilAck(1);
    sock.click(1, button);
    expect(await sock.next()).toEqual({ type: 'update', version: expect.any(Number), changes: [], ack: 1 });
    sock.click(2, button);
    await sock.untilAck(2);
    expect(built[0]!.applied).toEqual([1, 2]);
  });

  it('closes a socket that overflows maxQueuedEventsPerPage with 1008 too-many-events', async () => {
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
    const { sock, html } = await open(s);
    for (let seq = 1; seq <= 4; seq++) sock.click(seq, buttonIdIn(html));
    expect(await sock.closed).toEqual({ code: 1008, reason: 'too-many-events' });
    release();
    expect(s.log.codes()).toContain('too-many-events');
  });
});

describe('updates', () => {
  it('sends changes to every socket of the page, the ack only to the socket whose event it was', async () => {
    const { factory } = counterRoute();
    const s = await serve(factory);
    const { boot, html } = await s.load('/p', 'alice');
    const a = await s.connect(boot, 'alice', { client: 'tab-a' });
    const b = await s.connect(boot, 'alice', { client: 'tab-b' });
    await a.next();
    await b.next();
    a.click(1, buttonIdIn(html));
    const [toA] = (await a.untilAck(1)) as UpdateMessage[];
    const toB = (await b.next()) as UpdateMessage;
    expect(toA!.changes[0]!.html).toContain('Clicks: 1');
    expect(toB).toEqual({ ...toA, ack: undefined, version: toA!.version });
    expect('ack' in toB).toBe(false);
  });

  it('sends only the ack when the handler returns true, and the change with the next update', async () => {
    let n = 0;
    const s = await serve(() => {
      const wp = new WebPage();
      new Button({ text: 'quiet', a: wp }).on('click', (self) => {
        self.text = `n=${++n}`;
        return n === 1 ? true : undefined;
      });
      return wp;
    });
    const { sock, html } = await open(s);
    sock.click(1, buttonIdIn(html));
    expect(await sock.next()).toEqual({ type: 'update', version: 0, changes: [], ack: 1 });
    sock.click(2, buttonIdIn(html));
    const update = (await sock.next()) as UpdateMessage;
    expect(update.ack).toBe(2);
    expect(update.changes[0]!.html).toContain('n=2');
  });

  it('pushes mid-way on await wp.update(), then the rest with the ack', async () => {
    const s = await serve(() => {
      const wp = new WebPage();
      const status = new Div({ text: 'idle', a: wp });
      new Button({ text: 'go', a: wp }).on('click', async (_self, msg) => {
        status.text = 'working';
        await msg.page.update();
        status.text = 'done';
        msg.page.display_url = 'done_page';
      });
      return wp;
    });
    const { sock, html } = await open(s);
    sock.click(1, buttonIdIn(html));
    const [mid, end] = (await sock.untilAck(1)) as UpdateMessage[];
    expect(mid!.ack).toBeUndefined();
    expect(mid!.changes[0]!.html).toContain('working');
    expect(end!.changes[0]!.html).toContain('done');
    expect(end!.page_options).toEqual({ display_url: 'done_page' });
    expect(end!.version).toBe(mid!.version + 1);
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
    const { sock, html, page } = await open(s);
    sock.click(1, buttonIdIn(html), { session_id: 'mallory', value: 'v' });
    await sock.untilAck(1);
    expect(seen[0]).toMatchObject({ msg_type: 'event', event_type: 'click', id: buttonIdIn(html), session_id: 'alice', value: 'v' });
    expect(seen[0]!.page.session_id).toBe('alice');
    expect(page).toMatch(/^[\w-]{22}$/);
  });

  it('applies an input value before the click handler that reads it', async () => {
    let read = '';
    const s = await serve(() => {
      const wp = new WebPage();
      const name = new Input({ type: 'text', name: 'user', a: wp });
      new Button({ text: 'sign in', a: wp }).on('click', () => {
        read = String(name.value);
        return true;
      });
      return wp;
    });
    const { sock, html } = await open(s);
    const inputId = /<input id="([^"]+)"/.exec(html)![1]!;
    sock.send({ type: 'event', seq: 1, component: inputId, event_type: 'input', value: 'bob' });
    sock.click(2, buttonIdIn(html));
    await sock.untilAck(2);
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
    const { sock, html, page } = await open(s);
    sock.click(1, buttonIdIn(html));
    const [pushed, error] = await sock.untilAck(1);
    expect((pushed as UpdateMessage).changes[0]!.html).toContain('call 1');
    expect((pushed as UpdateMessage).ack).toBeUndefined();
    expect(error).toEqual({ type: 'error', code: 'handler-error', message: expect.any(String), ack: 1 });
    expect(JSON.stringify(error)).not.toContain('handler bug');
    expect(s.log.error[0]![0]).toBe('[justpy-ts] handler-error');
    expect(s.log.error[0]![1]).toEqual({ page, component: buttonIdIn(html), event: 'click' });
    sock.click(2, buttonIdIn(html));
    const [next] = (await sock.untilAck(2)) as UpdateMessage[];
    expect(next!.changes[0]!.html).toContain('call 2');
  });

  it('reports an event the component does not handle', async () => {
    const s = await serve(() => {
      const wp = new WebPage();
      new Button({ text: 'plain', a: wp });
      return wp;
    });
    const { sock, html } = await open(s);
    sock.click(1, buttonIdIn(html));
    expect(await sock.next()).toMatchObject({ type: 'error', code: 'no-handler', ack: 1 });
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

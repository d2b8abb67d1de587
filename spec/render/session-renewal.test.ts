// msg.regenerateSession(): a new session id from inside a click handler. The browser POSTs the
// one-time URL the server sends; that response sets the new cookie; data and pages follow.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Button } from '../../lib/render/html-components.js';
import { WebPage } from '../../lib/render/webpage.js';
import type { RenewMessage, ServerMessage } from '../../lib/render/wire.js';
import { buttonIdIn } from '../support/counter-page.js';
import { ManualTimers } from '../support/manual-timers.js';
import { startLiveServer, type LiveServer, type TestSocket } from '../support/live-server.js';

let srv: LiveServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

const OLD = '0'.repeat(32);

/** A page whose button stores `before` under the old id, renews, then stores `after` and shows both ids. */
async function serve(timers?: ManualTimers): Promise<LiveServer> {
  srv = await startLiveServer(
    (app, jp) =>
      app.get('/p', jp.page(async (req) => {
        const wp = new WebPage();
        const b = new Button({ text: `seen ${(await req.session_data.get('after')) ?? '-'}`, a: wp });
        b.on('click', async (self, msg) => {
          await msg.session_data.set('before', 'x');
          const { old_id, new_id } = await msg.regenerateSession();
          await msg.session_data.set('after', 'y');
          self.text = `${old_id}>${new_id} msg:${msg.session_id} data:${msg.session_data.session_id}`;
        });
        return wp;
      })),
    timers ? { timers } : {},
  );
  return srv;
}

/** The status of the next renewal POST the server answers. */
function nextRenewalStatus(s: LiveServer): Promise<number> {
  return new Promise((resolve) => {
    s.server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
      if (req.method === 'POST' && req.url?.startsWith('/_jp/session')) res.once('finish', () => resolve(res.statusCode));
    });
  });
}

async function openAs(s: LiveServer, sid: string): Promise<{ sock: TestSocket; button: string; page: string }> {
  const { boot, html } = await s.load('/p', sid);
  const sock = await s.connect(boot, sid);
  expect((await sock.next()).type).toBe('hello');
  return { sock, button: buttonIdIn(html), page: boot.page };
}

async function nextRenew(sock: TestSocket): Promise<RenewMessage> {
  const m: ServerMessage = await sock.next();
  expect(m.type).toBe('renew');
  return m as RenewMessage;
}

describe('msg.regenerateSession()', () => {
  it('moves the data and the page to a new id once the browser fetched the new cookie', async () => {
    const s = await serve();
    const answered = nextRenewalStatus(s);
    const client = (await s.kit()).as(OLD);
    const page = await client.open('/p');
    const reply = await page.click(/^seen /); // the kit POSTs the renewal as the runtime does
    const renew = page.messages.find((m): m is RenewMessage => m.type === 'renew');
    expect(renew?.url).toMatch(/^\/_jp\/session\?t=[\w-]{22}$/);
    expect(await answered).toBe(204);
    const new_id = /^([0-9a-f]{32})\./.exec(client.cookie('jp_token')!)![1]!;
    expect(new_id).not.toBe(OLD);
    expect(reply.changes![0]!.html).toContain(`${OLD}&gt;${new_id} msg:${new_id} data:${new_id}`);
    expect(page.find({ css: 'button' }).text).toBe(`${OLD}>${new_id} msg:${new_id} data:${new_id}`);
    // The old cookie is worth nothing now; the new one has all the data.
    expect(await s.session.store!.getAll(OLD)).toEqual({});
    expect(await s.session.store!.getAll(new_id)).toEqual({ before: 'x', after: 'y' });
    expect((await client.newVisitor().as(OLD).open('/p')).text()).toContain('seen -');
    expect((await client.open('/p')).text()).toContain('seen y');
    // The live page follows the session: a reconnect with the new cookie reaches it, the old one does not.
    expect((await page.reconnect()).type).toBe('hello');
    client.as(OLD);
    await expect(page.reconnect()).rejects.toThrow(/closed with 4404 page-gone/);
    expect(page.closedWith).toEqual({ code: 4404, reason: 'page-gone' });
  });
});

// Raw sockets from here on: the kit answers a renewal at once, as the runtime does; these tests hold
// its one-time URL back, to use it wrongly or not at all.
describe('msg.regenerateSession() when the browser does not answer as the runtime does', () => {
  it('refuses the token to another session, to a GET and to an unknown token, and the handler fails', async () => {
    const s = await serve();
    const { sock, button } = await openAs(s, OLD);
    sock.click(1, button);
    const { url } = await nextRenew(sock);
    expect((await fetch(s.origin + url)).status).toBe(405);
    expect((await fetch(s.origin + '/_jp/session?t=nope', { method: 'POST', headers: { cookie: s.cookieFor(OLD) } })).status).toBe(403);
    const thief = await fetch(s.origin + url, { method: 'POST', headers: { cookie: s.cookieFor('1'.repeat(32)) } });
    expect(thief.status).toBe(403);
    expect(thief.headers.getSetCookie()).toEqual([]);
    expect((await sock.untilAck(1)).at(-1)).toMatchObject({ type: 'error', code: 'handler-error', ack: 1 });
    // One-time: the right session cannot use it after the refusal either, and the data stayed.
    expect((await fetch(s.origin + url, { method: 'POST', headers: { cookie: s.cookieFor(OLD) } })).status).toBe(403);
    expect(await s.session.store!.get(OLD, 'before')).toBe('x');
  });

  it('fails the handler when the browser never fetches, leaving the session as it was', async () => {
    const timers = new ManualTimers();
    const s = await serve(timers);
    const { sock, button } = await openAs(s, OLD);
    sock.click(1, button);
    const { url } = await nextRenew(sock);
    timers.advance(10_000);
    expect((await sock.untilAck(1)).at(-1)).toMatchObject({ type: 'error', code: 'handler-error', ack: 1 });
    expect((await fetch(s.origin + url, { method: 'POST', headers: { cookie: s.cookieFor(OLD) } })).status).toBe(403);
    expect(await s.session.store!.get(OLD, 'before')).toBe('x');
  });
});
